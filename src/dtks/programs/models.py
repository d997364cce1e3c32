"""Programmes as versioned rule documents, regional minimum wages, and eligibility runs.

A programme's rules are data (``docs/programs.md``): each change is a new ``RuleSet`` version,
never an edit; a run uses the newest active version of each programme and records which. An
``EligibilityRun`` turns the current PMT ranking into one ``EligibilityDecision`` per programme
and unit (family or person) with the amount and the reasons, rule by rule.

Decisions are a snapshot: they keep the refs, region code and recipient's name and numbers of
the moment, and point at the register without a database constraint, so rebuilding the register
(``dtks identitas link``) never touches a past beneficiary list.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dtks.jobs.runs import BatchRun
from dtks.jobs.runs import RunStatus as RunStatus  # re-exported: the runs' statuses


class ProgrammeUnit(models.TextChoices):
    FAMILY = "keluarga", _("Keluarga")
    PERSON = "anggota", _("Anggota")


class Programme(models.Model):
    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    unit = models.CharField(_("satuan"), max_length=10, choices=ProgrammeUnit.choices)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class RuleSet(models.Model):
    """One version of a programme's rule document; stored once, never changed."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="rule_sets"
    )
    version = models.PositiveIntegerField(_("versi"))
    document = models.JSONField(_("dokumen aturan"))
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("versi aturan")
        verbose_name_plural = _("versi aturan")
        ordering = ["programme__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "version"], name="ruleset_one_version_per_programme"
            ),
            models.CheckConstraint(
                name="ruleset_version_positive", condition=models.Q(version__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} v{self.version}"


class MinimumWage(models.Model):
    """A regional minimum wage (UMP of a province "18", UMK of a kab/kota "18.71") per year."""

    kode_wilayah = models.CharField(_("kode wilayah"), max_length=5)
    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = models.BigIntegerField(_("upah minimum per bulan (Rp)"))
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("upah minimum")
        verbose_name_plural = _("upah minimum")
        ordering = ["kode_wilayah", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["kode_wilayah", "year"], name="minimumwage_one_a_year"),
            models.CheckConstraint(
                name="minimumwage_amount_positive", condition=models.Q(amount__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode_wilayah} {self.year}: Rp{self.amount:,}"


class EligibilityRun(BatchRun):
    """Penetapan kelayakan: every programme's decisions on one PMT ranking."""

    ranking = models.ForeignKey(
        "assessment.Ranking",
        verbose_name=_("peringkat PMT"),
        on_delete=models.PROTECT,
        related_name="eligibility_runs",
    )
    rule_sets = models.ManyToManyField(RuleSet, verbose_name=_("versi aturan"), related_name="+")
    job = models.OneToOneField(
        "jobs.Job",
        verbose_name=_("pekerjaan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eligibility_run",
    )
    # {programme code: {"units": n, "eligible": n, "budget": rupiah}} over all regions.
    totals = models.JSONField(_("jumlah per program"), default=dict, blank=True)

    class Meta(BatchRun.Meta):
        verbose_name = _("penetapan kelayakan")
        verbose_name_plural = _("penetapan kelayakan")

    def __str__(self) -> str:
        return f"Penetapan #{self.pk}"


class EligibilityDecision(models.Model):
    """One unit (family or person) of one programme in one run: eligible or not, and why."""

    run = models.ForeignKey(
        EligibilityRun, verbose_name=_("penetapan"), on_delete=models.CASCADE, related_name="+"
    )
    programme = models.CharField(_("program"), max_length=20)
    unit = models.CharField(_("satuan"), max_length=10, choices=ProgrammeUnit.choices)
    # no_kk (or "RT-" + household_ref without a KK) for families, person_ref for persons.
    unit_ref = models.CharField(_("ID satuan"), max_length=60)
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("rumah tangga"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    household_ref = models.CharField(_("ID rumah tangga"), max_length=40)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("anggota"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    person_ref = models.CharField(_("ID individu"), max_length=40, blank=True)
    kode_wilayah = models.CharField(_("kode desa/kelurahan"), max_length=13)
    # The recipient at the time: the person, or the family's head (lowest relation code).
    nama = models.CharField(_("nama penerima"), max_length=150, blank=True)
    nik = models.CharField(_("NIK penerima"), max_length=16, blank=True)
    no_kk = models.CharField(_("nomor KK"), max_length=16, blank=True)
    eligible = models.BooleanField(_("layak"))
    amount = models.BigIntegerField(_("nilai bantuan per tahun (Rp)"), default=0)
    welfare = models.FloatField(_("skor kesejahteraan"), null=True, blank=True)
    components = models.TextField(_("komponen (JSON)"), blank=True, default="[]")
    reasons = models.TextField(_("alasan per aturan (JSON)"), blank=True, default="[]")

    class Meta:
        verbose_name = _("keputusan kelayakan")
        verbose_name_plural = _("keputusan kelayakan")
        indexes = [
            models.Index(fields=["run", "programme", "eligible"], name="decision_run_prog_elig"),
            models.Index(fields=["run", "programme", "unit_ref"], name="decision_run_prog_unit"),
            models.Index(
                fields=["run", "programme", "kode_wilayah"], name="decision_run_prog_region"
            ),
            models.Index(fields=["household"], name="decision_household"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.unit_ref}: {'layak' if self.eligible else 'tidak'}"
