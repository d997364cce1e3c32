"""The pemadanan page: who may open it, starting a run as a job, progress and failure shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pemadanan_support import Civreg, build_register

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.identity.models import PemadananRun
from dtks.identity.services_pemadanan import pemadanan_execute
from dtks.jobs.models import JobStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pusdatin(make_user: Callable[..., User], client: Client) -> Client:
    client.force_login(make_user(Role.PUSDATIN))
    return client


def test_start_a_run_and_follow_it(regions: None, civreg: Civreg, pusdatin: Client) -> None:
    register = build_register(civreg.data)
    page = pusdatin.get(reverse("pemadanan:list"))
    assert page.status_code == 200
    assert "Mulai pemadanan" in page.content.decode()
    assert reverse("pemadanan:list") in page.content.decode()  # in the navigation
    response = pusdatin.post(
        reverse("pemadanan:start"), {"target": "register", "max_age_days": "30"}
    )
    run = PemadananRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pemadanan:detail", args=[run.pk])
    assert run.job.status == JobStatus.QUEUED
    assert run.job.task_id  # handed to the background worker
    assert run.created_by is not None
    assert run.created_by.role == Role.PUSDATIN
    waiting = pusdatin.get(reverse("pemadanan:detail", args=[run.pk]))
    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    busy = pusdatin.post(reverse("pemadanan:start"), {"target": "register", "max_age_days": "30"})
    assert busy.status_code == 302
    assert PemadananRun.objects.count() == 1

    pemadanan_execute(run_id=run.pk)  # what the worker does with the task
    partial = pusdatin.get(
        reverse("pemadanan:detail", args=[run.pk]), headers={"HX-Request": "true"}
    )
    body = partial.content.decode()
    assert "hx-trigger" not in body  # finished: polling stops
    assert "Selesai" in body
    assert f"{len(register)} rekaman" in body
    listing = pusdatin.get(reverse("pemadanan:list")).content.decode()
    assert "Belum diperiksa" in listing


def test_failure_is_shown(regions: None, civreg: Civreg, pusdatin: Client, settings: Any) -> None:
    build_register(civreg.data)
    settings.DTKS_CIVREG_RETRIES = 0
    pusdatin.post(reverse("pemadanan:start"), {"target": "register", "max_age_days": "0"})
    run = PemadananRun.objects.get()
    civreg.faults(error_rate=1.0)
    pemadanan_execute(run_id=run.pk)
    body = pusdatin.get(reverse("pemadanan:detail", args=[run.pk])).content.decode()
    assert "Layanan Dukcapil tidak tersedia" in body
    assert "Gagal" in body


def test_not_configured_and_bad_input(regions: None, pusdatin: Client, settings: Any) -> None:
    settings.DTKS_CIVREG_URL = ""
    page = pusdatin.get(reverse("pemadanan:list")).content.decode()
    assert "belum dikonfigurasi" in page
    response = pusdatin.post(
        reverse("pemadanan:start"), {"target": "register", "max_age_days": "30"}, follow=True
    )
    assert "belum dikonfigurasi" in response.content.decode()
    settings.DTKS_CIVREG_URL = "http://127.0.0.1:9"
    response = pusdatin.post(
        reverse("pemadanan:start"), {"target": "register", "max_age_days": "-1"}, follow=True
    )
    assert "Isian tidak valid" in response.content.decode()
    assert not PemadananRun.objects.exists()


@pytest.mark.parametrize(
    ("role", "region", "allowed"),
    [
        (Role.PUSDATIN, None, True),
        (Role.DINSOS_PROVINSI, "18", True),
        (Role.DINSOS_KABKOTA, "18.71", True),
        (Role.OPERATOR_DESA, "18.71.01.1003", False),
        (Role.QA, "18.71", False),
        (Role.PARTNER, None, False),
    ],
)
def test_who_may_open_and_start(
    regions: None,
    make_user: Callable[..., User],
    client: Client,
    settings: Any,
    role: str,
    region: str | None,
    allowed: bool,
) -> None:
    settings.DTKS_CIVREG_URL = "http://127.0.0.1:9"
    client.force_login(make_user(role, region))
    assert client.get(reverse("pemadanan:list")).status_code == (200 if allowed else 403)
    response = client.post(reverse("pemadanan:start"), {"target": "register", "max_age_days": "1"})
    assert response.status_code == (302 if allowed else 403)
    assert PemadananRun.objects.exists() == allowed
    assert client.get(reverse("pemadanan:start")).status_code == 405
