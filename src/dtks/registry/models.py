"""The register: households (ruta), families (KK) and people (ART) of the verivali form.

Field names are the DTKS names of ``docs/formats.md``; the form variables and their database
checks come from ``variables.py``. On top of those the register enforces one head per
household and unique NIK, KK and keys.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dtks.domain import codes
from dtks.registry.variables import HouseholdVariables, PersonVariables, sixteen_digits


class Household(HouseholdVariables):
    """A rumah tangga (ruta): people living and eating together, with its dwelling."""

    household_ref = models.CharField(_("ID rumah tangga"), max_length=40, unique=True)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    alamat = models.CharField(_("alamat"), max_length=200, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta(HouseholdVariables.Meta):
        verbose_name = _("rumah tangga")
        verbose_name_plural = _("rumah tangga")
        ordering = ["household_ref"]

    def __str__(self) -> str:
        return self.household_ref


class Family(models.Model):
    """A family card (Kartu Keluarga); one household holds one or more."""

    no_kk = models.CharField(_("nomor KK"), max_length=16, unique=True)
    household = models.ForeignKey(
        Household, verbose_name=_("rumah tangga"), on_delete=models.CASCADE, related_name="families"
    )

    class Meta:
        verbose_name = _("keluarga")
        verbose_name_plural = _("keluarga")
        constraints = [sixteen_digits("no_kk")]

    def __str__(self) -> str:
        return self.no_kk


class CivilStatus(models.TextChoices):
    """A person's status in the civil registry (Dukcapil) extract; blank: no record there."""

    ALIVE = "hidup", _("Hidup")
    DECEASED = "meninggal", _("Meninggal")
    MOVED = "pindah", _("Pindah")


class Person(PersonVariables):
    """A household member (anggota rumah tangga, ART).

    Built by identity resolution (``dtks.identity``) as the golden record of a cluster of
    source records; the deceased per the civil registry stay listed, marked.
    """

    person_ref = models.CharField(_("ID individu"), max_length=40, unique=True)
    household = models.ForeignKey(
        Household, verbose_name=_("rumah tangga"), on_delete=models.CASCADE, related_name="members"
    )
    family = models.ForeignKey(
        Family,
        verbose_name=_("keluarga"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True, unique=True)
    status_dukcapil = models.CharField(
        _("status Dukcapil"),
        max_length=10,
        choices=CivilStatus.choices,
        blank=True,
        default="",
        # Bulk loaders (ADBC) that do not know this column leave it empty, not NULL.
        db_default="",
    )
    tanggal_meninggal = models.DateField(_("tanggal meninggal"), null=True, blank=True)
    # The identity-resolution run that made this golden record (None: entered otherwise).
    link_run = models.ForeignKey(
        "identity.LinkRun",
        verbose_name=_("proses pemadanan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta(PersonVariables.Meta):
        verbose_name = _("anggota rumah tangga")
        verbose_name_plural = _("anggota rumah tangga")
        ordering = ["household_id", "hubungan", "tanggal_lahir"]
        constraints = [
            *PersonVariables.Meta.constraints,
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(hubungan=codes.HEAD),
                name="person_one_head_per_household",
            ),
            models.CheckConstraint(
                name="person_status_dukcapil_known",
                condition=Q(status_dukcapil__in=["", *CivilStatus.values]),
            ),
            models.CheckConstraint(
                name="person_death_date_only_if_deceased",
                condition=Q(tanggal_meninggal__isnull=True)
                | Q(status_dukcapil=CivilStatus.DECEASED),
            ),
        ]

    def __str__(self) -> str:
        return self.nama
