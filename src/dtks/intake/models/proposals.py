"""Usulan: households a village proposes after its meeting (musdes/muskel), in batches.

A proposal batch belongs to one village, is drafted by its operator, records the meeting
(date, attendance, signed minutes kept outside the web root) and is submitted to the kab/kota.
Proposed households are not in the register until verification (verivali) accepts them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dtks.domain import codes
from dtks.registry.variables import HouseholdVariables, PersonVariables


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan ke kab/kota")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")


class Proposal(models.Model):
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    musdes_date = models.DateField(_("tanggal musdes/muskel"), null=True, blank=True)
    musdes_attendance = models.PositiveIntegerField(_("jumlah hadir"), null=True, blank=True)
    minutes_path = models.CharField(_("berita acara (berkas)"), max_length=300, blank=True)
    minutes_name = models.CharField(_("nama berkas berita acara"), max_length=255, blank=True)
    minutes_content_type = models.CharField(max_length=60, blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)

    class Meta:
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="proposal_status_known", condition=Q(status__in=ProposalStatus.values)
            ),
            models.CheckConstraint(
                name="proposal_submitted_has_musdes",
                condition=Q(status=ProposalStatus.DRAFT)
                | (Q(musdes_date__isnull=False, submitted_at__isnull=False) & ~Q(minutes_path="")),
            ),
        ]

    def __str__(self) -> str:
        return f"Usulan #{self.pk} {self.village_id}"


class ProposedHousehold(HouseholdVariables):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="households")
    alamat = models.CharField(_("alamat"), max_length=200)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta(HouseholdVariables.Meta):
        verbose_name = _("rumah tangga usulan")
        verbose_name_plural = _("rumah tangga usulan")
        ordering = ["proposal", "id"]


class ProposedMember(PersonVariables):
    household = models.ForeignKey(
        ProposedHousehold, on_delete=models.CASCADE, related_name="members"
    )
    no_kk = models.CharField(_("nomor KK"), max_length=16, blank=True)

    class Meta(PersonVariables.Meta):
        verbose_name = _("anggota rumah tangga usulan")
        verbose_name_plural = _("anggota rumah tangga usulan")
        ordering = ["household", "hubungan", "tanggal_lahir", "id"]
        constraints = [
            *PersonVariables.Meta.constraints,
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(hubungan=codes.HEAD),
                name="proposed_member_one_head",
            ),
        ]
