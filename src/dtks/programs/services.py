"""Writes of programme rules and minimum wages: pusdatin only, validated, audited.

A rule change is a new ``RuleSet`` version checked by ``dtks.domain.eligibility.parse_rules``;
a document the rules refuse (unknown field, bad operator, ...) is refused with that message and
nothing is stored. ``programmes_seed`` creates the four programmes of DTKS.md from the default
documents (``dtks.pipeline.eligibility``) as version 1; it is idempotent.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dtks.accounts.models import User
from dtks.audit.services import audit_record, field_changes
from dtks.domain.eligibility import RuleError, parse_rules
from dtks.programs.models import MinimumWage, Programme, RuleSet
from dtks.programs.selectors import can_edit_programmes
from dtks.regions.models import Region

NOTE_MAX_LENGTH = 300
# Public figures, seeded by migration 0002 and ``minimum_wages_seed``: (region, year, rupiah a
# month, source).
MINIMUM_WAGES_2025 = (
    ("18", 2025, 2_893_070, "UMP Provinsi Lampung 2025 (Keputusan Gubernur Lampung)"),
    ("18.71", 2025, 3_257_615, "UMK Kota Bandar Lampung 2025 (Keputusan Gubernur Lampung)"),
)
_WAGE_REGION = re.compile(r"\d{2}(\.\d{2})?")


class ProgrammePermissionError(PermissionError):
    """Only pusdatin (or a superuser) changes programme rules, minimum wages and runs."""


class RuleSetError(ValueError):
    """The rule document is refused (what and where in the message); nothing stored."""


class MinimumWageError(ValueError):
    """The minimum wage is refused (region, year or amount); nothing stored."""


def require_programme_editor(user: User | None) -> None:
    """``None`` is the command line (an operator on the server), allowed."""
    if user is not None and not can_edit_programmes(user=user):
        raise ProgrammePermissionError(
            _("Hanya Pusdatin yang dapat mengubah aturan program dan upah minimum.")
        )


def document_parse(*, text: str, programme: Programme | None = None) -> dict[str, Any]:
    """The rule document in ``text`` as a dict, checked by ``parse_rules``; ``RuleSetError``
    saying what is wrong and where otherwise."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RuleSetError(
            _("Dokumen aturan bukan JSON yang sah (baris %(line)s, kolom %(col)s): %(msg)s")
            % {"line": error.lineno, "col": error.colno, "msg": error.msg}
        ) from error
    if not isinstance(document, dict):
        raise RuleSetError(_("Dokumen aturan harus berupa objek JSON ({...})."))
    if programme is not None:
        if document.get("code") != programme.code:
            raise RuleSetError(
                _("Kode program dalam dokumen (%(found)r) harus %(code)r; kode tidak dapat diubah.")
                % {"found": document.get("code"), "code": programme.code}
            )
        if document.get("unit") != programme.unit:
            raise RuleSetError(
                _(
                    "Satuan program dalam dokumen (%(found)r) harus %(unit)r; satuan tidak "
                    "dapat diubah (buat program baru)."
                )
                % {"found": document.get("unit"), "unit": programme.unit}
            )
    try:
        parse_rules(document)
    except RuleError as error:
        raise RuleSetError(str(error)) from error
    return document


