"""Builders of small person/member/household files and readers of the intake outputs."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from dtks.domain.codes import FEMALE, MALE
from dtks.domain.nik import make_kk, make_nik
from dtks.pipeline import interchange
from dtks.pipeline.intake import ValidationResult, validate_import

REF = date(2026, 1, 15)
KECAMATAN = "187101"
VILLAGE = "18.71.01.1003"
PERSON_HEADER = [*interchange.PERSON_COLUMNS, "household_ref"]
MEMBER_HEADER = list(interchange.MEMBER_FILE_COLUMNS)
HOUSEHOLD_HEADER = list(interchange.HOUSEHOLD_FILE_COLUMNS)
OUTPUT_NAMES = (
    "persons_valid.parquet",
    "members_valid.parquet",
    "households_valid.parquet",
    "quarantine.parquet",
    "issues.parquet",
)


def nik(born: date, sex: int = MALE, serial: int = 1, kecamatan: str = KECAMATAN) -> str:
    return make_nik(kecamatan_code=kecamatan, birth_date=born, sex=sex, serial=serial)


def kk(serial: int = 1) -> str:
    return make_kk(kecamatan_code=KECAMATAN, issue_date=date(2015, 3, 2), serial=serial)


def person(
    record_id: str = "P1",
    *,
    born: date = date(1980, 5, 17),
    sex: int = MALE,
    serial: int = 1,
    household_ref: str = "H1",
    **overrides: str,
) -> dict[str, str]:
    row = {
        "record_id": record_id,
        "source": "DTKS",
        "nik": nik(born, sex, serial),
        "no_kk": kk(),
        "nama": "Budi Santoso",
        "jenis_kelamin": "L" if sex == MALE else "P",
        "tempat_lahir": "Bandar Lampung",
        "tanggal_lahir": born.isoformat(),
        "nama_ibu_kandung": "Sulastri",
        "alamat": "Jl. Teuku Umar No. 5",
        "rt": "001",
        "rw": "002",
        "kode_wilayah": VILLAGE,
        "household_ref": household_ref,
    }
    row.update(overrides)
    return row


def member(record_id: str = "P1", hubungan: int = 1, **overrides: str) -> dict[str, str]:
    row = {
        "record_id": record_id,
        "hubungan": str(hubungan),
        "status_kawin": "2",
        "hamil": "",
        "jenis_cacat": "0",
        "penyakit_kronis": "0",
        "partisipasi_sekolah": "2",
        "jenjang": "1",
        "ijazah": "1",
        "bekerja": "1",
        "lapangan_usaha": "9",
        "status_pekerjaan": "4",
    }
    row.update(overrides)
    return row


def household(household_ref: str = "H1", **overrides: str) -> dict[str, str]:
    row = dict.fromkeys(HOUSEHOLD_HEADER, "2")
    row.update(
        {
            "household_ref": household_ref,
            "kode_wilayah": VILLAGE,
            "alamat": "Jl. Teuku Umar No. 5",
            "rt": "001",
            "rw": "002",
            "sta_bangunan": "1",
            "sta_lahan": "1",
            "luas_lantai": "36",
            "lantai": "2",
            "dinding": "1",
            "kondisi_dinding": "1",
            "atap": "3",
            "kondisi_atap": "1",
            "jumlah_kamar": "3",
            "sumber_airminum": "2",
            "sumber_penerangan": "1",
            "daya": "2",
            "bb_masak": "3",
            "fasbab": "1",
            "kloset": "1",
            "buang_tinja": "1",
            "luas_lahan": "",
            "jumlah_sapi": "0",
            "jumlah_kerbau": "0",
            "jumlah_kuda": "0",
            "jumlah_babi": "0",
            "jumlah_kambing": "0",
        }
    )
    row.update(overrides)
    return row


def family(
    household_ref: str = "H1", first_serial: int = 1
) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, str]]:
    """Head (1980), spouse (1983) and child (2010) with their member rows and household."""
    people = [
        ("A", date(1980, 5, 17), MALE, 1, "Budi Santoso"),
        ("B", date(1983, 1, 9), FEMALE, 2, "Siti Aminah"),
        ("C", date(2010, 7, 30), MALE, 3, "Rizky Pratama"),
    ]
    persons, members = [], []
    for offset, (tag, born, sex, relation, name) in enumerate(people):
        record_id = f"{household_ref}-{tag}"
        persons.append(
            person(
                record_id,
                born=born,
                sex=sex,
                serial=first_serial + offset,
                household_ref=household_ref,
                nama=name,
            )
        )
        members.append(member(record_id, relation, status_kawin="1" if relation == 3 else "2"))
    return persons, members, household(household_ref)


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[dict[str, str] | Sequence[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(c, "") for c in header] if isinstance(row, dict) else row)
    return path


def write_import(
    directory: Path,
    persons: list[dict[str, str]],
    members: list[dict[str, str]] | None = None,
    households: list[dict[str, str]] | None = None,
) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    files = [write_csv(directory / "persons.csv", PERSON_HEADER, persons)]
    if members is not None:
        files.append(write_csv(directory / "members.csv", MEMBER_HEADER, members))
    if households is not None:
        files.append(write_csv(directory / "households.csv", HOUSEHOLD_HEADER, households))
    return files


def validate(files: Sequence[Path], work_dir: Path, **kwargs: Any) -> ValidationResult:
    kwargs.setdefault("reference_date", REF)
    return validate_import(files=files, source="TEST", work_dir=work_dir, **kwargs)


def run(
    tmp_path: Path,
    persons: list[dict[str, str]],
    members: list[dict[str, str]] | None = None,
    households: list[dict[str, str]] | None = None,
) -> ValidationResult:
    files = write_import(tmp_path / "in", persons, members, households)
    return validate(files, tmp_path / "work")


def rows(path: Path | None) -> list[dict[str, Any]]:
    assert path is not None
    return pq.read_table(path).to_pylist()


def issues(result: ValidationResult, **match: Any) -> list[dict[str, Any]]:
    return [i for i in rows(result.issues) if all(i[k] == v for k, v in match.items())]


def rule_codes(result: ValidationResult, row_number: int, kind: str = "persons") -> set[str]:
    return {i["rule_code"] for i in issues(result, row_number=row_number, kind=kind)}


def no_outputs(work_dir: Path) -> bool:
    return not any((work_dir / name).exists() for name in OUTPUT_NAMES)
