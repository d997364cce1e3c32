"""Person names: a name style per person (origin group x religion), drawn vectorised from the
lists in ``names.py``; surnames (Batak marga, Chinese-Indonesian and eastern Christian family
names) follow the father's line; titles (haji, degrees) by age, religion, education and work;
mothers' maiden names.

A person's name has three parts: ``pre`` (prefix titles, "Drs. H."), ``core`` (the name) and
``suf`` (degree, "S.Pd"). ``show`` says whether the registered (true) name carries the titles.
"""

from __future__ import annotations

import numpy as np

from dtks.domain import codes
from dtks.synth import names as nm
from dtks.synth.attributes import IJAZAH
from dtks.synth.population import FEMALE, MALE, REL_CHILD, REL_GRANDCHILD, YEAR, Population

Array = np.ndarray
# Styles: the origin groups, plus Christians of Muslim-majority groups, Muslim Batak.
JAWA_KR, BATAK_IS = 10, 11
SURNAME_STYLES = {nm.BATAK: nm.BATAK_MARGA, BATAK_IS: nm.MANDAILING_MARGA}
SURNAME_STYLES |= {nm.TIONGHOA: nm.TIONGHOA_SURNAME, nm.KRISTEN: nm.KRISTEN_SURNAME}
MUSLIM_STYLES = (nm.JAWA, nm.SUNDA, nm.LAMPUNG, nm.MINANG, nm.BUGIS, nm.MUSLIM, BATAK_IS)


def _pick(rng: np.random.Generator, pool: Array, k: int) -> Array:
    return pool[rng.integers(0, len(pool), k)]


def _by_sex(rng: np.random.Generator, male: Array, pool_m: Array, pool_f: Array) -> Array:
    return np.where(male, _pick(rng, pool_m, len(male)), _pick(rng, pool_f, len(male)))


def _join(*parts: Array) -> Array:
    out = parts[0].astype(object)
    for part in parts[1:]:
        out = np.where(part == "", out, out + " " + part)
    return out


def _modern(rng: np.random.Generator, male: Array) -> Array:
    first = _by_sex(rng, male, nm.MODERN_FIRST_M, nm.MODERN_FIRST_F)
    second = _by_sex(rng, male, nm.MODERN_SECOND_M, nm.MODERN_SECOND_F)
    third = _by_sex(rng, male, nm.MODERN_SECOND_M, nm.MODERN_SECOND_F)
    u = rng.random(len(male))
    return np.where(
        u < 0.3, first, np.where(u < 0.85, _join(first, second), _join(first, second, third))
    )


def _two_part(
    rng: np.random.Generator,
    male: Array,
    era: Array,
    first: tuple[Array, Array],
    second: tuple[Array, Array],
    single: tuple[Array, Array],
    p_single: tuple[float, float, float],
    p_modern: float,
) -> Array:
    """first + second, or a single name (more often for older people), or a modern name."""
    k = len(male)
    a = _by_sex(rng, male, *first)
    b = _by_sex(rng, male, *second)
    b = np.where(a == b, _by_sex(rng, male, *second), b)
    s = _by_sex(rng, male, *single)
    is_single = rng.random(k) < np.array(p_single)[era]
    out = np.where(is_single, s, _join(a, b))
    modern = (era == 2) & (rng.random(k) < p_modern)
    return np.where(modern, _modern(rng, male), out)


