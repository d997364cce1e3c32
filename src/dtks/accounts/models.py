"""Accounts: every user has one role and, for regional roles, one region."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from dtks.accounts.roles import Role


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah tugas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                name="user_role_known",
                condition=models.Q(role__in=[*Role.values, ""]),
            ),
        ]
