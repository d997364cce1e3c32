"""Life events after the source snapshot, as the civil registry (Dukcapil) knows them:
deaths in the past three years (more likely with age) and moves (whole households or young
adults alone; within the region or out of it to real villages elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dtks.synth.places import Address, VillageLayout, elsewhere_addresses, make_addresses
from dtks.synth.population import REL_CHILD, REL_OTHER, YEAR, Population
from dtks.synth.regions import RegionFrame

ALIVE, DEAD, MOVED = "hidup", "meninggal", "pindah"
WINDOW_DAYS = int(3 * YEAR)


@dataclass(frozen=True)
class CivilEvents:
    dead: np.ndarray  # bool per person
    death_day: np.ndarray  # days since 1970 (-1 when alive)
    moved: np.ndarray  # bool per person (not dead)
    moved_out: np.ndarray  # bool per person: moved out of the region
    moved_alone: np.ndarray  # bool per person: moved without their household
    village_code: np.ndarray  # current dotted village code per person (object)
    address: Address  # current address per person

    def status(self) -> np.ndarray:
        out = np.full(len(self.dead), ALIVE, dtype=object)
        out[self.moved] = MOVED
        out[self.dead] = DEAD
        return out


def _weighted_sample(rng: np.random.Generator, weight: np.ndarray, k: int) -> np.ndarray:
    """k distinct indexes drawn with probability proportional to weight (Efraimidis-Spirakis)."""
    key = np.log(rng.random(len(weight))) / weight
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    return np.sort(np.argpartition(-key, k - 1)[:k])


def life_events(
    rng: np.random.Generator,
    pop: Population,
    frame: RegionFrame,
    layout: VillageLayout,
    village_weight: np.ndarray,
    village: np.ndarray,
    address: Address,
    death_rate: float,
    move_rate: float,
    move_out_share: float,
) -> CivilEvents:
    pp = pop.pp
    n = pop.n_persons
    age = pop.age()
    hh = pp["hh"]

    hazard = np.exp(0.09 * (np.clip(age, 0, 95) - 60)) + 0.002 + 0.05 * (age < 1)
    dead = np.zeros(n, dtype=bool)
    dead[_weighted_sample(rng, hazard, round(death_rate * n))] = True
    back = (rng.random(n) * WINDOW_DAYS).astype(np.int64)
    death_day = np.where(dead, np.maximum(pop.ref_day - back, pp["birth"] + 1), -1)

    # Moves: 70 % of movers in whole households, the rest young adults alone.
    p_household = 0.7 * move_rate
    moving_hh = rng.random(pop.n_households) < p_household
    young = (age >= 18) & (age < 36) & np.isin(pp["rel"], (REL_CHILD, REL_OTHER))
    p_alone = 0.3 * move_rate * n / max(1, young.sum())
    alone = young & (rng.random(n) < p_alone) & ~moving_hh[hh]
    moved = (moving_hh[hh] | alone) & ~dead

    # A destination per moving unit (household, or the person alone).
    unit = np.where(alone, pop.n_households + np.arange(n), hh)
    units, first, inverse = np.unique(unit[moved], return_index=True, return_inverse=True)
    m = len(units)
    out = rng.random(m) < move_out_share
    src_village = village[hh[moved][first]]
    inside = rng.choice(len(village_weight), size=m, p=village_weight)
    clash = inside == src_village
    inside[clash] = (inside[clash] + 1) % len(village_weight)
    here = make_addresses(rng, layout, inside)
    far = elsewhere_addresses(rng, m)
    far_village = frame.elsewhere_villages[rng.integers(0, len(frame.elsewhere_villages), m)]
    dest_code = np.where(out, far_village, frame.village_code[inside])
    dest_alamat = np.where(out, far.alamat, here.alamat)
    dest_rt, dest_rw = np.where(out, far.rt, here.rt), np.where(out, far.rw, here.rw)

    code = frame.village_code[village[hh]].copy()
    alamat, rt, rw = address.alamat[hh].copy(), address.rt[hh].copy(), address.rw[hh].copy()
    idx = np.flatnonzero(moved)
    code[idx] = dest_code[inverse]
    alamat[idx] = dest_alamat[inverse]
    rt[idx], rw[idx] = dest_rt[inverse], dest_rw[inverse]
    moved_out = np.zeros(n, dtype=bool)
    moved_out[idx] = out[inverse]
    return CivilEvents(
        dead, death_day, moved, moved_out, alone & moved, code, Address(alamat, rt, rw)
    )
