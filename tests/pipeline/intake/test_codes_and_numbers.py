"""Coded columns in their code lists, yes/no conventions, numeric ranges and formats."""

from __future__ import annotations

from typing import Any

import pytest
from intake_helpers import household, issues, member, person, rows, run

from dtks.pipeline.intake import ValidationResult

# (household column overrides, expected rule or None, expected clean values when kept)
HOUSEHOLD_CASES: list[tuple[dict[str, str], str | None, dict[str, Any]]] = [
    ({}, None, {"lantai": 2, "aset_lemari_es": False, "daya": 2}),
    ({"lantai": "01"}, "kode_dinormalkan", {"lantai": 1}),
    ({"dinding": " 3 "}, "kode_dinormalkan", {"dinding": 3}),
    ({"atap": "10.0"}, "kode_dinormalkan", {"atap": 10}),
    ({"lantai": "11"}, "kode_tidak_dikenal", {}),
    ({"lantai": "keramik"}, "kode_tidak_dikenal", {}),
    ({"aset_lemari_es": "3"}, "ya_tidak_dinormalkan", {"aset_lemari_es": True}),
    ({"aset_lemari_es": "4"}, "ya_tidak_dinormalkan", {"aset_lemari_es": False}),
    ({"aset_ac": "01"}, "kode_dinormalkan", {"aset_ac": True}),
    ({"aset_tabung_gas": "3"}, "kode_tidak_dikenal", {}),  # odd items use 1/2 only
    ({"ikut_kks": "4"}, "kode_tidak_dikenal", {}),
    ({"luas_lantai": "31,5"}, "angka_dinormalkan", {"luas_lantai": 31.5}),
    ({"luas_lantai": "10000"}, None, {"luas_lantai": 10000.0}),
    ({"luas_lantai": "0"}, "nilai_di_luar_batas", {}),
    ({"luas_lantai": "10001"}, "nilai_di_luar_batas", {}),
    ({"luas_lantai": "-5"}, "nilai_di_luar_batas", {}),
    ({"luas_lantai": "tiga puluh"}, "bukan_angka", {}),
    ({"luas_lantai": ""}, None, {"luas_lantai": None}),
    ({"jumlah_kamar": "100"}, None, {"jumlah_kamar": 100}),
    ({"jumlah_kamar": "101"}, "nilai_di_luar_batas", {}),
    ({"jumlah_kamar": "3.0"}, "angka_dinormalkan", {"jumlah_kamar": 3}),
    ({"jumlah_kamar": "2,5"}, "bukan_angka", {}),
    ({"jumlah_sapi": "-1"}, "nilai_di_luar_batas", {}),
    ({"jumlah_kambing": "12"}, None, {"jumlah_kambing": 12}),
    ({"aset_lahan": "1", "luas_lahan": "-1"}, "nilai_di_luar_batas", {}),
    ({"aset_lahan": "1", "luas_lahan": "250"}, None, {"aset_lahan": True, "luas_lahan": 250.0}),
    ({"sumber_penerangan": "3", "daya": "2"}, "daya_tanpa_pln", {"daya": None}),
    ({"sumber_penerangan": "3", "daya": ""}, None, {"sumber_penerangan": 3, "daya": None}),
]
MEMBER_CASES: list[tuple[dict[str, str], str | None, dict[str, Any]]] = [
    ({"hubungan": "03"}, "kode_dinormalkan", {"hubungan": 3}),
    ({"status_kawin": "9"}, "kode_tidak_dikenal", {}),
    ({"jenjang": ""}, None, {"jenjang": None}),
    ({"jenis_cacat": "00"}, "kode_dinormalkan", {"jenis_cacat": 0}),
]
SEX_CASES: list[tuple[str, str | None, int | None]] = [
    ("L", None, 1),
    ("p", "kode_dinormalkan", 2),
    ("Perempuan", "kode_dinormalkan", 2),
    ("", None, None),
    ("X", "kode_tidak_dikenal", None),
]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ValidationResult:
    households = [household(f"H{i}", **c) for i, (c, _, _) in enumerate(HOUSEHOLD_CASES)]
    persons = [
        person(f"P{i}", serial=100 + i, household_ref=f"H{i}", no_kk="")
        for i in range(len(HOUSEHOLD_CASES))
    ]
    persons += [
        person(f"M{i}", serial=10 + i, household_ref="H0", nama=f"Anggota {i}")
        for i in range(len(MEMBER_CASES))
    ]
    persons += [
        person(f"S{i}", serial=20 + i, household_ref="H0", nama=f"Jk {i}", jenis_kelamin=v, nik="")
        for i, (v, _, _) in enumerate(SEX_CASES)
    ]
    members = [member(f"P{i}", 1) for i in range(len(HOUSEHOLD_CASES))]
    members += [{**member(f"M{i}", 3), **c} for i, (c, _, _) in enumerate(MEMBER_CASES)]
    members += [member(f"S{i}", 3) for i in range(len(SEX_CASES))]
    return run(tmp_path_factory.mktemp("codes"), persons, members, households)


def _check(
    result: ValidationResult, kind: str, row: int, rule: str | None, values: dict[str, Any]
) -> None:
    found = {i["rule_code"] for i in issues(result, kind=kind, row_number=row)}
    valid = {r["row_number"]: r for r in rows(result.valid_path(kind))}
    assert found == ({rule} if rule else set())
    if rule is not None and rule.startswith(("kode_tidak", "nilai", "bukan")):
        assert row not in valid
        quarantined = {q["row_number"] for q in rows(result.quarantine) if q["kind"] == kind}
        assert row in quarantined
    else:
        for column, value in values.items():
            assert valid[row][column] == value, column


@pytest.mark.parametrize(("index", "case"), list(enumerate(HOUSEHOLD_CASES)))
def test_household_columns(
    result: ValidationResult, index: int, case: tuple[dict[str, str], str | None, dict[str, Any]]
) -> None:
    _, rule, values = case
    _check(result, "households", index + 2, rule, values)


@pytest.mark.parametrize(("index", "case"), list(enumerate(MEMBER_CASES)))
def test_member_columns(
    result: ValidationResult, index: int, case: tuple[dict[str, str], str | None, dict[str, Any]]
) -> None:
    _, rule, values = case
    _check(result, "members", len(HOUSEHOLD_CASES) + index + 2, rule, values)


@pytest.mark.parametrize(("index", "case"), list(enumerate(SEX_CASES)))
def test_sex_letters(
    result: ValidationResult, index: int, case: tuple[str, str | None, int | None]
) -> None:
    _, rule, value = case
    row = 2 + len(HOUSEHOLD_CASES) + len(MEMBER_CASES) + index
    codes = {i["rule_code"] for i in issues(result, row_number=row, column="jenis_kelamin")}
    assert codes == ({rule} if rule else set())
    valid = {r["row_number"]: r for r in rows(result.persons_valid)}
    if rule == "kode_tidak_dikenal":
        assert row not in valid
    else:
        assert valid[row]["jenis_kelamin"] == value
