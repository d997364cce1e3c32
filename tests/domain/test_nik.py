"""NIK and No. KK parsing, validation and construction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dtks.domain.codes import FEMALE, MALE
from dtks.domain.nik import (
    KkFailure,
    NikFailure,
    make_kk,
    make_nik,
    parse_kk,
    parse_nik,
)
from dtks.domain.wilayah import kecamatan_codes

KEDATON = "187101"  # Kecamatan Kedaton, Kota Bandar Lampung
REF = date(2026, 1, 15)

kecamatan = st.sampled_from(sorted(kecamatan_codes()))
birth_dates = st.dates(min_value=date(1925, 1, 1), max_value=date(2025, 12, 31))
sexes = st.sampled_from([MALE, FEMALE])
serials = st.integers(min_value=1, max_value=9999)
FORMAT_FAILURES = {NikFailure.EMPTY, NikFailure.NOT_16_DIGITS, NikFailure.SCIENTIFIC_NOTATION}


# --- Examples ---------------------------------------------------------------------------


def test_kedaton_woman() -> None:
    check = parse_nik("1871014507850003", reference_date=REF)
    assert check.ok
    assert check.failures == ()
    assert check.kecamatan_code == KEDATON
    assert check.sex == FEMALE
    assert check.birth_date == date(1985, 7, 5)
    assert check.serial == 3


def test_kedaton_man_with_matching_record() -> None:
    check = parse_nik(
        "1871011208010001",
        recorded_sex=MALE,
        recorded_birth_date=date(2001, 8, 12),
        reference_date=REF,
    )
    assert check.ok
    assert (check.sex, check.birth_date, check.serial) == (MALE, date(2001, 8, 12), 1)


def test_whitespace_around_is_stripped_but_value_kept() -> None:
    check = parse_nik("  1871014507850003\t\n", reference_date=REF)
    assert check.ok
    assert check.value == "  1871014507850003\t\n"


@pytest.mark.parametrize("value", ["", "   ", "\n"])
def test_empty(value: str) -> None:
    check = parse_nik(value)
    assert check.failures == (NikFailure.EMPTY,)
    assert check.kecamatan_code is None


@pytest.mark.parametrize(
    "value",
    [
        "187101450785000",  # 15 digits
        "18710145078500031",  # 17 digits
        "1871 0145 0785 0003",
        "'1871014507850003",  # Excel text prefix
        "1871014507850003.0",  # float rendering
        "187101-450785-0003",
        "１８７１０１４５０７８５０００３",  # full-width digits
    ],
)
def test_not_16_digits(value: str) -> None:
    check = parse_nik(value)
    assert check.failures == (NikFailure.NOT_16_DIGITS,)
    assert not check.ok
    assert check.birth_date is None


@pytest.mark.parametrize(
    "value", ["1.80105E+15", "1,80105E+15", "1.80105e+15", "1.80105E15", " 1.8010501019E+15 "]
)
def test_scientific_notation_is_flagged_never_repaired(value: str) -> None:
    check = parse_nik(value)
    assert check.failures == (NikFailure.SCIENTIFIC_NOTATION,)
    assert (check.kecamatan_code, check.sex, check.birth_date, check.serial) == (None,) * 4


def test_unknown_region_with_default_and_custom_lookup() -> None:
    assert parse_nik("9999994507850003", reference_date=REF).failures == (
        NikFailure.REGION_UNKNOWN,
    )
    seen: list[str] = []

    def only_seen(code: str) -> bool:
        seen.append(code)
        return code == "999999"

    assert parse_nik("9999994507850003", reference_date=REF, region_exists=only_seen).ok
    assert seen == ["999999"]
    assert not parse_nik("1871014507850003", reference_date=REF, region_exists=only_seen).ok


@pytest.mark.parametrize("day_field", ["00", "32", "35", "40", "72", "99"])
def test_impossible_day_field(day_field: str) -> None:
    check = parse_nik(f"{KEDATON}{day_field}0785" + "0003", reference_date=REF)
    assert check.failures == (NikFailure.DATE_INVALID,)
    assert check.sex is None
    assert check.birth_date is None
    assert check.serial == 3


@pytest.mark.parametrize("date_field", ["310485", "710485", "011385", "010085", "300285"])
def test_impossible_date_keeps_sex(date_field: str) -> None:
    check = parse_nik(f"{KEDATON}{date_field}0003", recorded_sex=MALE, reference_date=REF)
    assert NikFailure.DATE_INVALID in check.failures
    expected_sex = FEMALE if int(date_field[:2]) > 40 else MALE
    assert check.sex == expected_sex
    assert (NikFailure.SEX_MISMATCH in check.failures) == (expected_sex == FEMALE)


def test_serial_zero() -> None:
    check = parse_nik("1871014507850000", reference_date=REF)
    assert check.failures == (NikFailure.SERIAL_ZERO,)
    assert check.serial == 0
    assert check.birth_date == date(1985, 7, 5)


def test_all_failures_are_reported() -> None:
    check = parse_nik(
        "9999993213850000",
        recorded_sex=FEMALE,
        recorded_birth_date=date(1985, 1, 1),
        reference_date=REF,
    )
    assert check.failures == (
        NikFailure.REGION_UNKNOWN,
        NikFailure.DATE_INVALID,
        NikFailure.SERIAL_ZERO,
    )
    check = parse_nik(
        "9999991208850000",
        recorded_sex=FEMALE,
        recorded_birth_date=date(1985, 8, 13),
        reference_date=REF,
    )
    assert check.failures == (
        NikFailure.REGION_UNKNOWN,
        NikFailure.SERIAL_ZERO,
        NikFailure.SEX_MISMATCH,
        NikFailure.BIRTH_DATE_MISMATCH,
    )


def test_forgotten_female_offset_is_a_sex_mismatch_not_a_date_mismatch() -> None:
    check = parse_nik(
        "1871010507850003",
        recorded_sex=FEMALE,
        recorded_birth_date=date(1985, 7, 5),
        reference_date=REF,
    )
    assert check.failures == (NikFailure.SEX_MISMATCH,)


def test_unknown_recorded_sex_code_is_ignored() -> None:
    assert parse_nik("1871014507850003", recorded_sex=9, reference_date=REF).ok


# --- Century resolution ------------------------------------------------------------------


def test_century_2001_vs_1901() -> None:
    nik = f"{KEDATON}1005010001"  # 10 May, YY 01
    assert parse_nik(nik, reference_date=date(2026, 6, 1)).birth_date == date(2001, 5, 10)
    old = parse_nik(nik, recorded_birth_date=date(1901, 5, 10), reference_date=date(2026, 6, 1))
    assert old.ok
    assert old.birth_date == date(1901, 5, 10)
    assert parse_nik(nik, reference_date=date(2000, 6, 1)).birth_date == date(1901, 5, 10)


def test_future_date_goes_to_previous_century() -> None:
    nik = f"{KEDATON}1508260001"  # 15 Aug, YY 26
    assert parse_nik(nik, reference_date=date(2026, 3, 1)).birth_date == date(1926, 8, 15)
    assert parse_nik(nik, reference_date=date(2026, 8, 15)).birth_date == date(2026, 8, 15)


def test_recorded_date_in_other_century_is_not_a_mismatch_but_other_date_is() -> None:
    nik = f"{KEDATON}1005500001"
    assert parse_nik(nik, recorded_birth_date=date(1950, 5, 10), reference_date=REF).ok
    assert parse_nik(nik, recorded_birth_date=date(2050, 5, 10), reference_date=REF).ok
    check = parse_nik(nik, recorded_birth_date=date(1950, 5, 11), reference_date=REF)
    assert check.failures == (NikFailure.BIRTH_DATE_MISMATCH,)
    assert check.birth_date == date(1950, 5, 10)  # what the NIK says, not the record


# --- 29 February -------------------------------------------------------------------------


def test_29_february_2000_is_valid_even_though_1900_was_not_leap() -> None:
    for day_field, sex in (("29", MALE), ("69", FEMALE)):
        check = parse_nik(f"{KEDATON}{day_field}02000001", reference_date=REF)
        assert check.ok, check.failures
        assert (check.birth_date, check.sex) == (date(2000, 2, 29), sex)


def test_29_february_of_a_common_year_is_invalid() -> None:
    check = parse_nik(f"{KEDATON}2902010001", reference_date=REF)
    assert check.failures == (NikFailure.DATE_INVALID,)


def test_29_february_checked_against_the_resolved_year() -> None:
    nik = f"{KEDATON}2902000001"
    # On 1 Jan 2000 the only candidates are 29/02/1900 (no such day) and the future.
    assert parse_nik(nik, reference_date=date(2000, 1, 1)).failures == (NikFailure.DATE_INVALID,)
    assert parse_nik(nik, reference_date=date(2000, 2, 29)).birth_date == date(2000, 2, 29)
    # 2100 is not a leap year: the NIK can only mean 2000.
    assert parse_nik(nik, reference_date=date(2100, 3, 1)).birth_date == date(2000, 2, 29)


def test_29_february_resolved_through_recorded_date() -> None:
    nik = f"{KEDATON}6902040001"
    check = parse_nik(nik, recorded_sex=FEMALE, recorded_birth_date=date(1904, 2, 29))
    assert check.ok
    assert check.birth_date == date(1904, 2, 29)


# --- Properties --------------------------------------------------------------------------


@given(kecamatan, birth_dates, sexes, serials)
def test_round_trip_with_recorded_values(region: str, born: date, sex: int, serial: int) -> None:
    nik = make_nik(kecamatan_code=region, birth_date=born, sex=sex, serial=serial)
    assert len(nik) == 16
    assert nik.isdigit()
    check = parse_nik(nik, recorded_sex=sex, recorded_birth_date=born, reference_date=REF)
    assert check.ok, check.failures
    assert (check.kecamatan_code, check.sex, check.birth_date, check.serial) == (
        region,
        sex,
        born,
        serial,
    )


@given(kecamatan, birth_dates, sexes, serials, st.integers(min_value=0, max_value=36_000))
def test_round_trip_resolves_century_from_reference_date(
    region: str, born: date, sex: int, serial: int, age_days: int
) -> None:
    nik = make_nik(kecamatan_code=region, birth_date=born, sex=sex, serial=serial)
    check = parse_nik(nik, reference_date=born + timedelta(days=age_days))
    assert check.ok, check.failures
    assert check.birth_date == born


@given(birth_dates, sexes)
def test_female_day_has_40_added(born: date, sex: int) -> None:
    nik = make_nik(kecamatan_code=KEDATON, birth_date=born, sex=sex, serial=1)
    assert int(nik[6:8]) == born.day + (40 if sex == FEMALE else 0)
    assert nik[8:12] == f"{born.month:02d}{born.year % 100:02d}"
    assert parse_nik(nik, reference_date=REF).sex == sex


@given(kecamatan, birth_dates, sexes, serials)
def test_sex_mismatch_detected(region: str, born: date, sex: int, serial: int) -> None:
    nik = make_nik(kecamatan_code=region, birth_date=born, sex=sex, serial=serial)
    other = FEMALE if sex == MALE else MALE
    check = parse_nik(nik, recorded_sex=other, recorded_birth_date=born, reference_date=REF)
    assert check.failures == (NikFailure.SEX_MISMATCH,)
    assert check.sex == sex


@given(kecamatan, birth_dates, sexes, st.integers(min_value=-30_000, max_value=30_000))
def test_birth_date_mismatch_detected(region: str, born: date, sex: int, shift: int) -> None:
    assume(shift != 0)
    recorded = born + timedelta(days=shift)  # never exactly 100 years away: DDMMYY differs
    nik = make_nik(kecamatan_code=region, birth_date=born, sex=sex, serial=1)
    check = parse_nik(nik, recorded_sex=sex, recorded_birth_date=recorded, reference_date=REF)
    assert check.failures == (NikFailure.BIRTH_DATE_MISMATCH,)


@given(
    st.lists(st.sampled_from("0123456789"), min_size=16, max_size=16),
    st.integers(min_value=0, max_value=15),
    st.characters().filter(lambda c: c not in "0123456789"),
)
def test_any_16_chars_with_a_non_digit_fails(digits: list[str], at: int, intruder: str) -> None:
    digits[at] = intruder
    check = parse_nik("".join(digits))
    assert not check.ok
    assert len(check.failures) == 1
    assert check.failures[0] in FORMAT_FAILURES
    assert check.kecamatan_code is None


@given(st.integers(min_value=10**15, max_value=10**16 - 1), st.integers(1, 10))
def test_excel_floats_are_flagged(number: int, precision: int) -> None:
    for text in (f"{number:.{precision}E}", f"{number:.{precision}e}".replace(".", ",")):
        check = parse_nik(text)
        assert check.failures == (NikFailure.SCIENTIFIC_NOTATION,)
        assert check.birth_date is None


@given(st.text("0123456789", max_size=40).filter(lambda s: len(s) != 16))
def test_wrong_length_digit_strings_fail(text: str) -> None:
    expected = NikFailure.EMPTY if not text else NikFailure.NOT_16_DIGITS
    assert parse_nik(text).failures == (expected,)


# --- make_nik ----------------------------------------------------------------------------


def test_make_nik_accepts_dotted_kecamatan() -> None:
    nik = make_nik(kecamatan_code="18.71.01", birth_date=date(1985, 7, 5), sex=FEMALE, serial=3)
    assert nik == "1871014507850003"


@pytest.mark.parametrize(
    "overrides",
    [
        {"serial": 0},
        {"serial": 10_000},
        {"sex": 0},
        {"sex": 3},
        {"kecamatan_code": "1871"},
        {"kecamatan_code": "18.71.01.1001"},
        {"kecamatan_code": "18710a"},
    ],
)
def test_make_nik_rejects_out_of_range(overrides: dict[str, object]) -> None:
    arguments: dict[str, object] = {
        "kecamatan_code": KEDATON,
        "birth_date": date(1985, 7, 5),
        "sex": MALE,
        "serial": 1,
    }
    arguments.update(overrides)
    with pytest.raises(ValueError):  # noqa: PT011 - several different messages
        make_nik(**arguments)  # type: ignore[arg-type]


# --- Messages ----------------------------------------------------------------------------


@pytest.mark.parametrize("failure", [*NikFailure, *KkFailure])
def test_every_failure_has_both_messages(failure: NikFailure | KkFailure) -> None:
    assert failure.message()
    assert failure.message(english=True)
    assert failure.message() != failure.message(english=True)


def test_failure_codes_are_stable_strings() -> None:
    assert NikFailure.NOT_16_DIGITS.value == "nik_bukan_16_digit"
    assert NikFailure.SCIENTIFIC_NOTATION.value == "nik_notasi_ilmiah"
    assert f"{NikFailure.SERIAL_ZERO}" == "nik_nomor_urut_nol"
    assert all(failure.value.startswith("nik_") for failure in NikFailure)
    assert all(failure.value.startswith("kk_") for failure in KkFailure)


# --- No. KK ------------------------------------------------------------------------------


def test_kk_example() -> None:
    check = parse_kk("1871011503150007", reference_date=REF)
    assert check.ok
    assert (check.kecamatan_code, check.issue_date, check.serial) == (
        KEDATON,
        date(2015, 3, 15),
        7,
    )


def test_kk_without_issue_date() -> None:
    check = parse_kk("1871010000000012")
    assert check.ok
    assert check.issue_date is None
    assert make_kk(kecamatan_code=KEDATON, issue_date=None, serial=12) == "1871010000000012"


@pytest.mark.parametrize(
    ("value", "failures"),
    [
        ("", (KkFailure.EMPTY,)),
        ("1.87101E+15", (KkFailure.SCIENTIFIC_NOTATION,)),
        ("187101150315000", (KkFailure.NOT_16_DIGITS,)),
        ("18710115031500a7", (KkFailure.NOT_16_DIGITS,)),
        ("9999991503150007", (KkFailure.REGION_UNKNOWN,)),
        ("1871013102150007", (KkFailure.DATE_INVALID,)),
        ("1871012902150007", (KkFailure.DATE_INVALID,)),
        ("1871015503150007", (KkFailure.DATE_INVALID,)),  # no +40 on a KK
        ("9999990013150007", (KkFailure.REGION_UNKNOWN, KkFailure.DATE_INVALID)),
    ],
)
def test_kk_failures(value: str, failures: tuple[KkFailure, ...]) -> None:
    check = parse_kk(value, reference_date=REF)
    assert check.failures == failures
    assert not check.ok


@given(
    kecamatan,
    st.one_of(st.none(), st.dates(min_value=date(1927, 1, 1), max_value=REF)),
    st.integers(min_value=0, max_value=9999),
)
def test_kk_round_trip(region: str, issued: date | None, serial: int) -> None:
    kk = make_kk(kecamatan_code=region, issue_date=issued, serial=serial)
    assert len(kk) == 16
    assert kk.isdigit()
    check = parse_kk(kk, reference_date=REF)
    assert check.ok, check.failures
    assert (check.kecamatan_code, check.issue_date, check.serial) == (region, issued, serial)


@given(
    st.lists(st.sampled_from("0123456789"), min_size=16, max_size=16),
    st.integers(min_value=0, max_value=15),
    st.characters().filter(lambda c: c not in "0123456789"),
)
def test_kk_with_a_non_digit_fails(digits: list[str], at: int, intruder: str) -> None:
    digits[at] = intruder
    check = parse_kk("".join(digits), region_exists=lambda code: True)
    assert not check.ok
    assert check.kecamatan_code is None


@pytest.mark.parametrize("serial", [-1, 10_000])
def test_make_kk_rejects_bad_serial(serial: int) -> None:
    with pytest.raises(ValueError, match="serial"):
        make_kk(kecamatan_code=KEDATON, issue_date=None, serial=serial)
