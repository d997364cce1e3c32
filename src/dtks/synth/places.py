"""Addresses (street, RT, RW) and places of birth, with the kecamatan of first registration
that the NIK carries.

Each village gets a fixed layout (its streets, numbers of RW and of RT per RW) from the region
stream, so the population, the survey and movers share it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dtks.synth import names
from dtks.synth.population import YEAR, Population
from dtks.synth.regions import OLD_CITY_NAMES, OLD_NAME_BEFORE_YEAR, Place, RegionFrame

STREETS_PER_VILLAGE = 12


@dataclass(frozen=True)
class VillageLayout:
    streets: np.ndarray  # (villages, STREETS_PER_VILLAGE) indexes into names.STREETS
    n_streets: np.ndarray
    n_rw: np.ndarray
    n_rt: np.ndarray  # RTs per RW
    rural: np.ndarray


@dataclass(frozen=True)
class Address:
    alamat: np.ndarray  # object
    rt: np.ndarray  # int
    rw: np.ndarray  # int


def village_layout(rng: np.random.Generator, frame: RegionFrame) -> VillageLayout:
    nv = len(frame.village_code)
    pool = len(names.STREETS)
    streets = np.argsort(rng.random((nv, pool)), axis=1)[:, :STREETS_PER_VILLAGE]
    return VillageLayout(
        streets=streets,
        n_streets=rng.integers(4, STREETS_PER_VILLAGE + 1, nv),
        n_rw=rng.integers(2, 13, nv),
        n_rt=rng.integers(3, 11, nv),
        rural=~frame.village_urban,
    )


def make_addresses(rng: np.random.Generator, layout: VillageLayout, village: np.ndarray) -> Address:
    """A street address, RT and RW for each household (village indexes)."""
    n = len(village)
    col = (rng.random(n) * layout.n_streets[village]).astype(np.int64)
    street = names.STREETS[layout.streets[village, col]]
    kinds = np.array([k for k, _ in names.STREET_KIND], dtype=object)
    kind = rng.choice(kinds, n, p=[p for _, p in names.STREET_KIND])
    number = rng.integers(1, 160, n)
    rw = (rng.random(n) * layout.n_rw[village]).astype(np.int64) + 1
    rt = (rng.random(n) * layout.n_rt[village]).astype(np.int64) + 1
    dusun = layout.rural[village] & (rng.random(n) < 0.5)
    alamat = np.array(
        [
            f"Dusun {names.DUSUN_ROMAN[int(w) % len(names.DUSUN_ROMAN)]}"
            if d
            else f"{k} {s} No. {int(num)}"
            for k, s, num, d, w in zip(kind, street, number, dusun, rw, strict=True)
        ],
        dtype=object,
    )
    return Address(alamat=alamat, rt=rt, rw=rw)


def elsewhere_addresses(rng: np.random.Generator, n: int) -> Address:
    """Addresses in villages outside the region (no known layout)."""
    street = names.STREETS[rng.integers(0, len(names.STREETS), n)]
    number = rng.integers(1, 160, n)
    alamat = np.array([f"Jl. {s} No. {int(k)}" for s, k in zip(street, number, strict=True)])
    return Address(alamat.astype(object), rng.integers(1, 11, n), rng.integers(1, 8, n))


def _place_arrays(
    places: tuple[Place, ...],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(place names, kecamatan offsets, kecamatan counts, all kecamatan codes concatenated)."""
    name = np.array([p.name for p in places], dtype=object)
    count = np.array([len(p.kecamatan) for p in places], dtype=np.int64)
    offset = np.concatenate([[0], np.cumsum(count)[:-1]])
    return name, offset, count, np.concatenate([p.kecamatan for p in places])


def birth_places(
    rng: np.random.Generator, pop: Population, frame: RegionFrame, village: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(tempat_lahir, 6-digit kecamatan code of first registration) per person."""
    pp = pop.pp
    n = pop.n_persons
    age = pop.age()
    person_village = village[pp["hh"]]
    district = frame.village_district[person_village]
    regency = frame.district_regency[district]
    kec_here = frame.district_kec6[district]
    birth_year = 1970 + pp["birth"] / YEAR

    # Born here: the city's name (or, in a kabupaten, a kecamatan's name).
    local = frame.regency_local_name[regency]
    other_district = rng.integers(0, len(frame.district_code), n)
    same_regency = frame.district_regency[other_district] == regency
    born_district = np.where(same_regency & (rng.random(n) < 0.15), other_district, district)
    place = np.where(local == "", frame.district_name[born_district], local)
    for code, old_names in OLD_CITY_NAMES.items():
        old = (frame.regency_code[regency] == code) & (birth_year < OLD_NAME_BEFORE_YEAR)
        old &= rng.random(n) < 0.5
        place[old] = np.array(old_names, dtype=object)[rng.integers(0, len(old_names), old.sum())]
    # Most are first registered where they live; some moved within the region since.
    moved_in_region = rng.random(n) < 0.1
    kec = np.where(moved_in_region, frame.district_kec6[born_district], kec_here)

    # Born elsewhere: migrants, more often adults, by origin group.
    grp = pp["group"]
    p_migrant = names.GROUP_MIGRANT[grp] * np.interp(age, [0, 15, 25, 60], [0.08, 0.15, 0.8, 1.0])
    migrant = rng.random(n) < p_migrant
    registered_there = rng.random(n) < 0.4
    for g, origins in enumerate(names.GROUP_ORIGINS):
        rows = np.flatnonzero(migrant & (grp == g))
        if not len(rows):
            continue
        keys = [k for k, _ in origins]
        weights = np.array([w for _, w in origins])
        which = rng.choice(len(keys), size=len(rows), p=weights / weights.sum())
        for i, key in enumerate(keys):
            sel = rows[which == i]
            places = (
                frame.province_places
                if key == "lampung" and frame.province_places
                else (frame.places[key])
            )
            pname, offset, count, allkec = _place_arrays(places)
            pick = rng.integers(0, len(pname), len(sel))
            place[sel] = pname[pick]
            kpos = offset[pick] + (rng.random(len(sel)) * count[pick]).astype(np.int64)
            there = registered_there[sel]
            kec[sel[there]] = allkec[kpos[there]]
    return place, kec
