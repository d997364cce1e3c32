"""Bulk imports: one batch per set of files, its quarantine, its issues, and the landed rows.

Landed source records are immutable and keyed by (batch, record key): a later batch from the
same source adds new rows instead of overwriting, so every value ever received stays traceable
(lineage for identity resolution).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dtks.registry.variables import HouseholdVariables, PersonVariables

# Status of a person in the civil-registry extract (docs/synth.md).
DUKCAPIL_STATUSES = [
    ("hidup", _("hidup")),
    ("meninggal", _("meninggal")),
    ("pindah", _("pindah")),
]


class ImportBatch(models.Model):
    source = models.CharField(_("sumber"), max_length=20)
    content_sha256 = models.CharField(_("sidik isi (SHA-256)"), max_length=64, unique=True)
    file_names = models.JSONField(_("berkas"), default=list)
    stored_dir = models.CharField(_("folder simpan"), max_length=300)
    to_register = models.BooleanField(_("masukkan ke registri"), default=False)
    job = models.OneToOneField(
        "jobs.Job",
        verbose_name=_("pekerjaan"),
        on_delete=models.PROTECT,
        related_name="import_batch",
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
    counts = models.JSONField(_("hitungan"), default=dict, blank=True)
    error_code = models.CharField(_("kode galat"), max_length=40, blank=True)
    error_message = models.TextField(_("pesan galat"), blank=True)

    class Meta:
        verbose_name = _("impor")
        verbose_name_plural = _("impor")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} #{self.pk}"


class QuarantineRow(models.Model):
    """A rejected source row, with every original value, kept for correction and re-import."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="quarantine")
    file_name = models.CharField(_("berkas"), max_length=255)
    row_number = models.PositiveIntegerField(_("baris"))
    kind = models.CharField(_("jenis berkas"), max_length=12)
    columns = models.CharField(_("kolom"), max_length=300)
    rule_codes = models.CharField(_("kode aturan"), max_length=300)
    messages = models.TextField(_("pesan"))
    original = models.JSONField(_("nilai asli"))

    class Meta:
        verbose_name = _("baris karantina")
        verbose_name_plural = _("baris karantina")
        ordering = ["batch", "file_name", "row_number"]

    def __str__(self) -> str:
        return f"{self.file_name} baris {self.row_number}: {self.rule_codes}"


class ImportIssue(models.Model):
    """One rule outcome on one value: a repair made, a value flagged, or a reason to reject."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="issues")
    file_name = models.CharField(_("berkas"), max_length=255)
    row_number = models.PositiveIntegerField(_("baris"))
    kind = models.CharField(_("jenis berkas"), max_length=12)
    column_name = models.CharField(_("kolom"), max_length=60)
    rule_code = models.CharField(_("kode aturan"), max_length=60)
    severity = models.CharField(_("tingkat"), max_length=10)
    original_value = models.TextField(_("nilai asli"), blank=True, null=True)
    new_value = models.TextField(_("nilai baru"), blank=True, null=True)

    class Meta:
        verbose_name = _("temuan impor")
        verbose_name_plural = _("temuan impor")
        indexes = [models.Index(fields=["batch", "rule_code"], name="import_issue_rule_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} baris {self.row_number} {self.column_name}: {self.rule_code}"


class SourcePerson(PersonVariables):
    """A person record as a source delivered it, after validation and safe repairs."""

    # No index of its own: the unique (batch, record_id) index leads with it.
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="persons", db_index=False
    )
    source = models.CharField(_("sumber"), max_length=20)
    record_id = models.CharField(_("ID rekaman"), max_length=60)
    row_number = models.PositiveIntegerField(_("baris"))
    nik_asli = models.CharField(_("NIK asli"), max_length=60, blank=True, null=True)
    no_kk = models.CharField(_("nomor KK"), max_length=16, blank=True, null=True)
    no_kk_asli = models.CharField(_("nomor KK asli"), max_length=60, blank=True, null=True)
    alamat = models.CharField(_("alamat"), max_length=200, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    # No database FK: validation checked the village exists and regions are never deleted;
    # a million landed rows would otherwise cost a million deferred checks at commit
    # (docs/decisions/0004-landing-tables.md).
    village = models.ForeignKey(
        "regions.Region",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    household_ref = models.CharField(_("ID rumah tangga sumber"), max_length=60, blank=True)
    # Only on records of the civil-registry extract (source DUKCAPIL); null elsewhere.
    status_dukcapil = models.CharField(
        _("status Dukcapil"), max_length=10, choices=DUKCAPIL_STATUSES, null=True, blank=True
    )
    tanggal_meninggal = models.DateField(_("tanggal meninggal"), null=True, blank=True)

    class Meta(PersonVariables.Meta):
        verbose_name = _("rekaman individu sumber")
        verbose_name_plural = _("rekaman individu sumber")
        constraints = [
            *PersonVariables.Meta.constraints,
            models.UniqueConstraint(fields=["batch", "record_id"], name="source_person_key"),
            models.CheckConstraint(
                name="source_person_status_dukcapil_known",
                condition=Q(status_dukcapil__isnull=True)
                | Q(status_dukcapil__in=[value for value, _label in DUKCAPIL_STATUSES]),
            ),
            models.CheckConstraint(
                name="source_person_death_date_iff_dead",
                condition=Q(tanggal_meninggal__isnull=True) | Q(status_dukcapil="meninggal"),
            ),
        ]
        # A record is found by (batch, record_id), the unique index; by NIK for matching.
        indexes = [models.Index(fields=["nik"], name="source_person_nik_idx")]


class SourceHousehold(HouseholdVariables):
    """A household record as a source delivered it, after validation and safe repairs."""

    # No index of its own: the unique (batch, household_ref) index leads with it.
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="households", db_index=False
    )
    source = models.CharField(_("sumber"), max_length=20)
    household_ref = models.CharField(_("ID rumah tangga sumber"), max_length=60)
    row_number = models.PositiveIntegerField(_("baris"))
    village = models.ForeignKey(  # no database FK: see SourcePerson.village
        "regions.Region", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    alamat = models.CharField(_("alamat"), max_length=200, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)

    class Meta(HouseholdVariables.Meta):
        verbose_name = _("rekaman rumah tangga sumber")
        verbose_name_plural = _("rekaman rumah tangga sumber")
        constraints = [
            *HouseholdVariables.Meta.constraints,
            models.UniqueConstraint(fields=["batch", "household_ref"], name="source_household_key"),
        ]
