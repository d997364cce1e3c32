"""Text columns: trimming, name case, RT/RW, region codes, required values and lengths."""

from __future__ import annotations

from typing import Any

import pytest
from intake_helpers import issues, person, rows, run

from dtks.pipeline.intake import ValidationResult

# (person overrides, expected rule codes, expected clean values when kept; None = quarantined)
CASES: list[tuple[dict[str, str], set[str], dict[str, Any] | None]] = [
    ({"nama": "  Budi   Santoso "}, {"spasi_dirapikan"}, {"nama": "Budi Santoso"}),
    ({"nama": "SITI AMINAH, S.PD"}, {"huruf_nama_dinormalkan"}, {"nama": "Siti Aminah, S.Pd"}),
    ({"nama": "muhammad al-fatih"}, {"huruf_nama_dinormalkan"}, {"nama": "Muhammad Al-Fatih"}),
    ({"nama": "Budi SANTOSO"}, set(), {"nama": "Budi SANTOSO"}),
    ({"nama": "HJ. NUR’AINI"}, {"huruf_nama_dinormalkan"}, {"nama": "Hj. Nur’aini"}),
    (
        {"nama_ibu_kandung": "SULASTRI"},
        {"huruf_nama_dinormalkan"},
        {"nama_ibu_kandung": "Sulastri"},
    ),
    ({"nama_ibu_kandung": ""}, set(), {"nama_ibu_kandung": ""}),
    ({"alamat": "Jl.  Kartini\tNo. 12 "}, {"spasi_dirapikan"}, {"alamat": "Jl. Kartini No. 12"}),
    ({"rt": "3", "rw": "12"}, {"rt_rw_dinormalkan"}, {"rt": "003", "rw": "012"}),
    ({"rt": "0003"}, {"rt_rw_dinormalkan"}, {"rt": "003"}),
    ({"rt": ""}, set(), {"rt": ""}),
    ({"rt": "RT 3"}, {"rt_rw_tidak_valid"}, None),
    ({"rw": "1234"}, {"rt_rw_tidak_valid"}, None),
    (
        {"kode_wilayah": "1871011003"},
        {"kode_wilayah_tanpa_titik"},
        {"kode_wilayah": "18.71.01.1003"},
    ),
    ({"kode_wilayah": " 18.71.01.1003"}, {"spasi_dirapikan"}, {"kode_wilayah": "18.71.01.1003"}),
    ({"kode_wilayah": ""}, set(), {"kode_wilayah": None}),
    ({"kode_wilayah": "18.71.01.9999"}, {"kode_wilayah_tidak_dikenal"}, None),
    ({"kode_wilayah": "18.71.01"}, {"kode_wilayah_tidak_dikenal"}, None),
    ({"kode_wilayah": "9999999999"}, {"kode_wilayah_tidak_dikenal"}, None),
    ({"nama": ""}, {"wajib_kosong"}, None),
    ({"nama": "Ab" * 76}, {"teks_terlalu_panjang"}, None),
    ({"alamat": "x" * 201}, {"teks_terlalu_panjang"}, None),
    ({"record_id": ""}, {"wajib_kosong"}, None),
    ({"record_id": " R-1 "}, {"spasi_dirapikan"}, {"record_id": "R-1"}),
    ({"household_ref": ""}, set(), {"household_ref": None}),
]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ValidationResult:
    people = []
    for i, (overrides, _, _) in enumerate(CASES):
        values = {"nama": f"Orang {i}", "household_ref": f"H{i}", "no_kk": "", **overrides}
        if "record_id" not in overrides:
            values["record_id"] = f"P{i}"
        people.append({**person(serial=i + 1), **values})
    return run(tmp_path_factory.mktemp("text"), people)


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)))
def test_text_case(
    result: ValidationResult,
    index: int,
    case: tuple[dict[str, str], set[str], dict[str, Any] | None],
) -> None:
    overrides, codes, values = case
    row = index + 2
    found = {i["rule_code"] for i in issues(result, row_number=row) if i["column"] in overrides}
    assert found == codes
    valid = {r["row_number"]: r for r in rows(result.persons_valid)}
    if values is None:
        assert row not in valid
        quarantined = [q for q in rows(result.quarantine) if q["row_number"] == row]
        assert quarantined[0]["columns"] == next(iter(overrides))
    else:
        for column, value in values.items():
            assert valid[row][column] == value, column
