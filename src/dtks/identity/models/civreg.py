"""Pemadanan: what the civil registry (Dukcapil) said about each person, and when.

``CivregCheck`` is one verdict on one set of values sent (NIK, name, birth date, sex,
mother's name; ``request_key`` is their SHA-256, the values themselves are not kept). Rows
are only added, never changed: the latest verdict of a NIK is the one with the greatest
``checked_at`` (then ``id``), found through the ``(nik, checked_at)`` index, and a verdict
younger than the run's maximum age is reused instead of asking again. ``PemadananRun`` is one
run over the register (or the landed source records), with its counts by status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CivregStatus(models.TextChoices):
    PADAN = "padan", _("Padan")
    NIK_TIDAK_DITEMUKAN = "nik_tidak_ditemukan", _("NIK tidak ditemukan")
    DATA_BERBEDA = "data_berbeda", _("Data berbeda")
    MENINGGAL = "meninggal", _("Meninggal")
    PINDAH = "pindah", _("Pindah")


class PemadananTarget(models.TextChoices):
    REGISTER = "register", _("Registri")
    SOURCES = "sources", _("Rekaman sumber")


class PemadananRun(models.Model):
    job = models.OneToOneField(
        "jobs.Job",
        verbose_name=_("pekerjaan"),
        on_delete=models.PROTECT,
        related_name="pemadanan_run",
    )
    target = models.CharField(
        _("sasaran"), max_length=10, choices=PemadananTarget.choices, default="register"
    )
    max_age_days = models.PositiveIntegerField(_("umur hasil tersimpan (hari)"))
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
    total = models.PositiveIntegerField(_("jumlah rekaman"), default=0)
    reused = models.PositiveIntegerField(_("dari hasil tersimpan"), default=0)
    sent = models.PositiveIntegerField(_("ditanyakan ke Dukcapil"), default=0)
    # Counts by status over every record of the run (asked now or reused).
    padan = models.PositiveIntegerField(_("padan"), default=0)
    nik_tidak_ditemukan = models.PositiveIntegerField(_("NIK tidak ditemukan"), default=0)
    data_berbeda = models.PositiveIntegerField(_("data berbeda"), default=0)
    meninggal = models.PositiveIntegerField(_("meninggal"), default=0)
    pindah = models.PositiveIntegerField(_("pindah"), default=0)
    error = models.TextField(_("galat"), blank=True)

    class Meta:
        verbose_name = _("proses pemadanan Dukcapil")
        verbose_name_plural = _("proses pemadanan Dukcapil")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="pemadanan_run_target_known",
                condition=models.Q(target__in=PemadananTarget.values),
            )
        ]

    def __str__(self) -> str:
        return f"Pemadanan #{self.pk}"

    @property
    def counts(self) -> dict[str, int]:
        return {status: getattr(self, status) for status in CivregStatus.values}


class CivregCheck(models.Model):
    run = models.ForeignKey(
        PemadananRun, verbose_name=_("proses"), on_delete=models.CASCADE, related_name="checks"
    )
    nik = models.CharField(_("NIK"), max_length=16)
    request_key = models.CharField(_("sidik nilai yang dikirim (SHA-256)"), max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=CivregStatus.choices)
    fields_differ = models.JSONField(_("kolom berbeda"), default=list, blank=True)
    tanggal_meninggal = models.DateField(_("tanggal meninggal"), null=True, blank=True)
    kode_wilayah_baru = models.CharField(_("kode wilayah baru"), max_length=13, blank=True)
    checked_at = models.DateTimeField(_("diperiksa"))

    class Meta:
        verbose_name = _("hasil pemadanan Dukcapil")
        verbose_name_plural = _("hasil pemadanan Dukcapil")
        indexes = [
            models.Index(fields=["nik", "checked_at"], name="civreg_check_nik_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="civreg_check_status_known", condition=models.Q(status__in=CivregStatus.values)
            )
        ]

    def __str__(self) -> str:
        return f"{self.nik}: {self.status}"
