"""Lineage of golden records: which landed source records make up each register person.

Every landed source record (``intake.SourcePerson``) placed in the register belongs to exactly
one register person. ``fields`` names the golden values that record supplied (survivorship,
``dtks.identity.golden``), so each value of a person can be traced to the record it came from.
A link run replaces every row: lineage always describes the current register.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonLineage(models.Model):
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("individu registri"),
        on_delete=models.CASCADE,
        related_name="lineage",
    )
    source_person = models.OneToOneField(
        "intake.SourcePerson",
        verbose_name=_("rekaman sumber"),
        on_delete=models.PROTECT,
        related_name="lineage",
    )
    link_run = models.ForeignKey(
        "identity.LinkRun",
        verbose_name=_("proses pemadanan"),
        on_delete=models.PROTECT,
        related_name="lineage",
    )
    # The probability of the strongest linked pair that attached this record to its cluster;
    # None for a record alone in its cluster (or linked only by a clerical decision).
    match_probability = models.FloatField(_("peluang padan"), null=True, blank=True)
    # Comma-separated golden fields this record supplied (``nama,nik,tanggal_lahir``).
    fields = models.CharField(_("isian yang dipakai"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("silsilah rekaman")
        verbose_name_plural = _("silsilah rekaman")

    def __str__(self) -> str:
        return f"{self.person_id} <- {self.source_person_id}"

    @property
    def field_list(self) -> list[str]:
        return [f for f in self.fields.split(",") if f]
