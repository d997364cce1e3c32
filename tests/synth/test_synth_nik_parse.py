"""Every generated NIK and No. KK passes the domain validator (dtks.domain.nik)."""

from __future__ import annotations

from datetime import date

import pytest

from dtks.domain import codes

nik = pytest.importorskip("dtks.domain.nik")
Rows = dict[str, list[dict[str, str]]]
REF = date(2024, 6, 30)


@pytest.mark.parametrize("file", ["truth/persons.csv", "survey/persons.csv"])
def test_every_nik_parses_with_recorded_sex_and_birth_date(table: Rows, file: str) -> None:
    for p in table[file]:
        born = date.fromisoformat(p["tanggal_lahir"])
        check = nik.parse_nik(
            p["nik"],
            recorded_sex=codes.SEX_LETTER[p["jenis_kelamin"]],
            recorded_birth_date=born,
            reference_date=REF,
        )
        assert check.ok, (p["record_id"], p["nik"], check.failures)
        assert check.birth_date == born


def test_every_kk_parses(table: Rows) -> None:
    for kk in {p["no_kk"] for p in table["truth/persons.csv"]}:
        check = nik.parse_kk(kk, reference_date=REF)
        assert check.ok, (kk, check.failures)
        assert check.issue_date is not None
        assert check.issue_date < REF


def test_mangled_niks_are_flagged(table: Rows) -> None:
    mangled = {
        r["record_id"] for r in table["ground_truth/errors.csv"] if r["error"] == "nik_excel_sci"
    }
    records = [
        r
        for f in ("dtks", "bst")
        for r in table[f"sources/{f}_persons.csv"]
        if r["record_id"] in mangled
    ]
    assert records
    for r in records:
        assert nik.NikFailure.SCIENTIFIC_NOTATION in nik.parse_nik(r["nik"]).failures
