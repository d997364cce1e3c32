"""File kind detection by header, and the header problems that reject a whole file."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_helpers import (
    HOUSEHOLD_HEADER,
    MEMBER_HEADER,
    PERSON_HEADER,
    family,
    no_outputs,
    person,
    rows,
    validate,
    write_csv,
)

from dtks.pipeline.intake import FileRejected


def test_kinds_are_detected_by_header_whatever_the_order(tmp_path: Path) -> None:
    persons, members, household = family()
    files = [
        write_csv(tmp_path / "c.csv", HOUSEHOLD_HEADER, [household]),
        write_csv(tmp_path / "a.csv", PERSON_HEADER, persons),
        write_csv(tmp_path / "b.csv", MEMBER_HEADER, members),
    ]
    result = validate(files, tmp_path / "work")
    assert [(f.name, f.kind, f.format) for f in result.files] == [
        ("c.csv", "households", "csv"),
        ("a.csv", "persons", "csv"),
        ("b.csv", "members", "csv"),
    ]
    assert result.counts["a.csv"]["valid"] == 3
    assert result.members_valid is not None
    assert result.households_valid is not None


def test_header_names_are_matched_case_insensitively_and_trimmed(tmp_path: Path) -> None:
    header = [f"  {name.upper()} " for name in PERSON_HEADER]
    header[7] = "Tanggal Lahir"
    path = write_csv(tmp_path / "p.csv", header, [[person()[c] for c in PERSON_HEADER]])
    result = validate([path], tmp_path / "work")
    assert result.counts["p.csv"]["valid"] == 1
    assert result.files[0].columns == tuple(PERSON_HEADER)


def test_quarantine_annotation_columns_are_ignored(tmp_path: Path) -> None:
    header = [*PERSON_HEADER, "baris_asal", "kolom_galat", "kode_aturan", "pesan_galat"]
    row = [person()[c] for c in PERSON_HEADER] + ["7", "nik", "nik_kosong", "NIK kosong."]
    result = validate([write_csv(tmp_path / "p.csv", header, [row])], tmp_path / "work")
    assert result.files[0].columns == tuple(PERSON_HEADER)
    assert rows(result.persons_valid)[0]["record_id"] == "P1"


def _rejected(tmp_path: Path, files: list[Path]) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        validate(files, tmp_path / "work")
    assert no_outputs(tmp_path / "work")
    assert caught.value.message == str(caught.value)
    return caught.value


def test_header_that_is_data_is_rejected(tmp_path: Path) -> None:
    values = [person()[c] for c in PERSON_HEADER]
    path = write_csv(tmp_path / "p.csv", values, [values])
    error = _rejected(tmp_path, [path])
    assert (error.code, error.file, error.row) == ("header_salah", "p.csv", 1)
    assert "Berkas 'p.csv', baris 1" in error.message


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    header = [c for c in PERSON_HEADER if c != "tanggal_lahir"]
    path = write_csv(tmp_path / "p.csv", header, [person()])
    error = _rejected(tmp_path, [path])
    assert (error.code, error.row, error.column) == ("kolom_wajib_hilang", 1, "tanggal_lahir")
    assert "tanggal_lahir" in error.message


def test_unknown_column_is_named(tmp_path: Path) -> None:
    header = [*PERSON_HEADER, "gaji"]
    path = write_csv(tmp_path / "p.csv", header, [person()])
    error = _rejected(tmp_path, [path])
    assert (error.code, error.file, error.column) == ("kolom_tidak_dikenal", "p.csv", "gaji")


def test_duplicate_column_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [*PERSON_HEADER, "nama"], [person()])
    error = _rejected(tmp_path, [path])
    assert (error.code, error.column) == ("header_salah", "nama")


def test_two_person_files_are_rejected(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", PERSON_HEADER, [person()])
    second = write_csv(tmp_path / "b.csv", PERSON_HEADER, [person("P2")])
    error = _rejected(tmp_path, [first, second])
    assert (error.code, error.file) == ("jenis_berkas_ganda", "b.csv")


def test_import_without_person_file_is_rejected(tmp_path: Path) -> None:
    _, members, _ = family()
    error = _rejected(tmp_path, [write_csv(tmp_path / "m.csv", MEMBER_HEADER, members)])
    assert error.code == "berkas_individu_tidak_ada"


def test_household_file_needs_household_ref_in_person_file(tmp_path: Path) -> None:
    persons, _, household = family()
    person_header = [c for c in PERSON_HEADER if c != "household_ref"]
    files = [
        write_csv(tmp_path / "p.csv", person_header, persons),
        write_csv(tmp_path / "h.csv", HOUSEHOLD_HEADER, [household]),
    ]
    error = _rejected(tmp_path, files)
    assert (error.code, error.file, error.column) == (
        "kolom_wajib_hilang",
        "p.csv",
        "household_ref",
    )


def test_unsupported_format_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "data.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    error = _rejected(tmp_path, [path])
    assert (error.code, error.file) == ("format_tidak_didukung", "data.xls")
    assert ".xlsx" in error.message


def test_same_file_name_twice_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    first = write_csv(tmp_path / "x" / "data.csv", PERSON_HEADER, [person()])
    second = write_csv(tmp_path / "y" / "data.csv", MEMBER_HEADER, [])
    assert _rejected(tmp_path, [first, second]).code == "nama_berkas_ganda"


def test_rejection_removes_outputs_of_an_earlier_run(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "p.csv", PERSON_HEADER, [person()])
    validate([good], tmp_path / "work")
    assert (tmp_path / "work" / "persons_valid.parquet").exists()
    bad = write_csv(tmp_path / "q.csv", [*PERSON_HEADER, "gaji"], [person()])
    _rejected(tmp_path, [bad])
    assert [p.name for p in (tmp_path / "work").iterdir()] == []
