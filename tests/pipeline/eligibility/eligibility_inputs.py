"""Tiny hand-made eligibility inputs: households, persons and minimum wages as Arrow."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pyarrow as pa

from dtks.domain.eligibility import ProgrammeRules, parse_rules
from dtks.pipeline.eligibility import default_rule_documents, eligibility_decide
from dtks.pipeline.sql_engines import SqlEngine

AS_OF = date(2026, 1, 1)
FLAGS = (
    "ikut_kks",
    "ikut_kip",
    "ikut_kis_pbi",
    "ikut_bpjs_mandiri",
    "ikut_jamsostek",
    "ikut_pkh",
    "ikut_sembako",
    "ikut_kur",
)
HOUSEHOLD_SCHEMA = pa.schema(
    [
        ("household_ref", pa.string()),
        ("kode_wilayah", pa.string()),
        ("desil", pa.int16()),
        ("persentil", pa.int16()),
        ("welfare", pa.float64()),
        ("konsumsi_prediksi", pa.float64()),
        *((flag, pa.bool_()) for flag in FLAGS),
    ]
)
PERSON_SCHEMA = pa.schema(
    [
        ("person_ref", pa.string()),
        ("household_ref", pa.string()),
        ("no_kk", pa.string()),
        ("nik", pa.string()),
        ("jenis_kelamin", pa.string()),
        ("tanggal_lahir", pa.date32()),
        ("hubungan", pa.int16()),
        ("hamil", pa.int16()),
        ("jenis_cacat", pa.int16()),
        ("partisipasi_sekolah", pa.int16()),
        ("jenjang", pa.int16()),
        ("bekerja", pa.int16()),
        ("status_pekerjaan", pa.int16()),
        ("status_dukcapil", pa.string()),
    ]
)
WAGE_SCHEMA = pa.schema([("kode_wilayah", pa.string()), ("amount", pa.int64())])
# Minimum wages of the tests: Lampung province 2,700,000, Kota Bandar Lampung 3,200,000.
WAGES = [
    {"kode_wilayah": "18", "amount": 2_700_000},
    {"kode_wilayah": "18.71", "amount": 3_200_000},
]


def household(ref: str, **values: Any) -> dict[str, Any]:
    """A poor household of Kota Bandar Lampung unless ``values`` say otherwise."""
    row: dict[str, Any] = {
        "household_ref": ref,
        "kode_wilayah": "18.71.01.1001",
        "desil": 2,
        "persentil": 15,
        "welfare": 13.0,
        "konsumsi_prediksi": 400_000.0,
        **dict.fromkeys(FLAGS, False),
    }
    row.update(values)
    return row


def person(ref: str, household_ref: str, *, age: int = 40, **values: Any) -> dict[str, Any]:
    """A living adult head matched with Dukcapil, born on 1 July ``age`` years before AS_OF."""
    row: dict[str, Any] = {
        "person_ref": ref,
        "household_ref": household_ref,
        "no_kk": f"KK-{household_ref}",
        "nik": f"NIK-{ref}",
        "jenis_kelamin": "L",
        "tanggal_lahir": date(AS_OF.year - age - 1, 7, 1),
        "hubungan": 1,
        "hamil": 2,
        "jenis_cacat": 0,
        "partisipasi_sekolah": 2,
        "jenjang": None,
        "bekerja": 1,
        "status_pekerjaan": 4,
        "status_dukcapil": "hidup",
    }
    row.update(values)
    return row


def pupil(ref: str, household_ref: str, *, age: int, jenjang: int, **values: Any) -> dict[str, Any]:
    return person(
        ref, household_ref, age=age, hubungan=3, partisipasi_sekolah=1, jenjang=jenjang,
        bekerja=2, status_pekerjaan=None, **values,
    )  # fmt: skip


def tables(
    households: list[dict[str, Any]],
    persons: list[dict[str, Any]],
    wages: list[dict[str, Any]] | None = None,
) -> tuple[pa.Table, pa.Table, pa.Table]:
    return (
        pa.Table.from_pylist(households, schema=HOUSEHOLD_SCHEMA),
        pa.Table.from_pylist(persons, schema=PERSON_SCHEMA),
        pa.Table.from_pylist(WAGES if wages is None else wages, schema=WAGE_SCHEMA),
    )


def default_programmes(*codes: str) -> list[ProgrammeRules]:
    rules = [parse_rules(document) for document in default_rule_documents()]
    return [r for r in rules if not codes or r.code in codes]


def decide(
    engine: SqlEngine,
    households: list[dict[str, Any]],
    persons: list[dict[str, Any]],
    programmes: list[ProgrammeRules],
    wages: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The decisions as dicts, with ``components`` and ``reasons`` parsed from JSON."""
    household_table, person_table, wage_table = tables(households, persons, wages)
    result = eligibility_decide(
        engine=engine,
        households=household_table,
        persons=person_table,
        minimum_wages=wage_table,
        programmes=programmes,
        as_of=AS_OF,
    )
    rows = result.to_pylist()
    for row in rows:
        row["components"] = json.loads(row["components"])
        row["reasons"] = json.loads(row["reasons"])
    return rows


def reason(row: dict[str, Any], code: str) -> dict[str, Any]:
    matches = [r for r in row["reasons"] if r["code"] == code]
    assert len(matches) == 1, row["reasons"]
    return matches[0]


def one(rows: list[dict[str, Any]], programme: str, unit_ref: str) -> dict[str, Any]:
    matches = [r for r in rows if r["programme"] == programme and r["unit_ref"] == unit_ref]
    assert len(matches) == 1, [(r["programme"], r["unit_ref"]) for r in rows]
    return matches[0]
