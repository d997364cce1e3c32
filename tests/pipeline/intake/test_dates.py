"""Birth dates: ISO kept, DD/MM/YYYY and Excel serials repaired, impossible ones rejected."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from intake_helpers import issues, person, rows, run

from dtks.pipeline.intake import ValidationResult

BORN = date(1990, 1, 1)
ACCEPTED = [
    ("1990-01-01", None),
    ("01/01/1990", "tanggal_dinormalkan"),
    ("1/1/1990", "tanggal_dinormalkan"),
    ("01-01-1990", "tanggal_dinormalkan"),
    ("1990-1-1", "tanggal_dinormalkan"),
    ("1990-01-01 00:00:00", "tanggal_dinormalkan"),
    ("32874", "tanggal_serial_excel"),
    ("32874.0", "tanggal_serial_excel"),
    (" 1990-01-01 ", "tanggal_dinormalkan"),
]
REJECTED = [
    ("31/02/1990", "tanggal_tidak_valid"),
    ("1990-13-01", "tanggal_tidak_valid"),
    ("kemarin", "tanggal_tidak_valid"),
    ("17-09-54", "tanggal_tidak_valid"),
    ("0", "tanggal_tidak_valid"),
    ("60001", "tanggal_tidak_valid"),
    ("2026-01-16", "tanggal_masa_depan"),  # the day after the reference date
    ("1899-12-31", "tanggal_sebelum_1900"),
    ("1905-06-01", "umur_lebih_120"),
]
CASES = [*(text for text, _ in ACCEPTED), *(text for text, _ in REJECTED), ""]


def _row(text: str) -> int:
    return CASES.index(text) + 2


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ValidationResult:
    people = [
        person(f"P{i}", born=BORN, serial=i + 1, household_ref=f"H{i}", tanggal_lahir=text)
        for i, text in enumerate(CASES)
    ]
    return run(tmp_path_factory.mktemp("dates"), people)


@pytest.fixture(scope="module")
def valid(result: ValidationResult) -> dict[int, dict[str, Any]]:
    return {r["row_number"]: r for r in rows(result.persons_valid)}


@pytest.mark.parametrize(("text", "rule"), ACCEPTED)
def test_accepted_dates(
    result: ValidationResult, valid: dict[int, dict[str, Any]], text: str, rule: str | None
) -> None:
    row = _row(text)
    assert valid[row]["tanggal_lahir"] == BORN
    found = issues(result, row_number=row, column="tanggal_lahir")
    if rule is None:
        assert found == []
    else:
        assert [
            (i["rule_code"], i["severity"], i["original_value"], i["new_value"]) for i in found
        ] == [(rule, "repair", text, "1990-01-01")]
    assert issues(result, row_number=row, column="nik") == []  # the NIK agrees with the date


def test_empty_birth_date_is_allowed(valid: dict[int, dict[str, Any]]) -> None:
    assert valid[_row("")]["tanggal_lahir"] is None


@pytest.mark.parametrize(("text", "rule"), REJECTED)
def test_rejected_dates(
    result: ValidationResult, valid: dict[int, dict[str, Any]], text: str, rule: str
) -> None:
    row = _row(text)
    assert row not in valid
    quarantined = [q for q in rows(result.quarantine) if q["row_number"] == row]
    assert [(q["columns"], q["rule_codes"]) for q in quarantined] == [("tanggal_lahir", rule)]
    assert quarantined[0]["messages"].startswith("tanggal_lahir: ")
