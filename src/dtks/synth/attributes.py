"""Member (ART) variables: schooling, work, disability, chronic illness, pregnancy.

All draws depend on age and sex, and schooling and work also on the household's latent
welfare ``z`` (standardised). Codes come from ``codes.py`` by label; -1 means "empty" (the
member file leaves the field blank).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dtks.domain import codes
from dtks.synth import names
from dtks.synth.config import code_of, codes_of
from dtks.synth.population import FEMALE, MARRIED, REL_HEAD, REL_PARENT, YEAR, Population

EMPTY = -1
NEVER = code_of(codes.PARTISIPASI_SEKOLAH, "Never attended")
IN_SCHOOL = code_of(codes.PARTISIPASI_SEKOLAH, "In school")
LEFT = code_of(codes.PARTISIPASI_SEKOLAH, "No longer in school")
SD, MI, PAKET_A = codes_of(codes.JENJANG, "Primary (SD)", "MI", "Paket A")
SMP, MTS, PAKET_B = codes_of(codes.JENJANG, "Junior secondary (SMP)", "MTs", "Paket B")
SMA, MA, PAKET_C = codes_of(codes.JENJANG, "Senior secondary (SMA/SMK)", "MA", "Paket C")
HIGHER = code_of(codes.JENJANG, "Higher education")
IJAZAH = codes_of(
    codes.IJAZAH, "None", "Primary", "Junior secondary", "Senior secondary", "Diploma",
    "Bachelor", "Postgraduate",
)  # fmt: skip
YES, NO = code_of(codes.BEKERJA, "Yes"), code_of(codes.BEKERJA, "No")
STATUS = codes_of(
    codes.STATUS_PEKERJAAN, "Own account", "With temporary help", "With permanent workers",
    "Employee", "Civil servant/TNI/Polri/SOE", "Casual agricultural", "Casual non-agricultural",
    "Family worker",
)  # fmt: skip
CIVIL_SERVANT = codes.CIVIL_SERVANT
SECTOR_LABELS = tuple(code.label_en for code in codes.LAPANGAN_USAHA.codes)
SECTOR = np.array([code.value for code in codes.LAPANGAN_USAHA.codes], dtype=np.int16)
# P(sector | status), by English sector label; rows follow STATUS.
_SECTOR_TABLE: tuple[dict[str, float], ...] = (
    {"Trade": 45, "Hotels and restaurants": 15, "Transport and storage": 14, "Manufacturing": 8,
     "Public and personal services": 8, "Food crops": 3, "Capture fishery": 3, "Other": 4},
    {"Trade": 50, "Hotels and restaurants": 20, "Manufacturing": 12, "Food crops": 6,
     "Aquaculture": 3, "Livestock": 3, "Public and personal services": 6},
    {"Trade": 45, "Hotels and restaurants": 15, "Manufacturing": 20, "Construction": 10,
     "Transport and storage": 5, "Estate crops": 5},
    {"Manufacturing": 18, "Trade": 22, "Construction": 10, "Transport and storage": 9,
     "Hotels and restaurants": 10, "Finance and insurance": 5, "Information and communication": 4,
     "Education services": 6, "Health services": 5, "Public and personal services": 8,
     "Electricity and gas": 1, "Mining/quarrying": 1, "Other": 1},
    {"Public and personal services": 58, "Education services": 25, "Health services": 10,
     "Finance and insurance": 4, "Electricity and gas": 3},
    {"Food crops": 50, "Horticulture": 20, "Estate crops": 20,
     "Forestry and other agriculture": 10},
    {"Construction": 48, "Transport and storage": 15, "Trade": 14, "Scavenger": 10,
     "Manufacturing": 8, "Capture fishery": 5},
    {"Trade": 60, "Hotels and restaurants": 20, "Food crops": 10, "Manufacturing": 10},
)  # fmt: skip
SCAVENGER = code_of(codes.LAPANGAN_USAHA, "Scavenger")
AGRI_SECTORS = codes_of(
    codes.LAPANGAN_USAHA, "Food crops", "Horticulture", "Estate crops", "Capture fishery",
    "Aquaculture", "Livestock", "Forestry and other agriculture",
)  # fmt: skip
CACAT = np.array([c.value for c in codes.JENIS_CACAT.codes[1:]], dtype=np.int16)
_CACAT_P = np.array([35, 12, 10, 5, 6, 2, 1, 1, 0.5, 12, 8, 5])
KRONIS = np.array([c.value for c in codes.PENYAKIT_KRONIS.codes[1:]], dtype=np.int16)
_KRONIS_ADULT = np.array([40, 15, 8, 7, 13, 3, 5, 2, 7])
_KRONIS_CHILD = np.array([0, 0, 60, 3, 1, 10, 0, 1, 25])
HAMIL_YES, HAMIL_NO = code_of(codes.HAMIL, "Yes"), code_of(codes.HAMIL, "No")
# Cut points of the adults' diploma latent (0 none ... 6 postgraduate).
# Youngest age for each diploma (SD, SMP, SMA, D1-D3, D4/S1, S2/S3).
_DIPLOMA_AGE = np.array([12, 15, 18, 20, 21, 23])
_IJAZAH_CUTS = np.array([-2.9, -0.8, 0.2, 2.3, 2.75, 5.2])


def _gumbel_choice(rng: np.random.Generator, utility: np.ndarray) -> np.ndarray:
    """Index of the chosen alternative per row (multinomial logit via the Gumbel-max trick)."""
    return np.argmax(utility + rng.gumbel(size=utility.shape), axis=1)


def _pick(
    rng: np.random.Generator, mask: np.ndarray, options: np.ndarray, p: Sequence[float]
) -> np.ndarray:
    out = rng.choice(options, size=int(mask.sum()), p=np.array(p) / sum(p))
    return out


def _jenjang_of_pupil(
    rng: np.random.Generator, level: np.ndarray, muslim: np.ndarray
) -> np.ndarray:
    """The school a pupil attends: level 0 primary, 1 junior, 2 senior, 3 higher."""
    general = np.array([SD, SMP, SMA, HIGHER])[level]
    madrasah = np.array([MI, MTS, MA, HIGHER])[level]
    return np.where(muslim & (rng.random(len(level)) < 0.15), madrasah, general)


def assign_attributes(
    rng: np.random.Generator, pop: Population, z: np.ndarray, rural: np.ndarray
) -> None:
    """Add the member columns to ``pop.pp`` (z and rural are per household)."""
    pp = pop.pp
    n = pop.n_persons
    age = pop.age()
    a = np.floor(age).astype(np.int64)
    hz = z[pp["hh"]] + rng.normal(0, 0.5, n)  # the person's own position
    muslim = pop.hh["religion"][pp["hh"]] == names.ISLAM
    female = pp["sex"] == FEMALE
    birth_year = 1970 + pp["birth"] / YEAR

    # Highest diploma of adults (also used for young people who left school).
    latent = 0.9 * hz + 0.045 * (birth_year - 1975) - 0.35 * (female & (birth_year < 1975))
    latent += rng.logistic(0, 1, n)
    ijazah = np.searchsorted(_IJAZAH_CUTS, latent).astype(np.int16)
    ijazah = np.minimum(ijazah, np.searchsorted(_DIPLOMA_AGE, a, side="right"))
    part = np.full(n, LEFT, dtype=np.int16)
    jenjang = np.full(n, EMPTY, dtype=np.int16)

    # Who is at school now, and at which level (0 primary ... 3 higher).
    u = rng.random(n)
    p_school = np.select(
        [a < 5, a == 5, a == 6, a <= 12, a <= 15, a <= 18, a <= 24, a <= 29],
        [0.0, 0.05, 0.45, 0.985, 0.94 + 0.03 * np.tanh(hz),
         1 / (1 + np.exp(-(1.3 + 0.8 * hz))), 1 / (1 + np.exp(-(-1.3 + 1.0 * hz))), 0.02],
        0.0,
    )  # fmt: skip
    pupil = u < p_school
    level = np.select(
        [a <= 12, a <= 15, (a <= 18) & (rng.random(n) > 0.15 * (a == 18))], [0, 1, 2], 3
    )
    level = np.where((a == 13) & (rng.random(n) < 0.15), 0, level)
    part[pupil] = IN_SCHOOL
    jenjang[pupil] = _jenjang_of_pupil(rng, level[pupil], muslim[pupil])
    ijazah = np.where(pupil, level, ijazah)  # a pupil holds the diploma below the level

    # Young children not (yet) at school; children under 13 who left are "never attended".
    never_young = ~pupil & (a <= 12)
    part[never_young] = NEVER
    ijazah[never_young] = 0
    # Diploma holders who left school: the highest level attended.
    left = ~pupil & (a > 12)
    i0 = left & (ijazah == 0)
    attended = rng.random(n) < np.interp(birth_year, [1930, 1960, 1990], [0.35, 0.55, 0.8])
    part[i0 & ~attended] = NEVER
    jenjang[i0 & attended] = SD
    for dip, opts, p in (
        (1, [SD, MI, PAKET_A, SMP], [70, 8, 2, 20]),
        (2, [SMP, MTS, PAKET_B, SMA], [70, 10, 2, 18]),
        (3, [SMA, MA, PAKET_C, HIGHER], [75, 10, 3, 12]),
    ):
        mask = left & (ijazah == dip)
        jenjang[mask] = _pick(rng, mask, np.array(opts), p)
    jenjang[left & (ijazah >= 4)] = HIGHER
    # Madrasah levels only for Muslims.
    not_muslim = ~muslim
    jenjang = np.where(not_muslim & (jenjang == MI), SD, jenjang)
    jenjang = np.where(not_muslim & (jenjang == MTS), SMP, jenjang)
    jenjang = np.where(not_muslim & (jenjang == MA), SMA, jenjang)
    pp["partisipasi_sekolah"] = part
    pp["jenjang"] = jenjang
    pp["ijazah"] = IJAZAH[ijazah]

    # Disability and chronic illness, rising with age.
    p_dis = np.interp(age, [0, 15, 40, 60, 75, 90], [0.004, 0.006, 0.012, 0.025, 0.06, 0.12])
    disabled = rng.random(n) < p_dis
    cacat = np.zeros(n, dtype=np.int16)
    cacat[disabled] = rng.choice(CACAT, size=int(disabled.sum()), p=_CACAT_P / _CACAT_P.sum())
    p_ill = np.interp(age, [0, 15, 40, 60, 75], [0.012, 0.02, 0.06, 0.2, 0.3])
    ill = rng.random(n) < p_ill
    kronis = np.zeros(n, dtype=np.int16)
    adult = ill & (a >= 18)
    kronis[adult] = rng.choice(KRONIS, size=int(adult.sum()), p=_KRONIS_ADULT / _KRONIS_ADULT.sum())
    child = ill & (a < 18)
    kronis[child] = rng.choice(KRONIS, size=int(child.sum()), p=_KRONIS_CHILD / _KRONIS_CHILD.sum())
    pp["jenis_cacat"] = cacat
    pp["penyakit_kronis"] = kronis

    # Pregnancy: married women 15-49; empty for males and females outside 10-54.
    p_preg = np.interp(
        age, [15, 20, 30, 35, 40, 45, 49.99, 50], [0.14, 0.14, 0.12, 0.06, 0.025, 0.006, 0.002, 0]
    )
    preg = female & (pp["marital"] == MARRIED) & (age >= 15) & (age < 50) & (rng.random(n) < p_preg)
    hamil = np.where(female & (age >= 10) & (age < 55), HAMIL_NO, EMPTY).astype(np.int16)
    hamil[preg] = HAMIL_YES
    pp["hamil"] = hamil

    _assign_work(rng, pop, age, hz, ijazah, pupil, disabled, rural)


def _assign_work(
    rng: np.random.Generator,
    pop: Population,
    age: np.ndarray,
    hz: np.ndarray,
    ijazah: np.ndarray,
    pupil: np.ndarray,
    disabled: np.ndarray,
    rural: np.ndarray,
) -> None:
    pp = pop.pp
    n = pop.n_persons
    female = pp["sex"] == FEMALE
    head = pp["rel"] == REL_HEAD
    knots = [15, 19, 25, 55, 60, 65, 75, 85]
    p_m = np.interp(age, knots, [0.15, 0.6, 0.94, 0.94, 0.8, 0.6, 0.3, 0.08])
    p_f = np.interp(age, knots, [0.1, 0.35, 0.55, 0.58, 0.45, 0.3, 0.12, 0.03])
    p = np.where(female, p_f + 0.25 * head, p_m)
    p = np.where(pupil, 0.04, p) * np.where(disabled, 0.4, 1.0)
    p *= np.where(pp["rel"] == REL_PARENT, 0.6, 1.0)
    works = (age >= 15) & (rng.random(n) < p)
    w = np.flatnonzero(works)
    m = len(w)
    zw, dip, aw = hz[w], ijazah[w].astype(float), age[w]
    rur = rural[pp["hh"][w]].astype(float)
    util = np.column_stack(
        [
            0.5 * (aw > 40),
            -1.2 + 0.3 * zw,
            -3.2 + 0.9 * zw + 0.3 * dip,
            0.6 + 0.3 * (dip - 2) - 0.3 * (aw > 50),
            np.where((aw >= 20) & (aw < 58), -4.1 + 0.95 * dip + 0.2 * zw, -np.inf),
            -3.0 - 0.6 * zw + 2.5 * rur,
            -0.8 - 0.7 * zw - 0.3 * (dip - 2),
            -1.6 + 1.2 * female[w] - 0.6 * head[w],
        ]
    )
    status_idx = _gumbel_choice(rng, util)
    sector = np.empty(m, dtype=np.int16)
    for s, table in enumerate(_SECTOR_TABLE):
        rows = np.flatnonzero(status_idx == s)
        if not len(rows):
            continue
        weights = np.array([table.get(label, 0.0) for label in SECTOR_LABELS])
        logp = np.log(np.where(weights > 0, weights, 1e-300))[None, :].repeat(len(rows), 0)
        agri = np.isin(SECTOR, AGRI_SECTORS)
        logp[:, agri] += 1.5 * rur[rows, None]
        logp[:, SECTOR == SCAVENGER] -= 1.2 * zw[rows, None]
        sector[rows] = SECTOR[_gumbel_choice(rng, logp)]
    bekerja = np.full(n, NO, dtype=np.int16)
    bekerja[w] = YES
    bekerja[age < 15] = NO
    lapangan = np.full(n, EMPTY, dtype=np.int16)
    lapangan[w] = sector
    status = np.full(n, EMPTY, dtype=np.int16)
    status[w] = STATUS[status_idx]
    pp["bekerja"] = bekerja
    pp["lapangan_usaha"] = lapangan
    pp["status_pekerjaan"] = status
