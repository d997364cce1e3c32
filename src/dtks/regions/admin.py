"""Admin of the region tree: loaded from the Kemendagri files, so read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dtks.accounts.admin import SuperuserOnlyAdmin
from dtks.regions.models import Region


@admin.register(Region)
class RegionAdmin(SuperuserOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    readonly_fields = ("code", "name", "level", "parent")
    list_select_related = ("parent",)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
