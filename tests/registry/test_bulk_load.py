"""The Arrow/ADBC bulk load of interchange files into the register."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from dtks.domain import codes
from dtks.domain.nik import make_kk, make_nik
from dtks.pipeline import interchange
from dtks.registry.bulk_load import BulkLoadError, registry_bulk_load
from dtks.registry.models import Family, Household, Person

pytestmark = pytest.mark.django_db(transaction=True)

VILLAGE = "18.71.01.1003"
KEC = "187101"
HOUSEHOLD_HEADER = list(interchange.HOUSEHOLD_FILE_COLUMNS)
MEMBER_HEADER = list(interchange.MEMBER_FILE_COLUMNS)


def _write(path: Path, header: list[str], rows: list[dict[str, object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _files(tmp_path: Path, households: int = 2, village: str = VILLAGE) -> dict[str, Path]:
    house_rows, person_rows, member_rows = [], [], []
    for n in range(1, households + 1):
        ref = f"H{n:04d}"
        house_rows.append(
            {
                "household_ref": ref,
                "kode_wilayah": village,
                "alamat": f"Jl. Kenanga {n}",
                "rt": "3",
                "rw": "11",
                "lantai": "09",
                "sumber_penerangan": "1",
                "daya": "1",
                "luas_lantai": "24.5",
                "aset_televisi": "1",
                "aset_mobil": "2",
            }
        )
        kk = make_kk(kecamatan_code=KEC, issue_date=date(2016, 1, 4), serial=n)
        for i, (sex, born, rel) in enumerate(
            [(codes.MALE, date(1975, 2, 3), codes.HEAD), (codes.FEMALE, date(1978, 8, 21), 2)]
        ):
            rid = f"P{n:04d}{i}"
            person_rows.append(
                {
                    "record_id": rid,
                    "source": "TRUTH",
                    "nik": make_nik(kecamatan_code=KEC, birth_date=born, sex=sex, serial=n),
                    "no_kk": kk,
                    "nama": f"Orang {n}-{i}",
                    "jenis_kelamin": codes.LETTER_OF_SEX[sex],
                    "tempat_lahir": "Bandar Lampung",
                    "tanggal_lahir": born.isoformat(),
                    "nama_ibu_kandung": "Sarinah",
                    "alamat": "",
                    "rt": "",
                    "rw": "",
                    "kode_wilayah": village,
                    "household_ref": ref,
                }
            )
            member_rows.append({"record_id": rid, "hubungan": rel, "status_kawin": 2})
    return {
        "households": _write(tmp_path / "households.csv", HOUSEHOLD_HEADER, house_rows),
        "persons": _write(
            tmp_path / "persons.csv", [*interchange.PERSON_COLUMNS, "household_ref"], person_rows
        ),
        "members": _write(tmp_path / "members.csv", MEMBER_HEADER, member_rows),
    }


def test_loads_households_families_and_people_with_types(regions: None, tmp_path: Path) -> None:
    result = registry_bulk_load(**_files(tmp_path))
    assert (result.households_added, result.families_added, result.people_added) == (2, 2, 4)
    household = Household.objects.get(household_ref="H0001")
    assert (household.rt, household.rw, household.lantai, household.luas_lantai) == (
        "003",
        "011",
        9,
        24.5,
    )
    assert household.aset_televisi is True
    assert household.aset_mobil is False
    assert household.aset_ac is None
    head = Person.objects.get(household=household, hubungan=codes.HEAD)
    assert head.tanggal_lahir == date(1975, 2, 3)
    assert head.jenis_kelamin == codes.MALE
    assert head.family is not None
    assert head.family.household_id == household.pk
    assert household.created_at is not None


def test_second_load_of_same_files_adds_nothing(regions: None, tmp_path: Path) -> None:
    files = _files(tmp_path)
    registry_bulk_load(**files)
    again = registry_bulk_load(**files)
    assert (again.households_added, again.people_added, again.households_skipped) == (0, 0, 2)
    assert Person.objects.count() == 4


def test_conflict_aborts_whole_load_and_keeps_register(regions: None, tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    registry_bulk_load(**_files(first, households=1))
    # Same people (same NIKs) under new household refs: the NIK is already held.
    second = tmp_path / "second"
    second.mkdir()
    files = _files(second, households=3)
    text = files["households"].read_text().replace("H0001", "X0001")
    files["households"].write_text(text)
    files["persons"].write_text(files["persons"].read_text().replace("H0001", "X0001"))
    with pytest.raises(BulkLoadError, match="tidak ada yang ditulis"):
        registry_bulk_load(**files)
    assert Household.objects.count() == 1
    assert Person.objects.count() == 2
    assert Family.objects.count() == 1


def test_unknown_village_aborts(regions: None, tmp_path: Path) -> None:
    with pytest.raises(BulkLoadError, match="tidak ada yang ditulis"):
        registry_bulk_load(**_files(tmp_path, village="18.71.99.9999"))
    assert Household.objects.count() == 0
