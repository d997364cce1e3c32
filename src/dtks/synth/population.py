"""Households and their members: family structure, sex, birth dates, marital status, mothers.

Everything is vectorised: each kind of member (heads, spouses, children, a married child's
family, parents, grandchildren, other relatives) is drawn for all households at once as a
block of arrays; the blocks are concatenated and sorted into household order.

Person columns (``pp``): ``hh`` household index, ``rel`` hubungan code, ``sex``, ``birth``
(days since 1970-01-01), ``marital`` status_kawin code, ``mother`` (index of the mother when
she lives in the household, else -1), ``kk`` family-card unit, ``group`` origin group,
``line`` surname line key (-1 = own surname). Household columns (``hh``): ``group``,
``religion``, ``size``, ``head``, ``kind``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dtks.domain import codes
from dtks.synth import names
from dtks.synth.config import code_of

YEAR = 365.2425
SINGLE, COUPLE, LONE_PARENT = 0, 1, 2
KIND_SHARES = (0.07, 0.79, 0.14)

REL_HEAD, REL_SPOUSE, REL_CHILD = codes.HEAD, codes.SPOUSE, codes.CHILD
REL_IN_LAW = code_of(codes.HUBUNGAN, "Child-in-law")
REL_GRANDCHILD = code_of(codes.HUBUNGAN, "Grandchild")
REL_PARENT = code_of(codes.HUBUNGAN, "Parent/in-law")
REL_OTHER = code_of(codes.HUBUNGAN, "Other")
# Order of members within a household (then oldest first).
ROLE_ORDER = {REL_HEAD: 0, REL_SPOUSE: 1, REL_CHILD: 2, REL_IN_LAW: 3, REL_GRANDCHILD: 4}
ROLE_ORDER |= {REL_PARENT: 5, REL_OTHER: 6}

SINGLE_S = code_of(codes.STATUS_KAWIN, "Single")
MARRIED = code_of(codes.STATUS_KAWIN, "Married")
DIVORCED = code_of(codes.STATUS_KAWIN, "Divorced")
WIDOWED = code_of(codes.STATUS_KAWIN, "Widowed")
MALE, FEMALE = codes.MALE, codes.FEMALE

# Age distribution of married women (ages 18-85): knots and relative density.
_WIFE_AGE = (
    np.array([18, 22, 26, 50, 58, 66, 74, 86]),
    np.array([0.2, 0.8, 1, 1, 0.8, 0.45, 0.2, 0]),
)
_LONE_MOTHER_AGE = (np.array([22, 30, 45, 60, 75, 90]), np.array([0.3, 0.7, 1, 1, 0.5, 0]))
MAX_AGE = 95.0


@dataclass
class Population:
    hh: dict[str, np.ndarray]
    pp: dict[str, np.ndarray]
    ref_day: int  # the reference date, days since 1970-01-01

    @property
    def n_households(self) -> int:
        return len(self.hh["size"])

    @property
    def n_persons(self) -> int:
        return len(self.pp["hh"])

    def age(self) -> np.ndarray:
        """Completed years of age at the reference date (float years)."""
        return (self.ref_day - self.pp["birth"]) / YEAR


def _draw_age(rng: np.random.Generator, n: int, table: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Ages from a piecewise-linear density given by knots and relative heights."""
    grid = np.linspace(table[0][0], table[0][-1], 400)
    density = np.interp(grid, *table)
    cdf = np.cumsum(density)
    cdf /= cdf[-1]
    return np.interp(rng.random(n), cdf, grid)


class _Blocks:
    """Accumulates blocks of person columns; a block's persons get consecutive indices."""

    def __init__(self) -> None:
        self.parts: list[dict[str, np.ndarray]] = []
        self.count = 0

    def add(self, **cols: np.ndarray | int) -> np.ndarray:
        n = len(np.asarray(cols["hh"]))
        block = {k: np.broadcast_to(np.asarray(v), (n,)).copy() for k, v in cols.items()}
        self.parts.append(block)
        start = self.count
        self.count += n
        return np.arange(start, start + n)

    def concat(self) -> dict[str, np.ndarray]:
        keys = self.parts[0].keys()
        return {k: np.concatenate([p[k] for p in self.parts]) for k in keys}


def _children(
    rng: np.random.Generator,
    mother_age: np.ndarray,
    mean_children: np.ndarray,
    first_birth_mean: float,
    max_kids: int = 7,
) -> tuple[np.ndarray, np.ndarray]:
    """Children ever born to mothers of the given ages: (row of the mother, age of the child
    in years). Mothers are 17-45 at each birth; about 1.2 % of births are twins."""
    m = len(mother_age)
    k = np.minimum(rng.poisson(mean_children), max_kids)
    first = np.clip(rng.normal(first_birth_mean, 3.5, m), 17.0, 38.0)
    gaps = 1.0 + rng.gamma(2.0, 1.3, (m, max_kids))
    gaps[rng.random((m, max_kids)) < 0.012] = 0.0  # twins
    gaps[:, 0] = 0.0
    at_birth = first[:, None] + np.cumsum(gaps, axis=1)
    valid = (np.arange(max_kids)[None, :] < k[:, None]) & (at_birth <= 45.0)
    valid &= at_birth < mother_age[:, None]
    rows, cols = np.nonzero(valid)
    return rows, mother_age[rows] - at_birth[rows, cols]


