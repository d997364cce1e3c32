"""NIK and No. KK rules in the pipeline: flagged, value cleared, original kept, never guessed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from intake_helpers import issues, kk, nik, person, rows, rule_codes, run

from dtks.domain.codes import FEMALE
from dtks.pipeline.intake import ValidationResult


def test_scientific_nik_is_flagged_never_repaired(tmp_path: Path) -> None:
    result = run(tmp_path, [person(nik="1.80105E+15", no_kk="1,87101E+15")])
    valid = rows(result.persons_valid)
    assert len(valid) == 1  # the person stays in the register
    assert valid[0]["nik"] is None
    assert valid[0]["nik_asli"] == "1.80105E+15"
    assert valid[0]["no_kk"] is None
    assert valid[0]["no_kk_asli"] == "1,87101E+15"
    flag = issues(result, rule_code="nik_notasi_ilmiah")
    assert flag == [
        {
            "file_name": "persons.csv",
            "row_number": 2,
            "kind": "persons",
            "column": "nik",
            "rule_code": "nik_notasi_ilmiah",
            "severity": "flag",
            "original_value": "1.80105E+15",
            "new_value": None,
        }
    ]
    assert rule_codes(result, 2) == {"nik_notasi_ilmiah", "kk_notasi_ilmiah"}
    assert result.counts["persons.csv"]["flagged"] == 1
    assert rows(result.quarantine) == []


BORN = date(1985, 7, 5)
GOOD = nik(BORN, FEMALE, 3)  # 1871014507850003
OTHER = nik(BORN, FEMALE, 4)
NIK_CASES: list[tuple[str, dict[str, str], set[str]]] = [
    ("", {}, {"nik_kosong"}),
    ("187101450785", {}, {"nik_bukan_16_digit"}),
    ("18710145078500031", {}, {"nik_bukan_16_digit"}),
    ("9999014507850003", {}, {"nik_wilayah_tidak_dikenal"}),
    ("1871013507850003", {}, {"nik_tanggal_tidak_valid"}),  # day 35: neither sex
    ("1871014507850000", {}, {"nik_nomor_urut_nol"}),
    ("1871010507850003", {}, {"nik_jenis_kelamin_tidak_sesuai"}),  # +40 forgotten
    (GOOD, {"tanggal_lahir": "1985-07-06"}, {"nik_tanggal_lahir_tidak_sesuai"}),
    (GOOD, {"jenis_kelamin": "L"}, {"nik_jenis_kelamin_tidak_sesuai"}),
    (GOOD, {}, set()),
    (f"  {OTHER} ", {}, {"spasi_dirapikan"}),
]
KK_CASES: list[tuple[str, set[str]]] = [
    ("", {"kk_kosong"}),
    ("1871010203150001", set()),
    ("1871010000000001", set()),  # no issue date
    ("18710102031500", {"kk_bukan_16_digit"}),
    ("1.87101E+15", {"kk_notasi_ilmiah"}),
    ("9999010203150001", {"kk_wilayah_tidak_dikenal"}),
    ("1871013102150001", {"kk_tanggal_tidak_valid"}),
]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ValidationResult:
    people = [
        {
            **person(
                f"N{i}",
                sex=FEMALE,
                born=BORN,
                household_ref=f"H{i}",
                nik=value,
                no_kk=kk(100 + i),
                nama=f"Orang Ke {i}",
            ),
            **overrides,
        }
        for i, (value, overrides, _) in enumerate(NIK_CASES)
    ]
    people += [
        person(f"K{i}", household_ref=f"K{i}", nik="", no_kk=value)
        for i, (value, _) in enumerate(KK_CASES)
    ]
    return run(tmp_path_factory.mktemp("nik"), people)


@pytest.fixture(scope="module")
def valid(result: ValidationResult) -> dict[int, dict[str, Any]]:
    return {r["row_number"]: r for r in rows(result.persons_valid)}


@pytest.mark.parametrize(("index", "case"), list(enumerate(NIK_CASES)))
def test_nik_failures(
    result: ValidationResult,
    valid: dict[int, dict[str, Any]],
    index: int,
    case: tuple[str, dict[str, str], set[str]],
) -> None:
    value, _, codes = case
    row = index + 2
    assert {i["rule_code"] for i in issues(result, row_number=row, column="nik")} == codes
    if codes <= {"spasi_dirapikan"}:
        assert (valid[row]["nik"], valid[row]["nik_asli"]) == (value.strip(), None)
    else:
        assert valid[row]["nik"] is None  # cleared, but the person is kept
        assert valid[row]["nik_asli"] == (value or None)


@pytest.mark.parametrize(("index", "case"), list(enumerate(KK_CASES)))
def test_kk_failures(
    result: ValidationResult,
    valid: dict[int, dict[str, Any]],
    index: int,
    case: tuple[str, set[str]],
) -> None:
    value, codes = case
    row = len(NIK_CASES) + index + 2
    assert {i["rule_code"] for i in issues(result, row_number=row, column="no_kk")} == codes
    assert valid[row]["no_kk"] == (None if codes else value)
    assert valid[row]["no_kk_asli"] == (value or None if codes else None)


def test_century_is_taken_from_the_recorded_birth_date(tmp_path: Path) -> None:
    old = date(1925, 3, 1)
    result = run(tmp_path, [person(born=old, nik=nik(old))])
    assert issues(result, column="nik") == []
    assert rows(result.persons_valid)[0]["nik"] == nik(old)
