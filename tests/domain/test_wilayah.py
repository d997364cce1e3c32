"""Kemendagri region codes: the shipped kecamatan list and the dotted/undotted helpers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtks.domain import wilayah
from dtks.domain.wilayah import dotted, kecamatan_codes, kecamatan_exists, level_of, undotted

LEVEL_EXAMPLES = [
    ("18", "18", 1),
    ("1871", "18.71", 2),
    ("187101", "18.71.01", 3),
    ("1871011001", "18.71.01.1001", 4),
]


def test_kecamatan_codes_are_the_shipped_list() -> None:
    codes = kecamatan_codes()
    assert isinstance(codes, frozenset)
    assert len(codes) == 7285
    assert "187101" in codes  # Kedaton, Kota Bandar Lampung
    assert "352922" in codes  # Ra'as (quoted name in the CSV)
    assert all(len(code) == 6 and code.isdigit() for code in codes)


def test_kecamatan_codes_are_cached() -> None:
    assert kecamatan_codes() is kecamatan_codes()


def test_kecamatan_exists_accepts_both_forms_and_rejects_garbage() -> None:
    assert kecamatan_exists("187101")
    assert kecamatan_exists("18.71.01")
    assert not kecamatan_exists("999999")
    assert not kecamatan_exists("1871")
    assert not kecamatan_exists("18.71.01.1001")
    assert not kecamatan_exists("not a code")


@pytest.mark.parametrize(("plain", "with_dots", "level"), LEVEL_EXAMPLES)
def test_dotted_undotted_and_level(plain: str, with_dots: str, level: int) -> None:
    assert dotted(plain) == with_dots
    assert dotted(with_dots) == with_dots
    assert undotted(with_dots) == plain
    assert undotted(plain) == plain
    assert level_of(plain) == level
    assert level_of(with_dots) == level


def test_level_constants() -> None:
    assert (wilayah.PROVINCE, wilayah.REGENCY, wilayah.KECAMATAN, wilayah.VILLAGE) == (1, 2, 3, 4)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "1",
        "187",
        "18710",
        "1871011",
        "18710110011",
        "18.7.01",
        "18.71.1",
        "18.71.01.100",
        "18.71.01.1001.01",
        "18..71",
        "18.71.",
        ".18",
        "18-71-01",
        " 187101",
        "18.71.0a",
        "١٨٧١٠١",  # Arabic-Indic digits are digits to str.isdigit, not to us
        "1.87101E+5",
    ],
)
def test_bad_codes_raise_value_error(bad: str) -> None:
    for helper in (dotted, undotted, level_of):
        with pytest.raises(ValueError, match="not a Kemendagri region code"):
            helper(bad)


@given(
    st.sampled_from([2, 4, 6, 10]).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))
)
def test_round_trip_for_every_valid_length(code: str) -> None:
    assert undotted(dotted(code)) == code
    assert dotted(undotted(dotted(code))) == dotted(code)
    assert level_of(code) == level_of(dotted(code)) == {2: 1, 4: 2, 6: 3, 10: 4}[len(code)]


@given(st.text("0123456789", max_size=14).filter(lambda s: len(s) not in {2, 4, 6, 10}))
def test_other_lengths_are_rejected(code: str) -> None:
    with pytest.raises(ValueError, match="not a Kemendagri region code"):
        dotted(code)


def test_every_shipped_kecamatan_round_trips() -> None:
    for code in kecamatan_codes():
        assert undotted(dotted(code)) == code
        assert level_of(code) == wilayah.KECAMATAN