def rule_set_create(
    *, programme: Programme, document_text: str, user: User | None, note: str = ""
) -> RuleSet:
    """Store ``document_text`` as the programme's next version (active); audited."""
    require_programme_editor(user)
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise RuleSetError(
            _("Catatan terlalu panjang (paling banyak %(n)s karakter).") % {"n": NOTE_MAX_LENGTH}
        )
    document = document_parse(text=document_text, programme=programme)
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        current = (
            RuleSet.objects.filter(programme=programme, is_active=True).order_by("-version").first()
        )
        if current is not None and current.document == document:
            raise RuleSetError(
                _("Dokumen sama dengan versi aktif (v%(v)s); tidak ada versi baru yang disimpan.")
                % {"v": current.version}
            )
        last = RuleSet.objects.filter(programme=programme).aggregate(v=Max("version"))["v"] or 0
        rule_set = RuleSet.objects.create(
            programme=programme, version=last + 1, document=document, note=note, created_by=user
        )
        name = str(document.get("name") or programme.name)[:150]
        if name != programme.name:
            Programme.objects.filter(pk=programme.pk).update(name=name)
        audit_record(
            actor=user,
            action="program.aturan_baru",
            obj=rule_set,
            summary=f"Aturan {programme.code} versi {rule_set.version}: {note}"[:300],
            changes={"version": [current.version if current else None, rule_set.version]},
        )
    return rule_set


def programmes_seed(*, user: User | None = None) -> list[Programme]:
    """The default programmes (PKH, SEMBAKO, PBI_JKN, PIP) with their default documents as
    version 1, for those not there yet (and the 2025 minimum wages when missing); existing
    programmes are left as they are."""
    from dtks.pipeline.eligibility.defaults import default_rule_documents

    created = []
    with transaction.atomic():
        minimum_wages_seed()
        for document in default_rule_documents():
            parse_rules(document)
            code = str(document["code"])
            if Programme.objects.filter(code=code).exists():
                continue
            programme = Programme.objects.create(
                code=code, name=str(document.get("name") or code), unit=str(document["unit"])
            )
            rule_set = RuleSet.objects.create(
                programme=programme,
                version=1,
                document=document,
                note="Aturan bawaan (DTKS.md)",
                created_by=user,
            )
            audit_record(
                actor=user,
                action="program.aturan_baru",
                obj=rule_set,
                summary=f"Aturan {code} versi 1 (bawaan)",
            )
            created.append(programme)
    return created


def minimum_wages_seed() -> int:
    """The 2025 minimum wages of the demo region, for those not set; returns how many added."""
    added = 0
    for code, year, amount, source in MINIMUM_WAGES_2025:
        _wage, created = MinimumWage.objects.get_or_create(
            kode_wilayah=code, year=year, defaults={"amount": amount, "source": source}
        )
        added += int(created)
    return added


def minimum_wage_set(
    *, kode_wilayah: str, year: int, amount: int, user: User | None, source: str = ""
) -> MinimumWage:
    """Set the monthly minimum wage of a province ("18") or kab/kota ("18.71") for ``year``."""
    require_programme_editor(user)
    kode_wilayah = kode_wilayah.strip()
    if not _WAGE_REGION.fullmatch(kode_wilayah):
        raise MinimumWageError(
            _(
                "Kode wilayah %(code)r tidak sah: pakai kode provinsi (mis. 18) atau "
                "kabupaten/kota (mis. 18.71)."
            )
            % {"code": kode_wilayah}
        )
    if not Region.objects.filter(code=kode_wilayah).exists():
        raise MinimumWageError(_("Wilayah %(code)s tidak dikenal.") % {"code": kode_wilayah})
    if not 2000 <= int(year) <= 2100:
        raise MinimumWageError(_("Tahun %(year)s tidak masuk akal.") % {"year": year})
    if int(amount) <= 0:
        raise MinimumWageError(_("Upah minimum harus lebih dari nol rupiah."))
    with transaction.atomic():
        wage = MinimumWage.objects.filter(kode_wilayah=kode_wilayah, year=year).first()
        before = {"amount": wage.amount, "source": wage.source} if wage else {}
        if wage is None:
            wage = MinimumWage(kode_wilayah=kode_wilayah, year=year)
        wage.amount, wage.source, wage.updated_by = int(amount), source.strip()[:300], user
        wage.save()
        audit_record(
            actor=user,
            action="program.upah_minimum",
            obj=wage,
            summary=f"Upah minimum {kode_wilayah} {year}: Rp{int(amount):,}",
            changes=field_changes(before, {"amount": wage.amount, "source": wage.source}),
        )
    return wage
