"""Admin of the register (superusers only). Querysets go through the scoped selectors."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from dtks.accounts.admin import SuperuserOnlyAdmin
from dtks.accounts.models import User
from dtks.registry.models import Family, Household, Person
from dtks.registry.selectors import family_list, household_scoped, person_list


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("person_ref", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan", "family")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FamilyInline(admin.TabularInline):
    model = Family
    extra = 0
    can_delete = False
    fields = readonly_fields = ("no_kk",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Household)
class HouseholdAdmin(SuperuserOnlyAdmin):
    list_display = ("household_ref", "village", "alamat", "updated_at")
    search_fields = ("household_ref", "village__code", "members__nama", "members__nik")
    list_select_related = ("village",)
    raw_id_fields = ("village",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (FamilyInline, PersonInline)
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Household]:
        return household_scoped(user=_user(request))


@admin.register(Family)
class FamilyAdmin(SuperuserOnlyAdmin):
    list_display = ("no_kk", "household")
    search_fields = ("no_kk", "household__household_ref")
    raw_id_fields = ("household",)
    list_select_related = ("household",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Family]:
        return family_list(user=_user(request))


@admin.register(Person)
class PersonAdmin(SuperuserOnlyAdmin):
    list_display = ("nama", "nik", "jenis_kelamin", "tanggal_lahir", "hubungan", "household")
    list_filter = ("jenis_kelamin", "hubungan")
    search_fields = ("nik", "nama", "person_ref")
    raw_id_fields = ("household", "family")
    list_select_related = ("household",)
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return person_list(user=_user(request))
