"""XLSX (first sheet, streamed) and Parquet inputs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from intake_helpers import PERSON_HEADER, person, rows, rule_codes, validate

from dtks.pipeline.intake import FileRejected
from dtks.pipeline.intake.spreadsheet import cell_text


def test_cell_text_is_what_excel_shows() -> None:
    assert cell_text(None) == ""
    assert cell_text(3) == "3"
    assert cell_text(3.0) == "3"
    assert cell_text(31.5) == "31.5"
    assert cell_text(1871014507850003) == "1.87101450785E+15"
    assert cell_text(1.8710145078500002e15) == "1.87101450785E+15"
    assert cell_text(datetime(1985, 7, 5)) == "1985-07-05"
    assert cell_text(date(1985, 7, 5)) == "1985-07-05"


def _workbook(path: Path, values: list[list[object]], *, gap_before_last: bool = False) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append([*PERSON_HEADER, None, None])  # formatted empty columns on the right
    for row in values[:-1]:
        sheet.append(row)
    if gap_before_last:
        sheet.append([])
    sheet.append(values[-1])
    workbook.create_sheet("Catatan").append(["ignored"])
    workbook.save(path)
    return path


def test_xlsx_first_sheet_with_typed_cells(tmp_path: Path) -> None:
    first = person()
    second = person("P2", serial=2)
    values: list[list[object]] = [
        [first[c] for c in PERSON_HEADER],
        [second[c] for c in PERSON_HEADER],
    ]
    values[0][PERSON_HEADER.index("tanggal_lahir")] = datetime(1980, 5, 17)
    values[0][PERSON_HEADER.index("rt")] = 1
    values[1][PERSON_HEADER.index("nik")] = int(second["nik"])  # a NIK typed as a number
    values[1][PERSON_HEADER.index("tanggal_lahir")] = 29358  # Excel serial of 1980-05-17
    path = _workbook(tmp_path / "p.xlsx", values, gap_before_last=True)
    result = validate([path], tmp_path / "w")
    info = result.files[0]
    assert (info.format, info.encoding, info.kind) == ("xlsx", None, "persons")
    valid = rows(result.persons_valid)
    assert [r["row_number"] for r in valid] == [2, 4]
    assert valid[0]["tanggal_lahir"] == date(1980, 5, 17)
    assert valid[0]["rt"] == "001"
    assert valid[1]["tanggal_lahir"] == date(1980, 5, 17)
    assert valid[1]["nik"] is None
    assert valid[1]["nik_asli"] == "1.8710117058E+15"
    assert rule_codes(result, 4) >= {"nik_notasi_ilmiah", "tanggal_serial_excel"}


def test_damaged_xlsx_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(FileRejected) as caught:
        validate([path], tmp_path / "w")
    assert (caught.value.code, caught.value.file) == ("berkas_rusak", "p.xlsx")


def test_parquet_columns_are_cast_to_text(tmp_path: Path) -> None:
    first = person()
    table = pa.table(
        {
            **{c: [first[c], first[c]] for c in PERSON_HEADER},
            "rt": pa.array([3, 12], pa.int64()),
            "tanggal_lahir": pa.array([date(1980, 5, 17), None], pa.date32()),
            "nik": [first["nik"], None],
            "record_id": ["P1", "P2"],
        }
    )
    path = tmp_path / "p.parquet"
    pq.write_table(table, path)
    result = validate([path], tmp_path / "w")
    assert result.files[0].format == "parquet"
    valid = rows(result.persons_valid)
    assert [(r["row_number"], r["rt"], r["tanggal_lahir"]) for r in valid] == [
        (2, "003", date(1980, 5, 17)),
        (3, "012", None),
    ]
    assert rule_codes(result, 3) == {"rt_rw_dinormalkan", "nik_kosong"}


def test_damaged_parquet_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    path.write_bytes(b"PAR1garbage")
    with pytest.raises(FileRejected) as caught:
        validate([path], tmp_path / "w")
    assert caught.value.code == "berkas_rusak"
