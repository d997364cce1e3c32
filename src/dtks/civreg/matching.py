"""The verdict of the civil registry on one requested record.

Rules (``docs/civreg.md``): a NIK not in the registry is ``nik_tidak_ditemukan``; a dead person
is ``meninggal`` (with the death date) whatever else; a moved person is ``pindah`` (with the new
village code); otherwise ``data_berbeda`` when a provided field differs, else ``padan``. Only
provided fields are compared: names by ``normalise_name`` equality, dates and sex exactly.
``fields_differ`` is reported for every found record, also the dead and the moved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dtks.civreg.store import Person
from dtks.domain.names import normalise_name

__all__ = [
    "FIELDS",
    "STATUSES",
    "Query",
    "QueryError",
    "Verdict",
    "parse_query",
    "verdict",
]

STATUSES = ("padan", "nik_tidak_ditemukan", "data_berbeda", "meninggal", "pindah")
FIELDS = ("nama", "tanggal_lahir", "jenis_kelamin", "nama_ibu_kandung")
SEXES = frozenset({"L", "P"})


class QueryError(ValueError):
    """A malformed record in a request: which field and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True, slots=True)
class Query:
    ref: str
    nik: str
    nama: str
    tanggal_lahir: date | None
    jenis_kelamin: str | None
    nama_ibu_kandung: str | None


@dataclass(frozen=True, slots=True)
class Verdict:
    ref: str
    status: str
    fields_differ: tuple[str, ...]
    tanggal_meninggal: date | None
    kode_wilayah_baru: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "status": self.status,
            "fields_differ": list(self.fields_differ),
            "tanggal_meninggal": self.tanggal_meninggal.isoformat()
            if self.tanggal_meninggal
            else None,
            "kode_wilayah_baru": self.kode_wilayah_baru,
        }


def _string(raw: Mapping[str, Any], field: str, *, required: bool) -> str | None:
    value = raw.get(field)
    if value is None:
        if required:
            raise QueryError(field, "required")
        return None
    if not isinstance(value, str):
        raise QueryError(field, "must be a string")
    return value


def parse_query(raw: object) -> Query:
    """A request record from its JSON object; ``QueryError`` names the bad field."""
    if not isinstance(raw, dict):
        raise QueryError("record", "must be an object")
    ref = _string(raw, "ref", required=True)
    nik = _string(raw, "nik", required=True)
    nama = _string(raw, "nama", required=True)
    born_text = _string(raw, "tanggal_lahir", required=False)
    born = None
    if born_text is not None:
        try:
            if len(born_text) != 10:
                raise ValueError(born_text)
            born = date.fromisoformat(born_text)
        except ValueError:
            raise QueryError("tanggal_lahir", "must be YYYY-MM-DD or null") from None
    sex = _string(raw, "jenis_kelamin", required=False)
    if sex is not None and sex not in SEXES:
        raise QueryError("jenis_kelamin", "must be 'L', 'P' or null")
    mother = _string(raw, "nama_ibu_kandung", required=False)
    assert ref is not None
    assert nik is not None
    assert nama is not None
    return Query(ref, nik, nama, born, sex, mother)


def _differs(query: Query, person: Person) -> tuple[str, ...]:
    differ: list[str] = []
    if query.nama and normalise_name(query.nama) != person.nama:
        differ.append("nama")
    if query.tanggal_lahir is not None and query.tanggal_lahir != person.tanggal_lahir:
        differ.append("tanggal_lahir")
    if query.jenis_kelamin is not None and query.jenis_kelamin != person.jenis_kelamin:
        differ.append("jenis_kelamin")
    if query.nama_ibu_kandung and normalise_name(query.nama_ibu_kandung) != (
        person.nama_ibu_kandung or ""
    ):
        differ.append("nama_ibu_kandung")
    return tuple(differ)


def verdict(query: Query, person: Person | None) -> Verdict:
    """The registry's answer on ``query`` given the record of its NIK (None: not found)."""
    if person is None:
        return Verdict(query.ref, "nik_tidak_ditemukan", (), None, None)
    differ = _differs(query, person)
    if person.status == "meninggal":
        return Verdict(query.ref, "meninggal", differ, person.tanggal_meninggal, None)
    if person.status == "pindah":
        return Verdict(query.ref, "pindah", differ, None, person.kode_wilayah)
    return Verdict(query.ref, "data_berbeda" if differ else "padan", differ, None, None)
