"""The hidden welfare model: where households live, and their true per-capita consumption.

Latent welfare ``u`` = kecamatan effect + village effect (+ a rural penalty) + household noise.
Schooling and work are drawn from ``u`` (``attributes.py``); then

    log consumption per capita = intercept + u + head's education + civil servant + workers
                                 - household size - share of children - ... + transient shock

The *permanent* part (everything but the transient shock) drives housing and assets
(``housing.py``); the shock is what no proxy can see, which caps the R^2 of a PMT.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dtks.synth.attributes import CIVIL_SERVANT, STATUS, YES
from dtks.synth.population import FEMALE, Population
from dtks.synth.regions import RegionFrame

# Calibrated for Kota Bandar Lampung: median near Rp 1.3 M per person per month, about 13 %
# below the Rp 600,000 poverty line.
LOG_INTERCEPT = float(np.log(1_230_000))
POVERTY_LINE = 600_000
DISTRICT_SD, VILLAGE_SD, HOUSEHOLD_SD = 0.15, 0.15, 0.40
RURAL_EFFECT = -0.25
TRANSIENT_SD = 0.35
# Typical size of the latent u (used to standardise it for the attribute draws).
U_SCALE = float(np.sqrt(DISTRICT_SD**2 + VILLAGE_SD**2 + HOUSEHOLD_SD**2))
# Standardisation of permanent log consumption for the housing and asset draws.
PERMANENT_CENTRE, PERMANENT_SCALE = LOG_INTERCEPT, 0.5
CASUAL = STATUS[5:7]  # casual agricultural and non-agricultural workers


@dataclass(frozen=True)
class PlaceEffects:
    """Per-village size weights and welfare effects; fixed for a (region, seed), shared by the
    population and the survey."""

    village_weight: np.ndarray
    district_effect: np.ndarray
    village_effect: np.ndarray
    rural: np.ndarray  # per village


def place_effects(rng: np.random.Generator, frame: RegionFrame) -> PlaceEffects:
    nv, nd = len(frame.village_code), len(frame.district_code)
    weight = rng.lognormal(0.0, 0.7, nv)
    district = rng.normal(0.0, DISTRICT_SD, nd)
    village = rng.normal(0.0, VILLAGE_SD, nv)
    weight /= weight.sum()
    # Centre the place effects (population-weighted) so the region's level stays calibrated.
    village -= float(np.sum(weight * (district[frame.village_district] + village)))
    return PlaceEffects(weight, district, village, ~frame.village_urban)


def assign_villages(rng: np.random.Generator, effects: PlaceEffects, n: int) -> np.ndarray:
    """Village index of each of ``n`` households, villages weighted by size."""
    counts = rng.multinomial(n, effects.village_weight)
    village = np.repeat(np.arange(len(counts)), counts).astype(np.int32)
    return village[rng.permutation(n)]


def latent_welfare(
    rng: np.random.Generator, effects: PlaceEffects, frame: RegionFrame, village: np.ndarray
) -> np.ndarray:
    """Household latent welfare ``u`` (log scale, mean about 0)."""
    district = frame.village_district[village]
    u = effects.district_effect[district] + effects.village_effect[village]
    u = u + RURAL_EFFECT * effects.rural[village]
    return u + rng.normal(0.0, HOUSEHOLD_SD, len(village))


def household_sums(pop: Population, values: np.ndarray) -> np.ndarray:
    return np.bincount(pop.pp["hh"], weights=values, minlength=pop.n_households)


def consumption(
    rng: np.random.Generator, pop: Population, u: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(log per-capita consumption, its permanent part) per household."""
    pp = pop.pp
    age = pop.age()
    size = pop.hh["size"].astype(float)
    head = pop.hh["head"]
    ijazah = pp["ijazah"][head].astype(float)
    workers = household_sums(pop, (pp["bekerja"] == YES).astype(float))
    civil = household_sums(pop, (pp["status_pekerjaan"] == CIVIL_SERVANT).astype(float)) > 0
    kids = household_sums(pop, (age < 15).astype(float))
    elderly = household_sums(pop, (age >= 65).astype(float))
    casual_head = np.isin(pp["status_pekerjaan"][head], CASUAL)
    idle_head = pp["bekerja"][head] != YES
    female_head = pp["sex"][head] == FEMALE
    permanent = (
        LOG_INTERCEPT
        + u
        + 0.09 * (ijazah - 2.5)
        + 0.14 * civil
        + 0.25 * (workers / size - 0.35)
        - 0.28 * (np.log(size) - np.log(3.8))
        - 0.35 * (kids / size - 0.25)
        - 0.05 * (elderly / size)
        - 0.12 * casual_head
        - 0.06 * idle_head
        - 0.04 * female_head
    )
    log_c = permanent + rng.normal(0.0, TRANSIENT_SD, len(u))
    return log_c, permanent


def rupiah(log_c: np.ndarray) -> np.ndarray:
    """Consumption in whole hundreds of rupiah per person per month."""
    return (np.round(np.exp(log_c) / 100.0) * 100).astype(np.int64)
