"""NIK and No. KK, built vectorised.

NIK = 6-digit kecamatan of first registration + DDMMYY birth date (day + 40 for women) +
4-digit serial; No. KK = 6-digit kecamatan + DDMMYY issue date + 4-digit serial. Serials start
at ``serial_base + 1`` and are unique per 12-digit prefix, with small random gaps (other
people registered in between). Numbers are int64 (16 digits fit); ``digits16`` writes them.
"""

from __future__ import annotations

import numpy as np

from dtks.synth.population import FEMALE, YEAR

MAX_SERIAL = 9999
FEMALE_DAY_OFFSET = 40


def date_parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) arrays of day numbers since 1970-01-01."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months).astype(np.int64) + 1
    return year, month, day


def _serials(rng: np.random.Generator, prefix: np.ndarray, serial_base: int) -> np.ndarray:
    n = len(prefix)
    order = np.lexsort((rng.random(n), prefix))
    sp = prefix[order]
    gaps = np.where(rng.random(n) < 0.7, 1, rng.integers(2, 4, n)).astype(np.int64)
    cs = np.cumsum(gaps)
    start = np.r_[True, sp[1:] != sp[:-1]] if n else np.zeros(0, bool)
    base = np.maximum.accumulate(np.where(start, cs - gaps, 0))
    serial = np.empty(n, dtype=np.int64)
    serial[order] = serial_base + cs - base
    if n and serial.max() > MAX_SERIAL:
        raise ValueError("NIK/KK serial overflow: too many people with one prefix")
    return serial


def make_niks(
    rng: np.random.Generator,
    kec6: np.ndarray,
    birth: np.ndarray,
    sex: np.ndarray,
    serial_base: int = 0,
) -> np.ndarray:
    """NIKs (int64) for people with the given registration kecamatan, birth day and sex."""
    year, month, day = date_parts(birth)
    day = day + FEMALE_DAY_OFFSET * (sex == FEMALE)
    prefix = kec6.astype(np.int64) * 1_000_000 + day * 10_000 + month * 100 + year % 100
    return prefix * 10_000 + _serials(rng, prefix, serial_base)


def make_kks(
    rng: np.random.Generator,
    kk_unit: np.ndarray,
    kec6: np.ndarray,
    birth: np.ndarray,
    ref_day: int,
    serial_base: int = 0,
) -> np.ndarray:
    """A No. KK per person from their family-card unit: issued in the unit's (first member's)
    kecamatan after the youngest member's birth."""
    units, first, inverse = np.unique(kk_unit, return_index=True, return_inverse=True)
    youngest = np.full(len(units), np.iinfo(np.int64).min)
    np.maximum.at(youngest, inverse, birth)
    m = len(units)
    after_birth = youngest + rng.integers(20, 400, m)
    recent = ref_day - (rng.random(m) * 14 * YEAR).astype(np.int64)
    issue = np.minimum(np.maximum(after_birth, recent), ref_day - 1)
    year, month, day = date_parts(issue)
    prefix = kec6[first].astype(np.int64) * 1_000_000 + day * 10_000 + month * 100 + year % 100
    kk = prefix * 10_000 + _serials(rng, prefix, serial_base)
    return kk[inverse]


def digits16(values: np.ndarray) -> np.ndarray:
    """16-digit strings (object array)."""
    return np.array([f"{v:016d}" for v in values.tolist()], dtype=object)
