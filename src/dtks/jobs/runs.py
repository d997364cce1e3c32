"""What every batch run that works through a job has in common (rankings, eligibility runs)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class BatchRun(models.Model):
    """A run on the pipeline engine, at a reference date, by a user; its job carries progress."""

    engine = models.CharField(_("mesin"), max_length=20, default="duckdb")
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    as_of = models.DateField(_("tanggal acuan"))
    error = models.TextField(_("galat"), blank=True)
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

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="%(class)s_status_known", condition=models.Q(status__in=RunStatus.values)
            )
        ]

    @property
    def finished(self) -> bool:
        return self.status in {RunStatus.DONE, RunStatus.FAILED}
