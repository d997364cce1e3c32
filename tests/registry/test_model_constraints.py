"""The database itself refuses what must never be stored, whatever wrote it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DataError, IntegrityError, transaction

from dtks.domain import codes
from dtks.registry.models import Family, Household, Person

VILLAGE = "18.71.01.1003"
NIK = "1871011705800001"
KK = "1871010203150001"


@pytest.fixture
def household(regions: None) -> Household:
    return Household.objects.create(household_ref="H1", village_id=VILLAGE)


def _person(household: Household, **fields: Any) -> Person:
    values: dict[str, Any] = {
        "person_ref": "P1",
        "nama": "Budi",
        "jenis_kelamin": codes.MALE,
        "hubungan": codes.CHILD,
    }
    values.update(fields)
    return Person.objects.create(household=household, **values)


def _refused(create: Callable[[], object]) -> None:
    # PostgreSQL reports a value longer than its column as a DataError.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        create()


def test_valid_rows_are_accepted(household: Household) -> None:
    family = Family.objects.create(no_kk=KK, household=household)
    person = _person(household, nik=NIK, family=family, hubungan=codes.HEAD, hamil=None)
    assert person.pk is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lantai", 11),
        ("lantai", 0),
        ("atap", 99),
        ("sta_bangunan", 6),
        ("sumber_airminum", 13),
        ("bb_masak", 10),
        ("kondisi_atap", 3),
    ],
)
def test_household_code_outside_its_list_is_refused(regions: None, field: str, value: int) -> None:
    _refused(
        lambda: Household.objects.create(household_ref="H9", village_id=VILLAGE, **{field: value})
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("jenis_kelamin", 3),
        ("hubungan", 9),
        ("status_kawin", 5),
        ("jenis_cacat", 13),
        ("penyakit_kronis", 10),
        ("jenjang", 11),
        ("ijazah", 7),
        ("status_pekerjaan", 9),
        ("lapangan_usaha", 22),
    ],
)
def test_member_code_outside_its_list_is_refused(
    household: Household, field: str, value: int
) -> None:
    _refused(lambda: _person(household, **{field: value}))


def test_second_head_in_a_household_is_refused(household: Household) -> None:
    _person(household, hubungan=codes.HEAD)
    _refused(lambda: _person(household, person_ref="P2", hubungan=codes.HEAD))


def test_heads_of_different_households_are_fine(household: Household) -> None:
    other = Household.objects.create(household_ref="H2", village_id=VILLAGE)
    _person(household, hubungan=codes.HEAD)
    assert _person(other, person_ref="P2", hubungan=codes.HEAD).pk


def test_pregnant_male_is_refused(household: Household) -> None:
    _refused(lambda: _person(household, jenis_kelamin=codes.MALE, hamil=1))


def test_pregnant_female_is_accepted(household: Household) -> None:
    assert _person(household, jenis_kelamin=codes.FEMALE, hamil=1).pk


@pytest.mark.parametrize(
    "nik", ["187101170580000", "18710117058000012", "0071011705800001", "abcdefghijklmnop"]
)
def test_malformed_nik_is_refused(household: Household, nik: str) -> None:
    _refused(lambda: _person(household, nik=nik))


def test_duplicate_nik_is_refused_but_many_without_nik_are_fine(household: Household) -> None:
    _person(household, nik=NIK)
    _refused(lambda: _person(household, person_ref="P2", nik=NIK))
    _person(household, person_ref="P3", nik=None)
    _person(household, person_ref="P4", nik=None)
    assert Person.objects.filter(nik__isnull=True).count() == 2


def test_duplicate_kk_and_malformed_kk_are_refused(household: Household) -> None:
    Family.objects.create(no_kk=KK, household=household)
    _refused(lambda: Family.objects.create(no_kk=KK, household=household))
    _refused(lambda: Family.objects.create(no_kk="18710102031500", household=household))


def test_duplicate_household_ref_is_refused(household: Household) -> None:
    _refused(lambda: Household.objects.create(household_ref="H1", village_id=VILLAGE))


@pytest.mark.parametrize(
    "fields",
    [
        {"luas_lantai": 0},
        {"luas_lantai": -5},
        {"luas_lantai": 20000},
        {"luas_lahan": -1},
        {"jumlah_kamar": 500},
        {"daya": 2, "sumber_penerangan": 3},
    ],
)
def test_implausible_household_values_are_refused(regions: None, fields: dict[str, Any]) -> None:
    _refused(lambda: Household.objects.create(household_ref="H9", village_id=VILLAGE, **fields))


def test_empty_name_is_refused(household: Household) -> None:
    _refused(lambda: _person(household, nama=""))


def test_region_in_use_cannot_be_deleted(household: Household) -> None:
    from django.db.models import ProtectedError

    from dtks.regions.models import Region

    with pytest.raises(ProtectedError):
        Region.objects.get(code=VILLAGE).delete()
    assert Household.objects.filter(pk=household.pk).exists()
