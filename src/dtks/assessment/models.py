"""PMT assessment: stored model files, rankings made with them, and each household's score.

A ``PmtModel`` row holds one model file (``dtks.pipeline.pmt.model``) as uploaded: its content
(``document``, with its fit ``report``) never changes once stored, and only an approved model
ranks. A ``Ranking`` is one scoring of the whole register with one model; its
``HouseholdScore`` rows (one per household, written in one bulk transaction) are never changed
afterwards: ranking again makes a new ranking.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dtks.jobs.runs import BatchRun, RunStatus


class PmtModelStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    APPROVED = "approved", _("Disetujui")
    RETIRED = "retired", _("Dipensiunkan")


class PmtModelImmutableError(ValueError):
    """A stored model's content, or an approval, may not be changed (the message says which)."""


# An approved model never goes back to draft; a retired one never comes back.
_STATUS_CHANGES_REFUSED = frozenset(
    {
        (PmtModelStatus.APPROVED, PmtModelStatus.DRAFT),
        (PmtModelStatus.RETIRED, PmtModelStatus.DRAFT),
        (PmtModelStatus.RETIRED, PmtModelStatus.APPROVED),
    }
)


class PmtModel(models.Model):
    version = models.CharField(_("versi"), max_length=64, unique=True)
    kind = models.CharField(_("jenis"), max_length=10)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    document = models.JSONField(_("isi berkas model"))
    report = models.JSONField(_("laporan kecocokan"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PmtModelStatus.choices,
        default=PmtModelStatus.DRAFT,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("disetujui"), null=True, blank=True)

    class Meta:
        verbose_name = _("model PMT")
        verbose_name_plural = _("model PMT")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="pmtmodel_status_known",
                condition=models.Q(status__in=PmtModelStatus.values),
            ),
            models.CheckConstraint(
                name="pmtmodel_approved_has_approval_time",
                condition=~models.Q(status=PmtModelStatus.APPROVED)
                | models.Q(approved_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.version[:12]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse, whoever calls, a change of the stored content or a way back to draft."""
        if self.pk is not None and not self._state.adding:
            stored = (
                PmtModel.objects.filter(pk=self.pk)
                .values("version", "kind", "document", "report", "status")
                .first()
            )
            if stored is not None:
                for field in ("version", "kind", "document", "report"):
                    if stored[field] != getattr(self, field):
                        raise PmtModelImmutableError(
                            _("Isi model PMT %(version)s tidak dapat diubah (%(field)s).")
                            % {"version": stored["version"][:12], "field": field}
                        )
                if (stored["status"], self.status) in _STATUS_CHANGES_REFUSED:
                    raise PmtModelImmutableError(
                        _("Status model PMT %(version)s tidak dapat kembali ke %(status)s.")
                        % {"version": stored["version"][:12], "status": self.status}
                    )
        super().save(*args, **kwargs)

    @property
    def short_version(self) -> str:
        return self.version[:12]


RankingStatus = RunStatus


class Ranking(BatchRun):
    model = models.ForeignKey(
        PmtModel, verbose_name=_("model"), on_delete=models.PROTECT, related_name="rankings"
    )
    job = models.OneToOneField(
        "jobs.Job",
        verbose_name=_("pekerjaan"),
        on_delete=models.PROTECT,
        related_name="pmt_ranking",
        null=True,
        blank=True,
    )
    households = models.PositiveIntegerField(_("jumlah rumah tangga"), default=0)

    class Meta(BatchRun.Meta):
        verbose_name = _("pemeringkatan")
        verbose_name_plural = _("pemeringkatan")
        indexes = [models.Index(fields=["status", "-finished_at"], name="ranking_status_idx")]

    def __str__(self) -> str:
        return f"Ranking #{self.pk}"


class HouseholdScore(models.Model):
    """One household's PMT result in one ranking (bulk-written; never updated).

    The household link has no database constraint: a ranking is a snapshot, and a link run
    that rebuilds the register (deleting households that no longer exist) must not be blocked
    by, nor change, the scores of earlier rankings. Readers join to the register.
    """

    ranking = models.ForeignKey(
        Ranking, verbose_name=_("pemeringkatan"), on_delete=models.CASCADE, related_name="scores"
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("rumah tangga"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="pmt_scores",
    )
    welfare = models.FloatField(_("kesejahteraan (log konsumsi prediksi)"))
    konsumsi_prediksi = models.FloatField(_("konsumsi prediksi (Rp/orang/bulan)"))
    persentil = models.PositiveSmallIntegerField(_("persentil"))
    desil = models.PositiveSmallIntegerField(_("desil"))

    class Meta:
        verbose_name = _("skor rumah tangga")
        verbose_name_plural = _("skor rumah tangga")
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "household"], name="householdscore_one_per_ranking"
            ),
            models.CheckConstraint(
                name="householdscore_persentil_range",
                condition=models.Q(persentil__gte=1, persentil__lte=100),
            ),
            models.CheckConstraint(
                name="householdscore_desil_range",
                condition=models.Q(desil__gte=1, desil__lte=10),
            ),
        ]
        indexes = [
            models.Index(fields=["household", "ranking"], name="householdscore_household_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: desil {self.desil}"
