"""Error injection for the dirty source extracts: what Excel, typing and time do to records.

``inject`` takes a source's records (clean values copied from the truth) and turns them into
what the source wrote, logging one ``(record, kind)`` pair per injected error. Error kinds are
the field names of ``ErrorRates`` and are stable: they are the ``error`` values of
``ground_truth/errors.csv``. An error is only logged when it changed the value.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np

from dtks.synth import names as nm
from dtks.synth.config import EXCEL_EPOCH, ErrorRates
from dtks.synth.identifiers import date_parts

Array = np.ndarray
# Excel serial number of 1970-01-01 (serials count days from Excel's day 0).
_EXCEL_OFFSET = date(1970, 1, 1).toordinal() - EXCEL_EPOCH.toordinal()
_OLD_SPELLING = str.maketrans(
    {"j": "dj", "c": "tj", "y": "j", "u": "oe", "J": "Dj", "C": "Tj", "Y": "J", "U": "Oe"}
)
_KEEP_TOKENS = frozenset(nm.MUHAMMAD_VARIANTS) | frozenset(nm.AHMAD_VARIANTS)
# Western given names and Chinese-Indonesian/eastern surnames never had an old spelling.
_NO_OLD_SPELLING = _KEEP_TOKENS | frozenset(
    str(name)
    for pool in (nm.TIONGHOA_FIRST_M, nm.TIONGHOA_FIRST_F, nm.KRISTEN_FIRST_M, nm.KRISTEN_FIRST_F,
                 nm.BATAK_FIRST_M, nm.BATAK_FIRST_F, nm.TIONGHOA_SURNAME, nm.KRISTEN_SURNAME)
    for name in pool
)  # fmt: skip
_PARTICLES = frozenset({"I", "Ni", "Luh", "Andi", "Siti", "Sitti", "Nur", "Abdul"}) | _KEEP_TOKENS
_WORD = re.compile(r"[A-Za-z.'-]+")


class ErrorLog:
    def __init__(self) -> None:
        self.index: list[Array] = []
        self.kind: list[str] = []

    def add(self, rows: Array, kind: str) -> None:
        if len(rows):
            self.index.append(np.asarray(rows, dtype=np.int64))
            self.kind.extend([kind] * len(rows))

    def arrays(self) -> tuple[Array, Array]:
        if not self.index:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
        return np.concatenate(self.index), np.array(self.kind, dtype=object)


def old_spelling(name: str) -> str:
    """Pre-1972 spelling of a modern name (Suryadi -> Soerjadi, Cahyono -> Tjahjono)."""
    words = []
    for word in name.split(" "):
        if word in _NO_OLD_SPELLING:
            words.append(word)
            continue
        old = word.translate(_OLD_SPELLING).replace("aoe", "au").replace("Aoe", "Au")
        words.append(old.replace("kh", "ch").replace("Kh", "Ch"))
    return " ".join(words)


def excel_sci(value: str) -> str:
    """What Excel shows for a 16-digit number in a General cell: ``1.80105E+15``."""
    return f"{int(value):.5E}"


def _exclusive(rng: np.random.Generator, n: int, rates: dict[str, float]) -> Array:
    """One error kind (index into rates) or -1 per record; the kinds exclude each other."""
    cum = np.cumsum(list(rates.values()))
    if cum[-1] > 1.0 + 1e-9:
        raise ValueError(f"rates of one exclusive group sum to more than 1: {rates}")
    pick = np.searchsorted(cum, rng.random(n), side="right")
    return np.where(pick < len(rates), pick, -1)


def _mangle_number(rng: np.random.Generator, value: str, kind: str) -> str | None:
    if kind.endswith("excel_sci"):
        return excel_sci(value)
    if kind.endswith("excel_rounded"):
        k = int(rng.choice([1, 2, 3, 4], p=[0.55, 0.15, 0.1, 0.2]))
        return value[: 16 - k] + "0" * k
    if kind.endswith("lead_typo"):
        return str((int(value[0]) + int(rng.integers(1, 9))) % 9 + 1) + value[1:]
    if kind.endswith("digit_typo"):
        pos = int(rng.integers(0, 16))
        digit = str((int(value[pos]) + int(rng.integers(1, 10))) % 10)
        return value[:pos] + digit + value[pos + 1 :]
    if kind.endswith("transposition"):
        swaps = [i for i in range(15) if value[i] != value[i + 1]]
        i = swaps[int(rng.integers(0, len(swaps)))]
        return value[:i] + value[i + 1] + value[i] + value[i + 2 :]
    if kind.endswith("missing"):
        return None
    raise ValueError(kind)


def _numbers(
    rng: np.random.Generator, rec: dict[str, Array], field: str, rates: dict[str, float],
    log: ErrorLog, shared_with: Array | None = None,
) -> None:  # fmt: skip
    values = rec[field]
    kinds = list(rates)
    pick = _exclusive(rng, len(values), rates)
    for k, kind in enumerate(kinds):
        rows = np.flatnonzero(pick == k)
        changed = []
        for i in rows.tolist():
            old = values[i]
            if kind == "nik_shared":
                if shared_with is None or shared_with[i] < 0:
                    continue
                new = rec["nik_true"][shared_with[i]]
            else:
                new = _mangle_number(rng, old, kind)
            if new != old:
                values[i] = new
                changed.append(i)
        log.add(np.array(changed, dtype=np.int64), kind)


def _dates(
    rng: np.random.Generator, rec: dict[str, Array], rates: dict[str, float], log: ErrorLog
) -> None:
    birth = rec["birth"]
    year, month, day = date_parts(birth)
    iso = np.datetime_as_string(birth.astype("datetime64[D]")).astype(object)
    pick = _exclusive(rng, len(birth), rates)
    for k, kind in enumerate(rates):
        rows = np.flatnonzero(pick == k)
        y, m, d = year[rows], month[rows], day[rows]
        new: list[str | None]
        if kind == "dob_day_month_swap":
            ok = (d <= 12) & (d != m)
            rows, y, m, d = rows[ok], y[ok], m[ok], d[ok]
            new = [f"{a:04d}-{c:02d}-{b:02d}" for a, b, c in zip(y, m, d, strict=True)]
        elif kind == "dob_year_off":
            y = y + rng.choice([-1, 1], len(rows))
            d = np.where((m == 2) & (d == 29), 28, d)
            new = [f"{a:04d}-{b:02d}-{c:02d}" for a, b, c in zip(y, m, d, strict=True)]
        elif kind == "dob_excel_serial":
            new = [str(int(v) + _EXCEL_OFFSET) for v in birth[rows]]
        elif kind == "dob_dmy_string":
            new = [f"{c:02d}/{b:02d}/{a:04d}" for a, b, c in zip(y, m, d, strict=True)]
        else:
            new = [None] * len(rows)
        iso[rows] = np.array(new, dtype=object)
        log.add(rows, kind)
    rec["tanggal_lahir"] = iso


def _replace_token(
    core: str, choices: tuple[str, ...], targets: frozenset[str], rng: np.random.Generator
) -> str:
    words = core.split(" ")
    for j, word in enumerate(words):
        if word in targets:
            options = [c for c in choices if c != word]
            words[j] = options[int(rng.integers(0, len(options)))]
            break
    return " ".join(words)


def _names(rng: np.random.Generator, rec: dict[str, Array], r: ErrorRates, log: ErrorLog) -> None:
    core = rec["core"].copy()
    pre, suf, show = rec["pre"], rec["suf"], rec["show"].copy()
    n = len(core)
    titled = (pre != "") | (suf != "")
    u = rng.random((8, n))

    added = titled & ~show & (u[0] < r.name_title_added)
    dropped = titled & show & (u[1] < r.name_title_dropped)
    show[added], show[dropped] = True, False
    log.add(np.flatnonzero(added), "name_title_added")
    log.add(np.flatnonzero(dropped), "name_title_dropped")

    has_m = np.array([" Muhammad" in f" {c}" for c in core.tolist()], dtype=bool)
    rows = np.flatnonzero(has_m & (u[2] < r.name_muhammad_variant))
    targets = frozenset({"Muhammad"})
    for i in rows.tolist():
        core[i] = _replace_token(core[i], nm.MUHAMMAD_VARIANTS, targets, rng)
    log.add(rows, "name_muhammad_variant")
    has_a = np.array([" Ahmad" in f" {c}" for c in core.tolist()], dtype=bool)
    rows = np.flatnonzero(has_a & (u[3] < r.name_ahmad_variant))
    for i in rows.tolist():
        core[i] = _replace_token(core[i], nm.AHMAD_VARIANTS, frozenset({"Ahmad"}), rng)
    log.add(rows, "name_ahmad_variant")

    cand = np.flatnonzero((rec["born_year"] < 1975) & (u[4] < r.name_old_spelling))
    changed = []
    for i in cand.tolist():
        old = old_spelling(core[i])
        if old != core[i]:
            core[i] = old
            changed.append(i)
    log.add(np.array(changed, dtype=np.int64), "name_old_spelling")

    changed = []
    for i in np.flatnonzero(u[5] < r.name_nickname).tolist():
        words = core[i].split(" ")
        for j, word in enumerate(words):
            if word in nm.NICKNAMES:
                options = nm.NICKNAMES[word]
                words[j] = options[int(rng.integers(0, len(options)))]
                core[i] = " ".join(words)
                changed.append(i)
                break
    log.add(np.array(changed, dtype=np.int64), "name_nickname")

    changed = []
    for i in np.flatnonzero(u[6] < r.name_first_only).tolist():
        words = [w for w in core[i].split(" ") if w not in _PARTICLES and w != "br."]
        if len(words) >= 2:
            core[i] = words[0]
            changed.append(i)
    log.add(np.array(changed, dtype=np.int64), "name_first_only")

    full = np.array(
        [
            (f"{p} {c}" if p and s_ else c) + (f", {x}" if x and s_ else "")
            for p, c, x, s_ in zip(
                pre.tolist(), core.tolist(), suf.tolist(), show.tolist(), strict=True
            )
        ],
        dtype=object,
    )
    upper = np.flatnonzero(u[7] < r.name_upper)
    for field in ("tempat_lahir", "nama_ibu_kandung", "alamat"):
        col = rec[field]
        col[upper] = np.array([v.upper() if v else v for v in col[upper].tolist()], dtype=object)
    full[upper] = np.array([v.upper() for v in full[upper].tolist()], dtype=object)
    log.add(upper, "name_upper")
    rec["nama"] = full


def _rt_rw(values: Array, unpadded: Array) -> Array:
    pairs = zip(values.tolist(), unpadded.tolist(), strict=True)
    return np.array([str(v) if f else f"{v:03d}" for v, f in pairs], dtype=object)


def inject(
    rng: np.random.Generator, rec: dict[str, Array], r: ErrorRates, log: ErrorLog, head_row: Array
) -> None:
    """Apply every error kind to the records in place; ``head_row`` is the row of each record's
    household head in the same source (-1 if none or the record is the head)."""
    rec["nik_true"] = rec["nik"].copy()
    _numbers(rng, rec, "nik", r.group("nik_"), log, shared_with=head_row)
    _numbers(rng, rec, "no_kk", r.group("kk_"), log)
    _dates(rng, rec, r.group("dob_"), log)
    _names(rng, rec, r, log)
    n = len(rec["nik"])
    gone = np.flatnonzero(rng.random(n) < r.mother_name_missing)
    rec["nama_ibu_kandung"][gone] = None
    log.add(gone, "mother_name_missing")
    # Formatting drawn per source household: RT/RW without zeros, undotted region codes.
    hh = rec["hh_key"]
    n_hh = int(hh.max()) + 1 if n else 0
    unpadded = (rng.random(n_hh) < r.rt_rw_unpadded)[hh]
    undotted = (rng.random(n_hh) < r.region_undotted)[hh]
    changes = unpadded & ((rec["rt"] < 100) | (rec["rw"] < 100))
    rec["rt"] = _rt_rw(rec["rt"], unpadded)
    rec["rw"] = _rt_rw(rec["rw"], unpadded)
    log.add(np.flatnonzero(changes), "rt_rw_unpadded")
    codes = rec["kode_wilayah"]
    codes[undotted] = np.array([c.replace(".", "") for c in codes[undotted].tolist()], dtype=object)
    log.add(np.flatnonzero(undotted), "region_undotted")