# Styles of given names: (first names M/F, second names M/F, single names M/F,
# P(single name) for born before 1965 / 1965-94 / 1995+, P(modern name) for born 1995+).
Pools = tuple[Array, Array]
TWO_PART: dict[int, tuple[Pools, Pools, Pools, tuple[float, float, float], float]] = {
    nm.JAWA: (
        (nm.JAWA_FIRST_M, nm.JAWA_FIRST_F),
        (nm.JAWA_SECOND_M, nm.JAWA_SECOND_F),
        (nm.JAWA_SINGLE_M, nm.JAWA_SINGLE_F),
        (0.65, 0.22, 0.04),
        0.65,
    ),
    nm.SUNDA: (
        (nm.SUNDA_FIRST_M, nm.SUNDA_FIRST_F),
        (nm.SUNDA_SECOND_M, nm.SUNDA_SECOND_F),
        (nm.SUNDA_SECOND_M, nm.SUNDA_SECOND_F),
        (0.25, 0.1, 0.03),
        0.55,
    ),
    nm.LAMPUNG: (
        (nm.LAMPUNG_FIRST_M, nm.LAMPUNG_FIRST_F),
        (nm.LAMPUNG_SECOND, nm.MUSLIM_SECOND_F),
        (nm.LAMPUNG_FIRST_M, nm.LAMPUNG_FIRST_F),
        (0.45, 0.3, 0.08),
        0.6,
    ),
    nm.MINANG: (
        (nm.MINANG_FIRST_M, nm.MINANG_FIRST_F),
        (nm.MUSLIM_SECOND_M, nm.MUSLIM_SECOND_F),
        (nm.MINANG_FIRST_M, nm.MINANG_FIRST_F),
        (0.5, 0.4, 0.1),
        0.5,
    ),
    nm.BUGIS: (
        (nm.BUGIS_FIRST_M, nm.BUGIS_FIRST_F),
        (nm.MUSLIM_SECOND_M, nm.MUSLIM_SECOND_F),
        (nm.BUGIS_FIRST_M, nm.BUGIS_FIRST_F),
        (0.35, 0.25, 0.05),
        0.4,
    ),
    nm.MUSLIM: (
        (nm.MUSLIM_FIRST_M, nm.MUSLIM_FIRST_F),
        (nm.MUSLIM_SECOND_M, nm.MUSLIM_SECOND_F),
        (nm.MUSLIM_FIRST_M, nm.MUSLIM_FIRST_F),
        (0.2, 0.12, 0.03),
        0.4,
    ),
}


def _style_names(
    rng: np.random.Generator, style: int, male: Array, era: Array, surname: Array
) -> Array:
    k = len(male)
    if style in TWO_PART:
        out = _two_part(rng, male, era, *TWO_PART[style])
        if style == nm.BUGIS:
            out = np.where(rng.random(k) < 0.15, "Andi " + out, out)
        return out
    if style in (nm.BATAK, BATAK_IS):
        given = (
            (nm.BATAK_FIRST_M, nm.BATAK_FIRST_F)
            if style == nm.BATAK
            else (nm.MUSLIM_FIRST_M, nm.LAMPUNG_FIRST_F)
        )
        first = _by_sex(rng, male, *given)
        western = (era == 2) & (rng.random(k) < 0.4) & (style == nm.BATAK)
        first = np.where(
            western, _by_sex(rng, male, nm.KRISTEN_FIRST_M, nm.TIONGHOA_FIRST_F), first
        )
        boru = ~male & (rng.random(k) < 0.35)
        return _join(first, np.where(boru, "br. " + surname, surname))
    if style == nm.TIONGHOA:
        first = _by_sex(rng, male, nm.TIONGHOA_FIRST_M, nm.TIONGHOA_FIRST_F)
        middle = np.where(
            rng.random(k) < 0.2, _by_sex(rng, male, nm.TIONGHOA_FIRST_M, nm.TIONGHOA_FIRST_F), ""
        )
        return _join(first, np.where(middle == first, "", middle), surname)
    if style == nm.BALI:
        order = rng.choice(len(nm.BALI_ORDER), size=k, p=nm.BALI_ORDER_WEIGHTS)
        variant = rng.integers(0, 3, k)
        birth_name = np.array(
            [
                nm.BALI_ORDER[o][v % len(nm.BALI_ORDER[o])]
                for o, v in zip(order, variant, strict=True)
            ],
            dtype=object,
        )
        luh = ~male & (order == 0) & (rng.random(k) < 0.4)
        bali_given = _by_sex(rng, male, nm.BALI_GIVEN_M, nm.BALI_GIVEN_F)
        return _join(np.where(male, "I", "Ni"), np.where(luh, "Luh", ""), birth_name, bali_given)
    if style == nm.KRISTEN:
        first = _by_sex(rng, male, nm.KRISTEN_FIRST_M, nm.KRISTEN_FIRST_F)
        javanese = _by_sex(rng, male, nm.JAWA_SECOND_M, nm.JAWA_SECOND_F)
        return _join(first, np.where(rng.random(k) < 0.5, surname, javanese))
    # JAWA_KR: Christian given name with a Javanese/Sundanese second name.
    first = _by_sex(rng, male, nm.KRISTEN_FIRST_M, nm.KRISTEN_FIRST_F)
    return _join(first, _by_sex(rng, male, nm.JAWA_SECOND_M, nm.JAWA_SECOND_F))


