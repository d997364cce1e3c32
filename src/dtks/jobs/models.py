"""Long work (imports, cycle runs) as durable jobs with progress that pages and the CLI read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    SUCCEEDED = "succeeded", _("Selesai")
    FAILED = "failed", _("Gagal")


class Job(models.Model):
    kind = models.CharField(_("jenis"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # Written with every progress report: a running job whose heartbeat stops has lost its
    # worker (see jobs.services.jobs_reconcile).
    heartbeat_at = models.DateTimeField(_("kabar terakhir"), null=True, blank=True)
    step = models.CharField(_("langkah"), max_length=200, blank=True)
    done = models.BigIntegerField(_("selesai dikerjakan"), default=0)
    total = models.BigIntegerField(_("jumlah pekerjaan"), null=True, blank=True)
    error = models.TextField(_("galat"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("pekerjaan")
        verbose_name_plural = _("pekerjaan")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="job_status_known", condition=models.Q(status__in=JobStatus.values)
            ),
            models.CheckConstraint(name="job_done_not_negative", condition=models.Q(done__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}
