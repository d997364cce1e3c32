"""Who the four source databases list (DTKS, PKH, BPNT, BST), and the households' programme
participation answers (``ikut_*``) that follow from it.

Selection uses a noisy view of true consumption (what a past PMT and village meetings saw), so
there are inclusion and exclusion errors. DTKS lists households (rumah tangga); PKH, BPNT and
BST list families (one family card each).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dtks.domain import codes
from dtks.synth.attributes import CIVIL_SERVANT, HAMIL_YES, IN_SCHOOL, STATUS
from dtks.synth.config import Coverage, code_of
from dtks.synth.population import Population
from dtks.synth.welfare import household_sums

_YES, _NO = code_of(codes.YA_TIDAK, "Yes"), code_of(codes.YA_TIDAK, "No")
EMPLOYEE = STATUS[3]
BUSINESS = STATUS[1:3]  # own account with temporary / permanent help
OWN_ACCOUNT = STATUS[0]


@dataclass(frozen=True)
class Selection:
    rank: np.ndarray  # noisy welfare rank per household, 0 poorest ... 1 richest
    unit: np.ndarray  # family-card unit per person (0..units-1)
    unit_hh: np.ndarray  # household of each unit
    dtks: np.ndarray  # per household
    pkh: np.ndarray  # per unit
    bpnt: np.ndarray  # per unit
    bst: np.ndarray  # per unit


def _rank(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="stable")
    rank = np.empty(len(values))
    rank[order] = (np.arange(len(values)) + 0.5) / max(1, len(values))
    return rank


def select(
    rng: np.random.Generator, pop: Population, log_c: np.ndarray, cov: Coverage
) -> Selection:
    n = pop.n_households
    pp = pop.pp
    rank = _rank(log_c + rng.normal(0.0, cov.rank_noise, n))
    cand = rank < cov.dtks_rank
    u = rng.random(n)
    dtks = (cand & (u >= cov.dtks_exclusion)) | (~cand & (u < cov.dtks_inclusion))

    _, first, unit = np.unique(pp["kk"], return_index=True, return_inverse=True)
    unit_hh = pp["hh"][first]
    m = len(unit_hh)
    age = pop.age()
    pupil = (pp["partisipasi_sekolah"] == IN_SCHOOL) & (age <= 21)
    component = (
        (age < 7) | pupil | (pp["hamil"] == HAMIL_YES) | (age >= 70) | (pp["jenis_cacat"] > 0)
    )
    has_component = np.bincount(unit, weights=component, minlength=m) > 0
    r = rank[unit_hh]
    listed = dtks[unit_hh] | (rng.random(m) < 0.1)
    u1, u2 = rng.random(m), rng.random(m)
    pkh = has_component & (r < cov.pkh_rank) & listed & (u1 < cov.pkh_take)
    pkh |= has_component & (r < 0.5) & (u2 < 0.02)
    u1, u2 = rng.random(m), rng.random(m)
    bpnt = (r < cov.bpnt_rank) & listed & (u1 < cov.bpnt_take)
    bpnt |= dtks[unit_hh] & (r >= cov.bpnt_rank) & (u2 < 0.05)
    u1 = rng.random(m)
    other = pkh | bpnt
    bst = (~other & (r < cov.bst_rank) & (u1 < cov.bst_take)) | (other & (u1 < 0.08))
    return Selection(rank, unit, unit_hh, dtks, pkh, bpnt, bst)


def participation(
    rng: np.random.Generator, pop: Population, sel: Selection
) -> dict[str, np.ndarray]:
    """The ``ikut_*`` household columns (1 ya / 2 tidak)."""
    n = pop.n_households
    pp = pop.pp

    def any_unit(flag: np.ndarray) -> np.ndarray:
        return np.bincount(sel.unit_hh, weights=flag, minlength=n) > 0

    def any_member(flag: np.ndarray) -> np.ndarray:
        return household_sums(pop, flag.astype(float)) > 0

    pkh, bpnt = any_unit(sel.pkh), any_unit(sel.bpnt)
    r = sel.rank
    u = rng.random((6, n))
    pupil = any_member((pp["partisipasi_sekolah"] == IN_SCHOOL) & (pop.age() <= 21))
    pbi = (sel.dtks & (u[0] < 0.85)) | (~sel.dtks & (r < 0.6) & (u[0] < 0.15))
    formal = any_member(np.isin(pp["status_pekerjaan"], (EMPLOYEE, CIVIL_SERVANT)))
    business = any_member(np.isin(pp["status_pekerjaan"], BUSINESS))
    own = any_member(pp["status_pekerjaan"] == OWN_ACCOUNT)
    flags = {
        "ikut_kks": (pkh | bpnt) & (u[1] < 0.95),
        "ikut_kip": pupil & sel.dtks & (u[2] < 0.5),
        "ikut_kis_pbi": pbi,
        "ikut_bpjs_mandiri": ~pbi & (u[3] < 1 / (1 + np.exp(-(-0.8 + 3.0 * (r - 0.4))))),
        "ikut_jamsostek": formal & (u[4] < 0.55),
        "ikut_pkh": pkh,
        "ikut_sembako": bpnt,
        "ikut_kur": u[5] < np.where(business, 0.15, np.where(own, 0.05, 0.01)),
    }
    return {k: np.where(v, _YES, _NO).astype(np.int16) for k, v in flags.items()}