def name_style(group: Array, religion: Array) -> Array:
    style = group.astype(np.int16).copy()
    christian = religion == nm.KRISTEN_R
    muslim = religion == nm.ISLAM
    majority_muslim = np.isin(
        group, (nm.JAWA, nm.SUNDA, nm.LAMPUNG, nm.MINANG, nm.BUGIS, nm.MUSLIM)
    )
    style[christian & (majority_muslim | (group == nm.BALI))] = JAWA_KR
    style[muslim & (group == nm.BATAK)] = BATAK_IS
    style[muslim & (group == nm.BALI)] = nm.MUSLIM
    style[muslim & (group == nm.KRISTEN)] = nm.MUSLIM
    style[(religion == nm.HINDU)] = nm.BALI
    return style


def make_core_names(
    rng: np.random.Generator, style: Array, sex: Array, birth_year: Array, line: Array
) -> Array:
    """Names without titles. ``line`` >= 0 shares the surname with the same line key."""
    n = len(style)
    era = np.digitize(birth_year, [1965, 1995])
    keys, inverse = np.unique(np.where(line >= 0, line, -1 - np.arange(n)), return_inverse=True)
    line_draw = rng.integers(0, 1 << 30, len(keys))[inverse]
    out = np.empty(n, dtype=object)
    male = sex == MALE
    for s in np.unique(style).tolist():
        rows = np.flatnonzero(style == s)
        pool = SURNAME_STYLES.get(s)
        surname = (
            pool[line_draw[rows] % len(pool)]
            if pool is not None
            else np.full(len(rows), "", dtype=object)
        )
        out[rows] = _style_names(rng, s, male[rows], era[rows], surname)
    # Muslim prefixes: Muhammad/Ahmad/Abdul, Siti/Nur.
    muslim = np.isin(style, MUSLIM_STYLES)
    u = rng.random(n)
    young = 1.0 + 0.5 * (era == 2)
    lo = 0.0
    for prefix, share in nm.MUSLIM_PREFIX_M:
        hit = muslim & male & (u >= lo) & (u < lo + share * young)
        follow = _pick(rng, nm.ABDUL_SECOND, int(hit.sum())) if prefix == "Abdul" else out[hit]
        out[hit] = prefix + " " + follow
        lo += share * young
    lo = 0.0
    for prefix, share in nm.MUSLIM_PREFIX_F:
        older = 1.0 + 0.6 * (era == 0)
        hit = muslim & ~male & (u >= lo) & (u < lo + share * older) & (style != nm.BUGIS)
        out[hit] = prefix + " " + out[hit]
        lo += share * 1.6
    andi = np.array([name.startswith("Andi ") for name in out.tolist()], dtype=bool)
    sitti = muslim & ~male & (style == nm.BUGIS) & (u < 0.15) & ~andi
    out[sitti] = "Sitti " + out[sitti]
    return out


def distinct_in_households(
    rng: np.random.Generator, core: Array, hh: Array, style: Array, sex: Array,
    birth_year: Array, line: Array, rounds: int = 6,
) -> Array:  # fmt: skip
    """Redraw names that repeat inside a household (siblings never share a name)."""
    core = core.copy()
    for _ in range(rounds):
        seen: set[tuple[int, str]] = set()
        dup = []
        for i, key in enumerate(zip(hh.tolist(), core.tolist(), strict=True)):
            if key in seen:
                dup.append(i)
            seen.add(key)
        if not dup:
            break
        rows = np.array(dup)
        core[rows] = make_core_names(rng, style[rows], sex[rows], birth_year[rows], line[rows])
    return core


