"""Django admin: superusers only, with the register readable there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.registry.models import Household
from shared_constants import VILLAGE_A


@pytest.fixture
def household(make_household: Callable[..., Household]) -> Household:
    return make_household(VILLAGE_A, head_name="Budi Santoso")


@pytest.fixture
def root_client(client: Client, db: None) -> Client:
    client.force_login(User.objects.create_superuser("root", password="rahasia-uji-123"))
    return client


def test_superuser_reads_the_register(root_client: Client, household: Household) -> None:
    head = household.members.get(hubungan=1)
    pages = {
        "admin:index": [],
        "admin:registry_household_changelist": [],
        "admin:registry_person_changelist": [],
        "admin:registry_family_changelist": [],
        "admin:regions_region_changelist": [],
        "admin:accounts_user_changelist": [],
        "admin:registry_household_change": [household.pk],
        "admin:registry_person_change": [head.pk],
        "admin:regions_region_change": [VILLAGE_A],
    }
    for name, args in pages.items():
        response = root_client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    change = root_client.get(reverse("admin:registry_household_change", args=[household.pk]))
    body = change.content.decode()
    assert "Budi Santoso" in body  # the members inline
    assert head.nik in body
    found = root_client.get(reverse("admin:registry_person_changelist"), {"q": head.nik})
    assert "Budi Santoso" in found.content.decode()
    found = root_client.get(reverse("admin:regions_region_changelist"), {"q": "18.71.01"})
    assert VILLAGE_A in found.content.decode()


def test_regions_are_read_only(root_client: Client, db: None, regions: None) -> None:
    assert root_client.get(reverse("admin:regions_region_add")).status_code == 403
    url = reverse("admin:regions_region_delete", args=[VILLAGE_A])
    assert root_client.get(url).status_code == 403


def test_user_admin_sets_role_and_region(root_client: Client, regions: None) -> None:
    response = root_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "operator-baru",
            "password1": "Sandi-yang-panjang-123",
            "password2": "Sandi-yang-panjang-123",
            "usable_password": "true",
            "role": Role.OPERATOR_DESA,
            "region": VILLAGE_A,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="operator-baru")
    assert user.role == Role.OPERATOR_DESA
    assert user.region_id == VILLAGE_A


def test_staff_without_superuser_sees_nothing(
    make_user: Callable[..., Any], client: Client, household: Household
) -> None:
    staff = make_user(Role.PUSDATIN)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "registry" not in index.context["app_list"]
    assert index.context["app_list"] == []
    url = reverse("admin:registry_household_change", args=[household.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:registry_person_changelist")).status_code == 403
