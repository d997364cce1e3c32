"""Empty files and binary files renamed to .csv."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from intake_helpers import PERSON_HEADER, no_outputs, person, rows, validate, write_csv

from dtks.pipeline.intake import FileRejected


def _rejected(tmp_path: Path, path: Path) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        validate([path], tmp_path / "work")
    assert no_outputs(tmp_path / "work")
    return caught.value


def test_zero_bytes_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"")
    error = _rejected(tmp_path, path)
    assert (error.code, error.file) == ("berkas_kosong", "p.csv")
    assert "p.csv" in error.message


def test_only_blank_lines_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n\r\n  \n")
    assert _rejected(tmp_path, path).code == "berkas_kosong"


def test_header_only_is_valid_with_zero_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, [])
    result = validate([path], tmp_path / "work")
    assert result.files[0].rows_read == 0
    assert result.counts["p.csv"] == {
        "read": 0,
        "valid": 0,
        "repaired": 0,
        "flagged": 0,
        "quarantined": 0,
        "by_rule": {},
    }
    assert rows(result.persons_valid) == []
    assert rows(result.quarantine) == []


def test_rows_of_empty_cells_are_skipped(tmp_path: Path) -> None:
    empty = dict.fromkeys(PERSON_HEADER, "")
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, [person(), empty, person("P2", serial=2)])
    result = validate([path], tmp_path / "work")
    assert [r["row_number"] for r in rows(result.persons_valid)] == [2, 4]
    assert result.counts["p.csv"]["read"] == 2


def _xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(PERSON_HEADER)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", ",".join(PERSON_HEADER))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (_xlsx_bytes(), "ZIP"),
        (_zip_bytes(), "ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ],
)
def test_binary_file_renamed_csv_is_rejected(tmp_path: Path, content: bytes, what: str) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(content)
    error = _rejected(tmp_path, path)
    assert (error.code, error.file) == ("bukan_teks", "p.csv")
    assert what in error.message


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, [person(), person("P2", nama="A\x00B")])
    error = _rejected(tmp_path, path)
    assert (error.code, error.row) == ("bukan_teks", 3)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    assert _rejected(tmp_path, tmp_path / "nope.csv").code == "berkas_kosong"