def _stays_home(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    p = np.interp(age, [16, 17, 22, 27, 34, 40], [1.0, 0.95, 0.85, 0.6, 0.3, 0.12])
    return rng.random(len(age)) < p


def _other_group(rng: np.random.Generator, group: np.ndarray, keep: float) -> np.ndarray:
    n = len(group)
    other = rng.choice(len(names.GROUP_SHARES), size=n, p=names.GROUP_SHARES)
    return np.where(rng.random(n) < keep, group, other).astype(np.int8)


def build_population(rng: np.random.Generator, n: int, ref_day: int) -> Population:
    """Draw ``n`` households and their members."""
    kind = rng.choice(3, size=n, p=KIND_SHARES)
    group = rng.choice(len(names.GROUP_SHARES), size=n, p=names.GROUP_SHARES).astype(np.int8)
    rel_u = rng.random(n)
    religion = (rel_u[:, None] > np.cumsum(names.GROUP_RELIGION[group], axis=1)).sum(axis=1)
    religion = np.minimum(religion, 3).astype(np.int8)
    hh_idx = np.arange(n)

    def days(age: np.ndarray) -> np.ndarray:
        return ref_day - np.round(np.minimum(age, MAX_AGE) * YEAR).astype(np.int64)

    # Mother's (or wife's) age drives everything; the head's follows.
    wife_age = _draw_age(rng, n, _WIFE_AGE)
    lone_f = (kind == LONE_PARENT) & (rng.random(n) < 0.8)
    wife_age = np.where(lone_f, _draw_age(rng, n, _LONE_MOTHER_AGE), wife_age)
    gap = np.clip(rng.normal(4.5, 4.0, n), -3.0, 20.0)
    husband_age = np.clip(wife_age + gap, 19.0, MAX_AGE)
    single_young = rng.random(n) < 0.4
    single_age = np.where(single_young, rng.uniform(19, 35, n), rng.triangular(55, 66, 92, n))
    single_sex = np.where(rng.random(n) < np.where(single_young, 0.6, 0.3), MALE, FEMALE).astype(
        np.int8
    )

    female_head = (kind == COUPLE) & (rng.random(n) < 0.03) | lone_f
    head_sex = np.where(female_head, FEMALE, MALE).astype(np.int8)
    head_sex = np.where(kind == SINGLE, single_sex, head_sex).astype(np.int8)
    head_age = np.where(head_sex == FEMALE, wife_age, husband_age)
    head_age = np.where(kind == SINGLE, single_age, head_age)
    head_marital = np.full(n, MARRIED, dtype=np.int8)
    widow = rng.random(n) < np.interp(head_age, [25, 45, 65, 80], [0.25, 0.45, 0.75, 0.9])
    head_marital[kind == LONE_PARENT] = np.where(widow, WIDOWED, DIVORCED)[kind == LONE_PARENT]
    single_never = single_young & (rng.random(n) < 0.9) | (rng.random(n) < 0.05)
    single_status = np.where(single_never, SINGLE_S, np.where(widow, WIDOWED, DIVORCED))
    head_marital[kind == SINGLE] = single_status[kind == SINGLE]

    b = _Blocks()
    heads = b.add(
        hh=hh_idx, rel=REL_HEAD, sex=head_sex, birth=days(head_age), marital=head_marital,
        mother=-1, kk=hh_idx, group=group, line=np.where(head_sex == MALE, hh_idx * 4, -1),
    )  # fmt: skip
    has_spouse = kind == COUPLE
    sp_hh = hh_idx[has_spouse]
    sp_sex = np.where(head_sex[sp_hh] == MALE, FEMALE, MALE).astype(np.int8)
    sp_age = np.where(sp_sex == FEMALE, wife_age[sp_hh], husband_age[sp_hh])
    spouses = b.add(
        hh=sp_hh, rel=REL_SPOUSE, sex=sp_sex, birth=days(sp_age), marital=MARRIED, mother=-1,
        kk=sp_hh, group=_other_group(rng, group[sp_hh], 0.85),
        line=np.where(sp_sex == MALE, sp_hh * 4, -1),
    )  # fmt: skip
    spouse_of = np.full(n, -1)
    spouse_of[sp_hh] = spouses
    person_group = np.concatenate([b.parts[0]["group"], b.parts[1]["group"]])
    # The mother of the household's children: the wife, a lone mother, or nobody present.
    mother_pid = np.where(head_sex == FEMALE, heads, spouse_of)
    mother_pid = np.where((kind == SINGLE) | ((kind == LONE_PARENT) & ~lone_f), -1, mother_pid)
    father_pid = np.where(head_sex == MALE, heads, spouse_of)
    father_pid = np.where(kind == COUPLE, father_pid, np.where(head_sex == MALE, heads, -1))
    child_group = np.where(father_pid >= 0, person_group[np.maximum(father_pid, 0)], group).astype(
        np.int8
    )

    # Children living at home.
    with_kids = kind != SINGLE
    mk_hh = hh_idx[with_kids]
    mean = np.clip(2.7 + 0.03 * (wife_age[mk_hh] - 40), 1.8, 4.2)
    rows, c_age = _children(rng, wife_age[mk_hh], mean, 22.5)
    stay = _stays_home(rng, c_age)
    c_hh, c_age = mk_hh[rows][stay], c_age[stay]
    c_sex = np.where(rng.random(len(c_hh)) < 0.51, MALE, FEMALE).astype(np.int8)
    c_marital = np.where((c_age >= 22) & (rng.random(len(c_hh)) < 0.04), DIVORCED, SINGLE_S)
    mother_birth = ref_day - np.round(wife_age * YEAR).astype(np.int64)
    c_birth = mother_birth[c_hh] + np.round((wife_age[c_hh] - c_age) * YEAR).astype(np.int64)
    b.add(
        hh=c_hh, rel=REL_CHILD, sex=c_sex, birth=c_birth, marital=c_marital,
        mother=mother_pid[c_hh], kk=c_hh, group=child_group[c_hh], line=c_hh * 4,
    )  # fmt: skip

    # A married child with spouse and children (a second family card, sometimes).
    mc = with_kids & (wife_age >= 40) & (rng.random(n) < 0.14)
    mc_hh = hh_idx[mc]
    m = len(mc_hh)
    mc_at_birth = rng.uniform(18, np.minimum(40, wife_age[mc_hh] - 19))
    mc_age = wife_age[mc_hh] - mc_at_birth
    mc_sex = np.where(rng.random(m) < 0.5, MALE, FEMALE).astype(np.int8)
    sub_kk = np.where(rng.random(m) < 0.6, n + np.arange(m), mc_hh)
    mc_pid = b.add(
        hh=mc_hh, rel=REL_CHILD, sex=mc_sex, birth=mother_birth[mc_hh]
        + np.round(mc_at_birth * YEAR).astype(np.int64), marital=MARRIED,
        mother=mother_pid[mc_hh], kk=sub_kk, group=child_group[mc_hh], line=mc_hh * 4,
    )  # fmt: skip
    il_gap = np.clip(rng.normal(3.0, 3.0, m), -3.0, 12.0)
    il_age = np.maximum(np.where(mc_sex == MALE, mc_age - il_gap, mc_age + il_gap), 17.5)
    il_sex = np.where(mc_sex == MALE, FEMALE, MALE).astype(np.int8)
    il_group = _other_group(rng, child_group[mc_hh], 0.6)
    il_pid = b.add(
        hh=mc_hh, rel=REL_IN_LAW, sex=il_sex, birth=days(il_age), marital=MARRIED, mother=-1,
        kk=sub_kk, group=il_group, line=np.where(il_sex == MALE, mc_hh * 4 + 1, -1),
    )  # fmt: skip
    gm_age = np.where(mc_sex == FEMALE, mc_age, il_age)
    gm_pid = np.where(mc_sex == FEMALE, mc_pid, il_pid)
    rows, g_age = _children(rng, gm_age, np.full(m, 1.6), 22.0, max_kids=4)
    gm_birth = ref_day - np.round(gm_age * YEAR).astype(np.int64)
    b.add(
        hh=mc_hh[rows], rel=REL_GRANDCHILD,
        sex=np.where(rng.random(len(rows)) < 0.51, MALE, FEMALE).astype(np.int8),
        birth=gm_birth[rows] + np.round((gm_age[rows] - g_age) * YEAR).astype(np.int64),
        marital=SINGLE_S, mother=gm_pid[rows], kk=sub_kk[rows],
        group=np.where(mc_sex == MALE, child_group[mc_hh], il_group)[rows],
        line=np.where(mc_sex == MALE, mc_hh * 4, mc_hh * 4 + 1)[rows],
    )  # fmt: skip

    # Grandchildren whose parents live elsewhere.
    gc = (head_age >= 45) & (rng.random(n) < 0.035)
    gc_hh = np.repeat(hh_idx[gc], rng.integers(1, 3, gc.sum()))
    gc_age = rng.uniform(0, 1, len(gc_hh)) * np.minimum(16.0, head_age[gc_hh] - 37)
    b.add(
        hh=gc_hh, rel=REL_GRANDCHILD,
        sex=np.where(rng.random(len(gc_hh)) < 0.51, MALE, FEMALE).astype(np.int8),
        birth=days(np.maximum(gc_age, 0.05)), marital=SINGLE_S, mother=-1, kk=gc_hh,
        group=child_group[gc_hh], line=gc_hh * 4,
    )  # fmt: skip

    # Parents / parents-in-law of the head.
    par = (head_age >= 25) & (head_age <= 65) & (rng.random(n) < 0.09)
    two = par & (rng.random(n) < 0.15)
    head_side_h = ~has_spouse | (rng.random(n) < 0.55)
    sp_age_h = np.where(head_sex == MALE, wife_age, husband_age)
    of_age = np.where(head_side_h, head_age, sp_age_h)  # age of the head or spouse concerned
    p_hh = np.concatenate([hh_idx[par], hh_idx[two]])
    second = np.concatenate([np.zeros(par.sum(), bool), np.ones(two.sum(), bool)])
    first_sex = np.where(two | (rng.random(n) < 0.28), MALE, FEMALE)[p_hh]
    p_sex = np.where(second, FEMALE, first_sex).astype(np.int8)
    mum_age = of_age[p_hh] + rng.uniform(19, 38, len(p_hh))
    p_age = np.where(p_sex == FEMALE, mum_age, mum_age + np.abs(gap[p_hh]))
    p_age = np.minimum(p_age, MAX_AGE)
    p_marital = np.where(
        two[p_hh], MARRIED, np.where(rng.random(len(p_hh)) < 0.85, WIDOWED, DIVORCED)
    )
    head_side = head_side_h[p_hh]
    spouse_group = person_group[np.maximum(spouse_of[p_hh], 0)]
    p_pid = b.add(
        hh=p_hh, rel=REL_PARENT, sex=p_sex, birth=days(p_age), marital=p_marital, mother=-1,
        kk=p_hh, group=np.where(head_side, group[p_hh], spouse_group), line=-1,
    )  # fmt: skip

    # Other relatives (nephews, nieces, siblings).
    oth = rng.random(n) < 0.05
    o_hh = hh_idx[oth]
    o_age = rng.uniform(5, 45, len(o_hh))
    o_u = rng.random(len(o_hh))
    o_marital = np.where(
        o_age < 25, SINGLE_S, np.where(o_u < 0.6, SINGLE_S, np.where(o_u < 0.8, DIVORCED, WIDOWED))
    )
    o_sex = np.where(rng.random(len(o_hh)) < 0.5, MALE, FEMALE).astype(np.int8)
    b.add(
        hh=o_hh, rel=REL_OTHER, sex=o_sex, birth=days(o_age), marital=o_marital, mother=-1,
        kk=o_hh, group=group[o_hh], line=-1,
    )  # fmt: skip

    pp = b.concat()
    # The head's (or the spouse's) mother when she is the parent living with them.
    mum = p_sex == FEMALE
    child_of = np.where(head_side, heads[p_hh], spouse_of[p_hh])
    ok = mum & (child_of >= 0)
    pp["mother"][child_of[ok]] = p_pid[ok]
    return _sorted(pp, kind, group, religion, ref_day)


def _sorted(
    pp: dict[str, np.ndarray],
    kind: np.ndarray,
    group: np.ndarray,
    religion: np.ndarray,
    ref_day: int,
) -> Population:
    role = np.zeros(max(ROLE_ORDER) + 1, dtype=np.int8)
    for rel, position in ROLE_ORDER.items():
        role[rel] = position
    order = np.lexsort((pp["birth"], role[pp["rel"]], pp["hh"]))
    pp = {k: v[order] for k, v in pp.items()}
    new_index = np.empty_like(order)
    new_index[order] = np.arange(len(order))
    has_mother = pp["mother"] >= 0
    pp["mother"] = np.where(has_mother, new_index[np.maximum(pp["mother"], 0)], -1)
    pp["hh"] = pp["hh"].astype(np.int32)
    pp["kk"] = pp["kk"].astype(np.int32)
    for key in ("rel", "sex", "marital", "group"):
        pp[key] = pp[key].astype(np.int8)
    pp["hubungan"], pp["status_kawin"] = pp["rel"], pp["marital"]  # the member-file names
    n = len(kind)
    size = np.bincount(pp["hh"], minlength=n)
    head = np.flatnonzero(pp["rel"] == REL_HEAD)
    hh = {
        "kind": kind.astype(np.int8),
        "group": group,
        "religion": religion,
        "size": size,
        "head": head,
    }
    return Population(hh=hh, pp=pp, ref_day=ref_day)
