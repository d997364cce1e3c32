"""The actors of DTKS and the region level each one is scoped to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR_DESA = "operator_desa", _("Operator desa/kelurahan")
    DINSOS_KABKOTA = "dinsos_kabkota", _("Dinas Sosial kabupaten/kota")
    DINSOS_PROVINSI = "dinsos_provinsi", _("Dinas Sosial provinsi")
    PUSDATIN = "pusdatin", _("Pusdatin Kesos (nasional)")
    QA = "qa", _("Penjaminan kualitas (QA)")
    PARTNER = "partner", _("Mitra program")


# The region level a role's account must be tied to; None: national (no region).
ROLE_REGION_LEVEL: dict[str, int | None] = {
    Role.OPERATOR_DESA: 4,
    Role.DINSOS_KABKOTA: 2,
    Role.DINSOS_PROVINSI: 1,
    Role.PUSDATIN: None,
    Role.QA: 2,
    Role.PARTNER: None,
}

# Roles that may read personal data in the registry browser (always within their scope).
# Programme partners receive lists through the partner API (a later issue), not the browser.
REGISTRY_READERS = frozenset(
    {Role.OPERATOR_DESA, Role.DINSOS_KABKOTA, Role.DINSOS_PROVINSI, Role.PUSDATIN, Role.QA}
)

# Roles that see a person's full NIK (identity work: registration, verivali, civil-registry
# matching). Other readers, and every list and search result, see it masked.
FULL_NIK_READERS = frozenset({Role.OPERATOR_DESA, Role.DINSOS_KABKOTA, Role.PUSDATIN})

# Roles that may run bulk imports of legacy databases and see their quarantine.
IMPORTERS = frozenset({Role.DINSOS_KABKOTA, Role.DINSOS_PROVINSI, Role.PUSDATIN})

# Roles that decide uncertain record pairs of identity resolution (clerical review), each within
# its scope: both records of a pair must lie in it. Superusers may too.
IDENTITY_REVIEWERS = frozenset({Role.DINSOS_KABKOTA, Role.PUSDATIN})
