"""How a golden person and its source records are shown: labelled values, masked NIKs, and
for each value the record it came from. Display logic only; no queries here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from dtks.domain import codes
from dtks.identity.models import PersonLineage
from dtks.identity.selectors_linkage import PersonWithLineage
from dtks.intake.models import SourcePerson
from dtks.registry.models import Person
from dtks.registry.presenters import code_label, mask_nik

_CODED = {cl.field: cl for cl in (codes.JENIS_KELAMIN, *codes.MEMBER_CODED)}
# The golden values kept on the register person, in form order.
PERSON_FIELDS = (
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nama_ibu_kandung",
    *(cl.field for cl in codes.MEMBER_CODED),
    "status_dukcapil",
    "tanggal_meninggal",
)


@dataclass(frozen=True)
class GoldenValue:
    field: str
    label: str
    value: str
    source: PersonLineage | None  # the record it came from; None: no record had a value


@dataclass(frozen=True)
class SourceRow:
    lineage: PersonLineage
    record: SourcePerson
    nik: str
    nik_as_received: str  # the value before repair, when the import changed it
    no_kk: str
    sex: str
    relation: str
    fields: list[str]  # the golden fields this record supplied (labels)


def _label(name: str) -> str:
    if name == "no_kk":
        return _("Nomor KK")
    text = str(getattr(Person._meta.get_field(name), "verbose_name", name))
    return text[:1].upper() + text[1:]


def _show(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def golden_values(found: PersonWithLineage, *, full_nik: bool) -> list[GoldenValue]:
    person = found.person
    values = []
    for name in PERSON_FIELDS:
        if name == "no_kk":
            raw: object = person.family.no_kk if person.family else None
        else:
            raw = getattr(person, name)
        if name in _CODED:
            shown = code_label(_CODED[name], raw if isinstance(raw, int) else None)
        elif name == "status_dukcapil":
            shown = person.get_status_dukcapil_display() if raw else ""
        elif name in {"nik", "no_kk"} and not full_nik:
            shown = mask_nik(raw if isinstance(raw, str) else None)
        else:
            shown = _show(raw)
        values.append(GoldenValue(name, _label(name), shown, found.supplier.get(name)))
    return values


def source_rows(found: PersonWithLineage, *, full_nik: bool) -> list[SourceRow]:
    show = (lambda v: v or "") if full_nik else mask_nik
    rows = []
    for lineage in found.lineage:
        record = lineage.source_person
        received = record.nik_asli if record.nik_asli and record.nik_asli != record.nik else ""
        rows.append(
            SourceRow(
                lineage=lineage,
                record=record,
                nik=show(record.nik),
                nik_as_received=show(received) if received else "",
                no_kk=show(record.no_kk),
                sex=code_label(codes.JENIS_KELAMIN, record.jenis_kelamin),
                relation=code_label(codes.HUBUNGAN, record.hubungan),
                fields=[_field_name(f) for f in lineage.field_list],
            )
        )
    return rows


def _field_name(name: str) -> str:
    if name in {"village_id", "alamat", "rt", "rw"}:
        return {"village_id": _("Desa/kelurahan"), "alamat": _("Alamat")}.get(name, name.upper())
    return _label(name)
