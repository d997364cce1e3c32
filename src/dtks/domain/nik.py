"""NIK and No. KK: parsing, validation and construction.

NIK (16 digits): kecamatan code of first registration (6), birth date DDMMYY with 40 added to
the day for women (6), serial from 0001 (4). No. KK (16 digits): kecamatan code (6), issue date
DDMMYY or ``000000`` (6), serial (4). See ``shared/domain/DTKS.md``, "Identifiers".

Values are validated, never repaired: ``1.80105E+15`` (a NIK that went through Excel) is
flagged, not turned back into digits. Pure Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dtks.domain import codes, wilayah

__all__ = [
    "KkCheck",
    "KkFailure",
    "NikCheck",
    "NikFailure",
    "make_kk",
    "make_nik",
    "parse_kk",
    "parse_nik",
]

ID_LENGTH = 16
FEMALE_DAY_OFFSET = 40
MAX_SERIAL = 9999

# Only used on values that already failed the digit check.
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

RegionExists = Callable[[str], bool]


class NikFailure(StrEnum):
    """Why a NIK is invalid; the values are stable validation rule codes."""

    EMPTY = "nik_kosong"
    NOT_16_DIGITS = "nik_bukan_16_digit"
    SCIENTIFIC_NOTATION = "nik_notasi_ilmiah"
    REGION_UNKNOWN = "nik_wilayah_tidak_dikenal"
    DATE_INVALID = "nik_tanggal_tidak_valid"
    SERIAL_ZERO = "nik_nomor_urut_nol"
    SEX_MISMATCH = "nik_jenis_kelamin_tidak_sesuai"
    BIRTH_DATE_MISMATCH = "nik_tanggal_lahir_tidak_sesuai"

    def message(self, english: bool = False) -> str:
        indonesian, english_text = _NIK_MESSAGES[self]
        return english_text if english else indonesian


class KkFailure(StrEnum):
    """Why a No. KK (family card number) is invalid; stable validation rule codes."""

    EMPTY = "kk_kosong"
    NOT_16_DIGITS = "kk_bukan_16_digit"
    SCIENTIFIC_NOTATION = "kk_notasi_ilmiah"
    REGION_UNKNOWN = "kk_wilayah_tidak_dikenal"
    DATE_INVALID = "kk_tanggal_tidak_valid"

    def message(self, english: bool = False) -> str:
        indonesian, english_text = _KK_MESSAGES[self]
        return english_text if english else indonesian


_EXCEL_HINT_ID = "sehingga digitnya hilang (biasanya karena Excel); masukkan ulang dari dokumen"
_EXCEL_HINT_EN = "so digits were lost (usually through Excel); re-enter it from the document"

_NIK_MESSAGES: dict[NikFailure, tuple[str, str]] = {
    NikFailure.EMPTY: ("NIK kosong.", "NIK is empty."),
    NikFailure.NOT_16_DIGITS: (
        "NIK harus terdiri dari tepat 16 digit angka.",
        "NIK must consist of exactly 16 digits.",
    ),
    NikFailure.SCIENTIFIC_NOTATION: (
        f"NIK tertulis dalam notasi ilmiah (mis. 1,80105E+15) {_EXCEL_HINT_ID}.",
        f"NIK is in scientific notation (e.g. 1.80105E+15) {_EXCEL_HINT_EN}.",
    ),
    NikFailure.REGION_UNKNOWN: (
        "Enam digit pertama NIK bukan kode kecamatan yang dikenal.",
        "The first six digits of the NIK are not a known kecamatan code.",
    ),
    NikFailure.DATE_INVALID: (
        "Digit 7-12 NIK bukan tanggal lahir yang valid (DDMMYY, tanggal +40 untuk perempuan).",
        "Digits 7-12 of the NIK are not a valid birth date (DDMMYY, day +40 for women).",
    ),
    NikFailure.SERIAL_ZERO: (
        "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.",
        "The NIK serial number (last 4 digits) must not be 0000.",
    ),
    NikFailure.SEX_MISMATCH: (
        "Jenis kelamin menurut NIK tidak sesuai dengan jenis kelamin yang tercatat.",
        "The sex encoded in the NIK does not match the recorded sex.",
    ),
    NikFailure.BIRTH_DATE_MISMATCH: (
        "Tanggal lahir menurut NIK tidak sesuai dengan tanggal lahir yang tercatat.",
        "The birth date encoded in the NIK does not match the recorded birth date.",
    ),
}

_KK_MESSAGES: dict[KkFailure, tuple[str, str]] = {
    KkFailure.EMPTY: ("Nomor KK kosong.", "The family card number is empty."),
    KkFailure.NOT_16_DIGITS: (
        "Nomor KK harus terdiri dari tepat 16 digit angka.",
        "The family card number must consist of exactly 16 digits.",
    ),
    KkFailure.SCIENTIFIC_NOTATION: (
        f"Nomor KK tertulis dalam notasi ilmiah (mis. 1,80105E+15) {_EXCEL_HINT_ID}.",
        f"The family card number is in scientific notation (e.g. 1.80105E+15) {_EXCEL_HINT_EN}.",
    ),
    KkFailure.REGION_UNKNOWN: (
        "Enam digit pertama nomor KK bukan kode kecamatan yang dikenal.",
        "The first six digits of the family card number are not a known kecamatan code.",
    ),
    KkFailure.DATE_INVALID: (
        "Digit 7-12 nomor KK bukan tanggal terbit yang valid (DDMMYY atau 000000).",
        "Digits 7-12 of the family card number are not a valid issue date (DDMMYY or 000000).",
    ),
}


@dataclass(frozen=True, slots=True)
class NikCheck:
    """Result of :func:`parse_nik`. The parsed parts are None when the value is not 16 digits;
    ``birth_date`` is None when digits 7-12 are not a date, ``sex`` when the day field is
    neither 01-31 (male) nor 41-71 (female)."""

    value: str
    ok: bool
    failures: tuple[NikFailure, ...]
    kecamatan_code: str | None = None
    sex: int | None = None
    birth_date: date | None = None
    serial: int | None = None


@dataclass(frozen=True, slots=True)
class KkCheck:
    """Result of :func:`parse_kk`; ``issue_date`` is None for ``000000`` or an invalid date."""

    value: str
    ok: bool
    failures: tuple[KkFailure, ...]
    kecamatan_code: str | None = None
    issue_date: date | None = None
    serial: int | None = None


def _is_real_date(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and day == 29:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= _DAYS_IN_MONTH[month]


def _ddmmyy(value: date) -> tuple[int, int, int]:
    return value.day, value.month, value.year % 100


def _resolve_year(day: int, month: int, yy: int, reference: date) -> int | None:
    """The latest year ending in ``yy`` where day/month is a real date not after ``reference``
    (this gives an age in [0, 100) whenever such a year exists); None when there is none."""
    century = reference.year - reference.year % 100
    for year in (century + yy, century - 100 + yy):
        if _is_real_date(year, month, day) and date(year, month, day) <= reference:
            return year
    return None


def _is_16_digits(text: str) -> bool:
    return len(text) == ID_LENGTH and text.isascii() and text.isdigit()


def _is_scientific(text: str) -> bool:
    return _SCIENTIFIC.fullmatch(text) is not None


def _default_region_exists(code: str) -> bool:
    return code in wilayah.kecamatan_codes()


def parse_nik(
    value: str,
    *,
    recorded_sex: int | None = None,
    recorded_birth_date: date | None = None,
    reference_date: date | None = None,
    region_exists: RegionExists | None = None,
) -> NikCheck:
    """Parse and validate a NIK, reporting every failure that applies.

    ``recorded_sex`` (codes.MALE/FEMALE; other values are ignored) and ``recorded_birth_date``
    are compared with what the NIK encodes. The century of the birth date comes from
    ``recorded_birth_date`` when its day, month and two-digit year agree with the NIK;
    otherwise it is the one giving an age in [0, 100) on ``reference_date`` (default today).
    """
    text = value.strip()
    if not _is_16_digits(text):
        if not text:
            failure = NikFailure.EMPTY
        elif _is_scientific(text):
            failure = NikFailure.SCIENTIFIC_NOTATION
        else:
            failure = NikFailure.NOT_16_DIGITS
        return NikCheck(value=value, ok=False, failures=(failure,))

    failures: list[NikFailure] = []
    kecamatan_code = text[:6]
    if not (region_exists or _default_region_exists)(kecamatan_code):
        failures.append(NikFailure.REGION_UNKNOWN)

    coded_day, month, yy = int(text[6:8]), int(text[8:10]), int(text[10:12])
    sex: int | None = None
    day = coded_day
    if 1 <= coded_day <= 31:
        sex = codes.MALE
    elif FEMALE_DAY_OFFSET + 1 <= coded_day <= FEMALE_DAY_OFFSET + 31:
        sex = codes.FEMALE
        day = coded_day - FEMALE_DAY_OFFSET

    birth_date: date | None = None
    date_agrees = True
    if sex is not None:
        recorded = recorded_birth_date
        if recorded is not None and (day, month, yy) == _ddmmyy(recorded):
            birth_date = date(recorded.year, month, day)
        else:
            year = _resolve_year(day, month, yy, reference_date or date.today())
            if year is not None:
                birth_date = date(year, month, day)
                date_agrees = recorded is None
    if birth_date is None:
        failures.append(NikFailure.DATE_INVALID)

    serial = int(text[12:])
    if serial == 0:
        failures.append(NikFailure.SERIAL_ZERO)
    if sex is not None and recorded_sex in (codes.MALE, codes.FEMALE) and sex != recorded_sex:
        failures.append(NikFailure.SEX_MISMATCH)
    if not date_agrees:
        failures.append(NikFailure.BIRTH_DATE_MISMATCH)

    return NikCheck(
        value=value,
        ok=not failures,
        failures=tuple(failures),
        kecamatan_code=kecamatan_code,
        sex=sex,
        birth_date=birth_date,
        serial=serial,
    )


def parse_kk(
    value: str,
    *,
    region_exists: RegionExists | None = None,
    reference_date: date | None = None,
) -> KkCheck:
    """Parse and validate a No. KK. The issue date's century is the latest one that does not
    put it after ``reference_date`` (default today); ``000000`` means no issue date."""
    text = value.strip()
    if not _is_16_digits(text):
        if not text:
            failure = KkFailure.EMPTY
        elif _is_scientific(text):
            failure = KkFailure.SCIENTIFIC_NOTATION
        else:
            failure = KkFailure.NOT_16_DIGITS
        return KkCheck(value=value, ok=False, failures=(failure,))

    failures: list[KkFailure] = []
    kecamatan_code = text[:6]
    if not (region_exists or _default_region_exists)(kecamatan_code):
        failures.append(KkFailure.REGION_UNKNOWN)

    issue_date: date | None = None
    if text[6:12] != "000000":
        day, month, yy = int(text[6:8]), int(text[8:10]), int(text[10:12])
        year = _resolve_year(day, month, yy, reference_date or date.today())
        if year is None:
            failures.append(KkFailure.DATE_INVALID)
        else:
            issue_date = date(year, month, day)

    return KkCheck(
        value=value,
        ok=not failures,
        failures=tuple(failures),
        kecamatan_code=kecamatan_code,
        issue_date=issue_date,
        serial=int(text[12:]),
    )


def _kecamatan_digits(kecamatan_code: str) -> str:
    """Undotted 6-digit kecamatan code; ValueError for anything else."""
    if wilayah.level_of(kecamatan_code) != wilayah.KECAMATAN:
        raise ValueError(f"not a kecamatan code (6 digits or NN.NN.NN): {kecamatan_code!r}")
    return wilayah.undotted(kecamatan_code)


def make_nik(*, kecamatan_code: str, birth_date: date, sex: int, serial: int) -> str:
    """Build a NIK (inverse of :func:`parse_nik`). The region is not checked for existence."""
    region = _kecamatan_digits(kecamatan_code)
    if sex not in (codes.MALE, codes.FEMALE):
        raise ValueError(f"sex must be codes.MALE ({codes.MALE}) or codes.FEMALE, not {sex!r}")
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"NIK serial must be 1..{MAX_SERIAL}, not {serial!r}")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == codes.FEMALE else 0)
    return f"{region}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def make_kk(*, kecamatan_code: str, issue_date: date | None, serial: int) -> str:
    """Build a No. KK (inverse of :func:`parse_kk`); ``issue_date=None`` writes ``000000``."""
    region = _kecamatan_digits(kecamatan_code)
    if not 0 <= serial <= MAX_SERIAL:
        raise ValueError(f"KK serial must be 0..{MAX_SERIAL}, not {serial!r}")
    if issue_date is None:
        issued = "000000"
    else:
        issued = f"{issue_date.day:02d}{issue_date.month:02d}{issue_date.year % 100:02d}"
    return f"{region}{issued}{serial:04d}"