def make_titles(
    rng: np.random.Generator, pop: Population, style: Array, wealth: Array
) -> tuple[Array, Array, Array]:
    """(pre, suf, show) per person. ``wealth`` is the household's welfare percentile (0-1)."""
    pp = pop.pp
    n = pop.n_persons
    age = pop.age()
    male = pp["sex"] == MALE
    muslim = pop.hh["religion"][pp["hh"]] == nm.ISLAM
    w = wealth[pp["hh"]]
    p_haji = (0.01 + 0.22 * w**3 + 0.04 * (age >= 55)) * (age >= 35) * muslim
    haji = rng.random(n) < p_haji
    haji_title = np.where(male, nm.HAJI_M, nm.HAJI_F)
    lampung = (style == nm.LAMPUNG) & male & (rng.random(n) < 0.5)
    haji_title = np.where(lampung, nm.HAJI_LAMPUNG, haji_title)
    dip = np.searchsorted(IJAZAH, pp["ijazah"])  # 0 none ... 6 postgraduate
    born = 1970 + pp["birth"] / YEAR
    sector_label = {c.value: c.label_en for c in codes.LAPANGAN_USAHA.codes}
    pre = np.full(n, "", dtype=object)
    suf = np.full(n, "", dtype=object)
    suf[dip == 4] = nm.D3_SUFFIX
    for i in np.flatnonzero(dip >= 5).tolist():
        label = sector_label.get(int(pp["lapangan_usaha"][i]), "")
        if born[i] < 1966 and rng.random() < 0.75:
            engineer = male[i] and label in (
                "Construction",
                "Manufacturing",
                "Food crops",
                "Estate crops",
            )
            pre[i] = (
                nm.ENGINEER_PREFIX
                if engineer
                else (nm.OLD_S1_PREFIX_M if male[i] else nm.OLD_S1_PREFIX_F)
            )
        elif label == "Health services" and rng.random() < 0.35:
            pre[i] = nm.DOCTOR_PREFIX
        else:
            options = nm.S1_BY_SECTOR.get(label, nm.S1_DEFAULT)
            suf[i] = options[int(rng.integers(0, len(options)))]
        if dip[i] == 6:
            extra = nm.S2_SUFFIX[int(rng.integers(0, len(nm.S2_SUFFIX)))]
            suf[i] = f"{suf[i]}, {extra}" if suf[i] else extra
    pre = np.where(haji, np.where(pre == "", haji_title, pre + " " + haji_title), pre)
    show = rng.random(n) < 0.45
    return pre, suf, show


def compose(pre: Array, core: Array, suf: Array) -> list[str]:
    """Full names: "Drs. H. Bambang Sutrisno, M.M."."""
    return [
        (f"{p} {c}" if p else c) + (f", {s}" if s else "")
        for p, c, s in zip(pre.tolist(), core.tolist(), suf.tolist(), strict=True)
    ]


def mother_names(rng: np.random.Generator, pop: Population, style: Array, core: Array) -> Array:
    """nama_ibu_kandung: the mother's name when she lives in the household, else a generated
    one (shared by the children of one household whose mother lives elsewhere)."""
    pp = pop.pp
    n = pop.n_persons
    has = pp["mother"] >= 0
    out = np.empty(n, dtype=object)
    out[has] = core[pp["mother"][has]]
    rest = np.flatnonzero(~has)
    shared_rel = np.isin(pp["rel"][rest], (REL_CHILD, REL_GRANDCHILD))
    key = np.where(shared_rel, pp["hh"][rest].astype(np.int64) * 8 + pp["rel"][rest], -1 - rest)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    src = rest[first]
    birth_year = 1970 + pp["birth"][src] / YEAR - rng.uniform(20, 38, len(src))
    gen = make_core_names(
        rng, style[src], np.full(len(src), FEMALE, dtype=np.int8), birth_year, np.full(len(src), -1)
    )
    out[rest] = gen[inverse]
    return out
