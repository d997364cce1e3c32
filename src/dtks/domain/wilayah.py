"""Kemendagri region codes (wilayah) read from the CSV files shipped in ``dtks.regions``.

Pure Python, no Django. Codes have four levels: province ``18``, kabupaten/kota ``18.71``,
kecamatan ``18.71.01`` and desa/kelurahan ``18.71.01.1001``. The NIK and the No. KK carry the
kecamatan code without dots (``187101``).
"""

from __future__ import annotations

import csv
import functools
import io
from importlib.resources import files
from importlib.resources.abc import Traversable

PROVINCE = 1
REGENCY = 2
KECAMATAN = 3
VILLAGE = 4

_SEGMENT_LENGTHS = (2, 2, 2, 4)
_LEVEL_OF_UNDOTTED_LENGTH = {2: PROVINCE, 4: REGENCY, 6: KECAMATAN, 10: VILLAGE}
_SPLIT_POINTS = (0, 2, 4, 6, 10)


def _data_dir() -> Traversable:
    return files("dtks.regions") / "data"


def _read_codes(filename: str) -> list[str]:
    text = (_data_dir() / filename).read_text(encoding="utf-8")
    return [row["code"] for row in csv.DictReader(io.StringIO(text, newline=""))]


@functools.cache
def kecamatan_codes() -> frozenset[str]:
    """All kecamatan codes, undotted (``"187101"``)."""
    return frozenset(undotted(code) for code in _read_codes("districts.csv"))


def kecamatan_exists(code: str) -> bool:
    """Whether ``code`` (dotted or undotted) is a known kecamatan; False for malformed input."""
    if len(code) == 6 and code in kecamatan_codes():
        return True
    try:
        return level_of(code) == KECAMATAN and undotted(code) in kecamatan_codes()
    except ValueError:
        return False


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _bad_code(code: str) -> ValueError:
    return ValueError(
        f"not a Kemendagri region code: {code!r}; expected 2, 4, 6 or 10 digits "
        "(e.g. '187101') or the dotted form (e.g. '18.71.01', '18.71.01.1001')"
    )


def _segments(code: str) -> list[str]:
    """Split a dotted or undotted code into its level segments, validating the format."""
    if "." in code:
        parts = code.split(".")
        if len(parts) > len(_SEGMENT_LENGTHS):
            raise _bad_code(code)
        for part, length in zip(parts, _SEGMENT_LENGTHS, strict=False):
            if len(part) != length or not _is_digits(part):
                raise _bad_code(code)
        return parts
    level = _LEVEL_OF_UNDOTTED_LENGTH.get(len(code))
    if level is None or not _is_digits(code):
        raise _bad_code(code)
    return [code[_SPLIT_POINTS[i] : _SPLIT_POINTS[i + 1]] for i in range(level)]


def dotted(code: str) -> str:
    """``"187101"`` -> ``"18.71.01"``; a dotted code is validated and returned unchanged."""
    return ".".join(_segments(code))


def undotted(code: str) -> str:
    """``"18.71.01"`` -> ``"187101"``; an undotted code is validated and returned unchanged."""
    return "".join(_segments(code))


def level_of(code: str) -> int:
    """1 province, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan."""
    return len(_segments(code))
