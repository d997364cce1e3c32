"""household_create: validated, all-or-nothing writes of one household."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from dtks.domain import codes
from dtks.domain.nik import make_kk, make_nik
from dtks.registry.models import Family, Household, Person
from dtks.registry.services import MemberInput, RegistryValidationError, household_create

VILLAGE = "18.71.01.1003"
KEC = "187101"


def _member(
    n: int, *, sex: int = codes.MALE, born: date = date(1980, 5, 17), **kw: object
) -> MemberInput:
    return MemberInput(
        person_ref=f"P{n}",
        nama=f"Orang {n}",
        nik=make_nik(kecamatan_code=KEC, birth_date=born, sex=sex, serial=n),
        no_kk=make_kk(kecamatan_code=KEC, issue_date=date(2015, 3, 2), serial=1),
        jenis_kelamin=sex,
        tanggal_lahir=born,
        **kw,  # type: ignore[arg-type]
    )


def _create(members: list[MemberInput], **kw: object) -> Household:
    return household_create(household_ref="H1", village_code=VILLAGE, members=members, **kw)  # type: ignore[arg-type]


def _problem_codes(excinfo: pytest.ExceptionInfo[RegistryValidationError]) -> set[str]:
    return {p.code for p in excinfo.value.problems}


def test_creates_household_family_and_members(regions: None) -> None:
    household = _create(
        [_member(1, hubungan=codes.HEAD), _member(2, sex=codes.FEMALE, hubungan=codes.SPOUSE)],
        rt="5",
        rw="12",
        housing={"lantai": 9, "aset_televisi": True},
    )
    assert (household.rt, household.rw, household.lantai) == ("005", "012", 9)
    assert Person.objects.filter(household=household).count() == 2
    assert Family.objects.get().members.count() == 2


@pytest.mark.parametrize(
    ("members", "code"),
    [
        ([_member(1, hubungan=codes.CHILD)], "kepala_ruta_tidak_satu"),
        ([_member(1, hubungan=1), _member(2, hubungan=1)], "kepala_ruta_tidak_satu"),
        ([_member(1, hubungan=1, status_kawin=7)], "kode_tidak_dikenal"),
        ([_member(1, hubungan=1, hamil=1)], "hamil_bukan_perempuan"),
        ([replace(_member(1, hubungan=1), nama=" ")], "nama_kosong"),
        ([replace(_member(1, hubungan=1), nik="1.87101E+15")], "nik_notasi_ilmiah"),
        (
            [replace(_member(1, hubungan=1), jenis_kelamin=codes.FEMALE)],
            "nik_jenis_kelamin_tidak_sesuai",
        ),
        (
            [replace(_member(1, hubungan=1), tanggal_lahir=date(1981, 5, 17))],
            "nik_tanggal_lahir_tidak_sesuai",
        ),
        ([_member(1, hubungan=1), replace(_member(2), nik=_member(1).nik)], "nik_ganda"),
    ],
)
def test_invalid_input_is_refused_with_a_clear_problem_and_nothing_written(
    regions: None, members: list[MemberInput], code: str
) -> None:
    with pytest.raises(RegistryValidationError) as excinfo:
        _create(members)
    assert code in _problem_codes(excinfo)
    assert all(p.message and p.where for p in excinfo.value.problems)
    assert Household.objects.count() == 0
    assert Person.objects.count() == 0


def test_unknown_village_and_bad_housing_codes_are_reported_together(regions: None) -> None:
    with pytest.raises(RegistryValidationError) as excinfo:
        household_create(
            household_ref="H1",
            village_code="18.71.01.9999",
            members=[_member(1, hubungan=codes.HEAD)],
            housing={"lantai": 42, "kolam_renang": True},
        )
    assert _problem_codes(excinfo) == {
        "wilayah_tidak_dikenal",
        "kode_tidak_dikenal",
        "kolom_tidak_dikenal",
    }


def test_nik_already_in_register_is_refused(
    regions: None, make_household: Callable[..., Household]
) -> None:
    existing = make_household()
    taken = existing.members.get(hubungan=codes.HEAD).nik
    with pytest.raises(RegistryValidationError) as excinfo:
        _create(
            [replace(_member(1, hubungan=codes.HEAD), nik=taken, tanggal_lahir=date(1980, 5, 17))]
        )
    assert "nik_sudah_terdaftar" in _problem_codes(excinfo)
    assert Household.objects.count() == 1


@pytest.mark.parametrize(
    ("housing", "code"),
    [
        ({"luas_lantai": 0.0}, "luas_lantai_tidak_wajar"),
        ({"luas_lahan": -3.0}, "luas_lahan_negatif"),
        ({"jumlah_kamar": 250}, "jumlah_kamar_tidak_wajar"),
        ({"daya": 2, "sumber_penerangan": 3}, "daya_tanpa_pln"),
    ],
)
def test_implausible_dwelling_gets_a_clear_problem_not_a_database_error(
    regions: None, housing: dict[str, object], code: str
) -> None:
    with pytest.raises(RegistryValidationError) as excinfo:
        _create([_member(1, hubungan=codes.HEAD)], housing=housing)
    assert code in _problem_codes(excinfo)
    assert Household.objects.count() == 0
