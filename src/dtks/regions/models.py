"""The Kemendagri region tree: province > kab/kota > kecamatan > desa/kelurahan."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa/Kelurahan")


models.CharField.register_lookup(Length)

# Length of the dotted code at each level: 18, 18.71, 18.71.01, 18.71.01.1001.
CODE_LENGTH = {1: 2, 2: 5, 3: 8, 4: 13}


class Region(models.Model):
    """One node of the tree, keyed by its dotted code, so scope checks are prefix matches."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="region_code_length_matches_level",
                condition=(
                    models.Q(level=1, code__length=2)
                    | models.Q(level=2, code__length=5)
                    | models.Q(level=3, code__length=8)
                    | models.Q(level=4, code__length=13)
                ),
            ),
            models.CheckConstraint(
                name="region_parent_only_for_non_province",
                condition=models.Q(level=1, parent__isnull=True)
                | models.Q(level__gt=1, parent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
