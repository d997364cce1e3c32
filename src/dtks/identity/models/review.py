"""Clerical review of identity resolution: uncertain record pairs and the decisions on them.

A linkage run scores pairs of landed source records (``intake.SourcePerson``). Pairs whose
match probability lies between the review and the accept thresholds wait in the queue
(``ReviewPair``) until a reviewer says whether both records are the same person
(``ReviewDecision``). A decision is keyed by the record pair, not by the run: a later run never
asks about a decided pair again, and the decision is fed back into its clustering.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ReviewPair(models.Model):
    """A record pair of the current run waiting for (or shown with) a clerical decision."""

    link_run = models.ForeignKey(
        "identity.LinkRun",
        verbose_name=_("proses pemadanan"),
        on_delete=models.CASCADE,
        related_name="review_pairs",
    )
    source_person_l = models.ForeignKey(
        "intake.SourcePerson",
        verbose_name=_("rekaman kiri"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_person_r = models.ForeignKey(
        "intake.SourcePerson",
        verbose_name=_("rekaman kanan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    match_weight = models.FloatField(_("bobot padan"))
    match_probability = models.FloatField(_("peluang padan"))
    # Comparison name -> {"level": label, "weight": float, "l": value, "r": value}.
    evidence = models.JSONField(_("bukti per isian"), default=dict, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pasangan tinjauan")
        verbose_name_plural = _("pasangan tinjauan")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_person_l", "source_person_r"], name="review_pair_once"
            ),
            models.CheckConstraint(
                name="review_pair_ordered", condition=Q(source_person_l__lt=F("source_person_r"))
            ),
            models.CheckConstraint(
                name="review_pair_probability",
                condition=Q(match_probability__gte=0) & Q(match_probability__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_person_l_id}~{self.source_person_r_id} ({self.match_probability:.2f})"


class ReviewDecisionChoice(models.TextChoices):
    # Values as in dtks.pipeline.linkage.result (MATCH, NON_MATCH).
    MATCH = "match", _("Sama orang")
    NON_MATCH = "non_match", _("Orang berbeda")


class ReviewDecision(models.Model):
    """A reviewer's word on a record pair: the same person or not. Never changed afterwards."""

    source_person_l = models.ForeignKey(
        "intake.SourcePerson",
        verbose_name=_("rekaman kiri"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_person_r = models.ForeignKey(
        "intake.SourcePerson",
        verbose_name=_("rekaman kanan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("keputusan"), max_length=10, choices=ReviewDecisionChoice.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("waktu keputusan"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)
    # The run whose queue the pair was decided from (kept when later runs replace the queue).
    link_run = models.ForeignKey(
        "identity.LinkRun",
        verbose_name=_("proses pemadanan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("keputusan tinjauan")
        verbose_name_plural = _("keputusan tinjauan")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_person_l", "source_person_r"], name="review_decision_once"
            ),
            models.CheckConstraint(
                name="review_decision_ordered",
                condition=Q(source_person_l__lt=F("source_person_r")),
            ),
            models.CheckConstraint(
                name="review_decision_known",
                condition=Q(decision__in=ReviewDecisionChoice.values),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_person_l_id}~{self.source_person_r_id}: {self.decision}"
