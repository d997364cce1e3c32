"""CSV encodings: UTF-8, UTF-8 with BOM, Windows-1252, and mixed or unsupported ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_helpers import PERSON_HEADER, no_outputs, person, rows, validate, write_csv

from dtks.pipeline.intake import FileRejected


def _line(**overrides: str) -> str:
    values = {**person(), **overrides}
    return ",".join(f'"{values[c]}"' for c in PERSON_HEADER) + "\n"


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    text = ",".join(PERSON_HEADER) + "\n" + _line(nama="José Ramos-Horta")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = validate([path], tmp_path / "work")
    assert result.files[0].encoding == "utf-8-sig"
    assert rows(result.persons_valid)[0]["nama"] == "José Ramos-Horta"
    assert rows(result.persons_valid)[0]["record_id"] == "P1"


def test_windows_1252_names_are_decoded(tmp_path: Path) -> None:
    rows_in = [person("P1", nama="Suryadi Nur’"), person("P2", serial=2, nama="José")]
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, rows_in, encoding="cp1252")
    assert "’".encode("cp1252") in path.read_bytes()
    result = validate([path], tmp_path / "work")
    assert result.files[0].encoding == "windows-1252"
    names = [r["nama"] for r in rows(result.persons_valid)]
    assert names == ["Suryadi Nur’", "José"]  # not the mojibake "Suryadi Nurâ€™"


def test_windows_1252_after_the_first_chunk(tmp_path: Path) -> None:
    ascii_rows = [person(f"P{i}", serial=i % 9000 + 1) for i in range(1, 9001)]
    late = person("P9001", serial=9001 % 9000 + 1, nama="Fran\u00e7ois")
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, [*ascii_rows, late], encoding="cp1252")
    assert path.stat().st_size > 1 << 20
    result = validate([path], tmp_path / "work")
    assert result.files[0].encoding == "windows-1252"
    valid = rows(result.persons_valid)
    assert valid[-1]["nama"] == "François"
    assert valid[-1]["row_number"] == 9002
    assert len(valid) == 9001


def test_pure_ascii_is_utf8(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", PERSON_HEADER, [person()])
    assert validate([path], tmp_path / "work").files[0].encoding == "utf-8"


def _rejected(tmp_path: Path, path: Path) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        validate([path], tmp_path / "work")
    assert no_outputs(tmp_path / "work")
    return caught.value


def test_mixed_encodings_name_the_first_offending_line(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    data = (",".join(PERSON_HEADER) + "\n").encode()
    data += _line(nama="José").encode("utf-8")  # line 2: UTF-8
    data += _line(record_id="P2", nama="Budi").encode("utf-8")  # line 3: ASCII
    data += _line(record_id="P3", nama="José").encode("cp1252")  # line 4: Windows-1252
    path.write_bytes(data)
    error = _rejected(tmp_path, path)
    assert (error.code, error.file, error.row) == ("encoding_campuran", "p.csv", 4)
    assert "baris 4" in error.message
    assert "baris 2" in error.message


def test_mixed_encodings_windows_1252_first(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    data = (",".join(PERSON_HEADER) + "\n").encode()
    data += _line(nama="José").encode("cp1252")
    data += _line(record_id="P2", nama="André").encode("utf-8")
    path.write_bytes(data)
    error = _rejected(tmp_path, path)
    assert (error.code, error.row) == ("encoding_campuran", 3)


def test_utf16_is_not_supported(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(("\ufeff" + ",".join(PERSON_HEADER) + "\n").encode("utf-16-le"))
    assert _rejected(tmp_path, path).code == "encoding_tidak_didukung"


def test_bytes_neither_utf8_nor_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes((",".join(PERSON_HEADER) + "\n").encode() + _line().encode()[:-1] + b"\x81\n")
    error = _rejected(tmp_path, path)
    assert (error.code, error.row) == ("encoding_tidak_didukung", 2)


def test_bom_with_windows_1252_content_is_mixed(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    text = ",".join(PERSON_HEADER) + "\n" + _line(nama="José")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("cp1252"))
    error = _rejected(tmp_path, path)
    assert (error.code, error.row) == ("encoding_campuran", 2)
    assert "baris 1 UTF-8" in error.message
