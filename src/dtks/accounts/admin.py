"""Admin of user accounts (superusers only): role and region beside Django's fields."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dtks.accounts.models import User

admin.site.site_header = _("Administrasi DTKS")
admin.site.site_title = "DTKS"
admin.site.index_title = _("Administrasi")


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Personal data and accounts: only superusers, whatever model permissions say."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


@admin.register(User)
class UserAdmin(SuperuserOnlyAdmin, DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "region", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email", "region__code")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Peran DTKS"), {"fields": ("role", "region")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Peran DTKS"), {"fields": ("role", "region")}),
    )
