"""A linkage run: which model, engine and thresholds made the current identities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkRun(models.Model):
    job = models.OneToOneField(
        "jobs.Job",
        verbose_name=_("pekerjaan"),
        on_delete=models.PROTECT,
        related_name="link_run",
        null=True,
        blank=True,
    )
    engine = models.CharField(_("mesin"), max_length=20, default="duckdb")
    model_version = models.CharField(_("versi model"), max_length=80, blank=True)
    accept_threshold = models.FloatField(_("ambang padan"), default=0.95)
    review_threshold = models.FloatField(_("ambang tinjau"), default=0.5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # The quality report (counts by civil-registry status, shared NIKs, merges/splits versus
    # the previous run, deceased still listed, ...), written when the run finishes.
    report = models.JSONField(_("laporan mutu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("proses pemadanan identitas")
        verbose_name_plural = _("proses pemadanan identitas")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"LinkRun #{self.pk}"
