"""Housing, assets and livestock, drawn from the permanent part of consumption.

Each proxy comes from welfare through a non-linear noisy link: ordered logits with their own
noise (floor, wall, roof, wattage), multinomial logits (water, cooking fuel, toilet), logistic
asset ownership with interactions (an air conditioner only with PLN power of 900 W or more, a
car almost only at high welfare, boats only for fishing households, pigs only in non-Muslim
households), and a skewed log-normal floor area per capita. Housing variables share a
"housing quality" latent and assets an "asset" latent, each welfare plus its own noise.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from dtks.domain import codes
from dtks.synth import names
from dtks.synth.attributes import AGRI_SECTORS, CIVIL_SERVANT, IN_SCHOOL, YES
from dtks.synth.config import code_of, codes_of
from dtks.synth.population import Population
from dtks.synth.welfare import PERMANENT_CENTRE, PERMANENT_SCALE, household_sums

EMPTY = -1
_YES, _NO = code_of(codes.YA_TIDAK, "Yes"), code_of(codes.YA_TIDAK, "No")
FISHING = codes_of(codes.LAPANGAN_USAHA, "Capture fishery", "Aquaculture")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _ordered(
    rng: np.random.Generator,
    latent: np.ndarray,
    order: np.ndarray,
    shares: list[float],
    noise: float = 0.7,
    latent_sd: float = 1.15,
) -> np.ndarray:
    """An ordered-logit draw: categories ``order`` (worst to best) with roughly ``shares``."""
    sd = float(np.sqrt(latent_sd**2 + noise**2 * np.pi**2 / 3))
    cum = np.cumsum(shares)[:-1] / np.sum(shares)
    cuts = np.array([NormalDist(0.0, sd).inv_cdf(float(c)) for c in cum])
    return order[np.searchsorted(cuts, latent + rng.logistic(0.0, noise, len(latent)))]


def _choice(rng: np.random.Generator, options: np.ndarray, utility: list[np.ndarray]) -> np.ndarray:
    n = max(np.size(u) for u in utility)
    u = np.column_stack([np.broadcast_to(x, (n,)) for x in utility])
    return options[np.argmax(u + rng.gumbel(size=u.shape), axis=1)]


def _yes(rng: np.random.Generator, logit: np.ndarray) -> np.ndarray:
    return np.where(rng.random(len(logit)) < _sigmoid(logit), _YES, _NO).astype(np.int16)


def draw_housing(
    rng: np.random.Generator, pop: Population, permanent: np.ndarray, rural: np.ndarray
) -> dict[str, np.ndarray]:
    """Household-file housing and asset columns (codes; -1 = empty) for every household."""
    n = pop.n_households
    pp = pop.pp
    z = (permanent - PERMANENT_CENTRE) / PERMANENT_SCALE
    h = z + rng.normal(0.0, 0.5, n)  # housing quality
    a = z + rng.normal(0.0, 0.5, n)  # asset wealth
    r = rural.astype(float)
    size = pop.hh["size"].astype(float)
    head = pop.hh["head"]
    age = pop.age()
    head_age = age[head]
    civil_head = pp["status_pekerjaan"][head] == CIVIL_SERVANT
    out: dict[str, np.ndarray] = {}

    tenure = codes_of(codes.STA_BANGUNAN, "Own", "Rent", "Rent-free", "Official", "Other")
    out["sta_bangunan"] = _choice(rng, tenure, [
        1.5 + 0.035 * (head_age - 40) + 0.25 * z + 0.5 * r,
        -0.4 - 0.05 * (head_age - 40) - 0.6 * r,
        -1.3 - 0.4 * z,
        -5.0 + 3.5 * civil_head,
        np.full(n, -5.0),
    ])  # fmt: skip
    land = codes_of(codes.STA_LAHAN, "Own", "Someone else's", "State land", "Other")
    own = out["sta_bangunan"] == tenure[0]
    official = out["sta_bangunan"] == tenure[3]
    out["sta_lahan"] = _choice(rng, land, [
        np.where(own, 2.8, -1.5) + 0.2 * z,
        np.where(own, 0.0, 1.5),
        np.where(official, 2.5, -1.2 - 0.5 * z),
        np.full(n, -2.5),
    ])  # fmt: skip

    area_pc = np.exp(np.log(16.0) + 0.38 * h + 0.25 * r + rng.normal(0.0, 0.4, n))
    area = np.clip(np.round(area_pc * size**0.7), 8, 600).astype(np.int64)
    out["luas_lantai"] = area
    floor = codes_of(
        codes.LANTAI, "Earth", "Bamboo", "Poor wood", "Cement/red brick", "Tile/terrazzo",
        "Ceramic", "Marble/granite",
    )  # fmt: skip
    out["lantai"] = _ordered(rng, h - 0.5 * r, floor, [2.5, 0.5, 1.5, 17, 10, 64.5, 4])
    fancy = (out["lantai"] == floor[-2]) & (rng.random(n) < 0.02)
    out["lantai"][fancy] = rng.choice(
        codes_of(codes.LANTAI, "Parquet/vinyl", "Good wood"), fancy.sum()
    )
    wall = codes_of(
        codes.DINDING, "Bamboo", "Woven bamboo", "Logs", "Wood", "Plastered bamboo/wire", "Masonry"
    )
    out["dinding"] = _ordered(rng, h - 0.6 * r, wall, [1, 2, 0.3, 5, 3, 88.7])
    good, poor = code_of(codes.KONDISI, "Good"), code_of(codes.KONDISI, "Poor")
    masonry = out["dinding"] == wall[-1]
    out["kondisi_dinding"] = np.where(
        _sigmoid(0.8 + 1.1 * h + 0.8 * masonry) > rng.random(n), good, poor
    ).astype(np.int16)
    roof = codes_of(
        codes.ATAP, "Straw/palm", "Bamboo", "Zinc", "Asbestos", "Clay tile", "Metal tile",
        "Ceramic tile", "Concrete",
    )  # fmt: skip
    out["atap"] = _ordered(rng, h - 0.3 * r, roof, [0.5, 0.2, 12, 18, 25, 30, 8, 6.3])
    out["kondisi_atap"] = np.where(_sigmoid(1.0 + 1.1 * h) > rng.random(n), good, poor).astype(
        np.int16
    )
    rooms = np.round(area / rng.uniform(14, 22, n)) + (rng.random(n) < 0.3)
    out["jumlah_kamar"] = np.clip(rooms, 1, np.maximum(1, np.minimum(8, area // 7))).astype(
        np.int64
    )

    water = np.array([c.value for c in codes.SUMBER_AIRMINUM.codes], dtype=np.int16)
    out["sumber_airminum"] = _choice(rng, water, [
        -2.2 + 1.3 * z, 1.0 + 0.3 * z - 1.0 * r, -1.0 + 0.3 * z - 1.0 * r, np.full(n, -3.0),
        0.0 - 0.1 * z + r, -0.5 - 0.3 * z + 1.2 * r, -2.6 - 0.8 * z + 1.5 * r,
        -4.0 + 1.5 * r, -5.0 + 1.5 * r - 0.5 * z, -6.0 + 2.0 * r - z, np.full(n, -6.5),
        np.full(n, -6.5),
    ])  # fmt: skip
    light = codes_of(
        codes.SUMBER_PENERANGAN, "PLN electricity", "Non-PLN electricity", "No electricity"
    )
    out["sumber_penerangan"] = _choice(
        rng, light, [np.zeros(n), -4.5 - 1.2 * z + r, -7.0 - 1.5 * z + 1.5 * r]
    )
    pln = out["sumber_penerangan"] == light[0]
    power = codes_of(codes.DAYA, "No meter", "450 W", "900 W", "1300 W", "2200 W", "> 2200 W")
    daya = _ordered(rng, a, power, [4, 22, 42, 22, 7, 3], noise=0.6)
    out["daya"] = np.where(pln, daya, EMPTY).astype(np.int16)
    watts = _rank(power, out["daya"])  # 0 none or no meter, 1 = 450 W ... 5 = > 2200 W
    fuel = np.array([c.value for c in codes.BB_MASAK.codes], dtype=np.int16)
    out["bb_masak"] = _choice(rng, fuel, [
        -4.0 + 1.2 * z, -2.5 + 1.3 * z, np.full(n, 2.0), np.full(n, -6.0), -4.0 - 0.5 * z,
        np.full(n, -7.0), -5.5 - 0.6 * z, -3.5 - 1.2 * z + 1.5 * r, -4.0 + 2.5 * (size == 1),
    ])  # fmt: skip
    toilet = np.array([c.value for c in codes.FASBAB.codes], dtype=np.int16)
    out["fasbab"] = _choice(
        rng, toilet, [2.5 + 0.8 * z, np.zeros(n), -1.5 - 0.3 * z, -2.6 - 0.8 * z + r]
    )
    no_toilet = out["fasbab"] == toilet[-1]
    closet = np.array([c.value for c in codes.KLOSET.codes], dtype=np.int16)
    kloset = _choice(rng, closet, [3.0 + z, np.zeros(n), -0.5 - 0.5 * z + r, np.full(n, -4.0)])
    out["kloset"] = np.where(no_toilet, closet[-1], kloset).astype(np.int16)
    waste = np.array([c.value for c in codes.BUANG_TINJA.codes], dtype=np.int16)
    out["buang_tinja"] = _choice(rng, waste, [
        np.where(no_toilet, -3.0, 2.5 + 0.6 * z), np.where(no_toilet, -3.0, 0.0),
        -0.3 - 0.5 * z + r, -1.0 - 0.6 * z + 1.5 * no_toilet, -3.5 - 0.5 * z + 2.0 * no_toilet,
        np.full(n, -5.0),
    ])  # fmt: skip

    # Assets.
    electric = out["sumber_penerangan"] != light[2]
    in_school = household_sums(pop, (pp["partisipasi_sekolah"] == IN_SCHOOL) & (age >= 15)) > 0
    workers = household_sums(pop, (pp["bekerja"] == YES).astype(float))
    young = household_sums(pop, ((age >= 15) & (age < 40)).astype(float))
    kids = household_sums(pop, ((age >= 6) & (age < 16)).astype(float))
    fisher = household_sums(pop, np.isin(pp["lapangan_usaha"], FISHING).astype(float)) > 0
    farmer = household_sums(pop, np.isin(pp["lapangan_usaha"], AGRI_SECTORS).astype(float)) > 0
    big_gas = out["bb_masak"] == code_of(codes.BB_MASAK, "Gas > 3 kg")
    no_power = np.where(electric, 0.0, -4.0)
    assets = {
        "aset_tabung_gas": -3.4 + 1.5 * a + 5.0 * big_gas,
        "aset_lemari_es": 0.7 + 1.4 * a + no_power,
        "aset_ac": np.where(watts >= 2, -4.7 + 1.8 * a + 0.4 * watts, -7.0),
        "aset_pemanas_air": -5.2 + 1.7 * a + 0.8 * (watts >= 3) + no_power,
        "aset_telepon_rumah": -4.2 + 1.2 * a + 0.03 * (head_age - 50),
        "aset_televisi": 2.5 + 1.0 * a + no_power,
        "aset_emas": -1.3 + 0.9 * a,
        "aset_komputer": -2.5 + 1.3 * a + 0.8 * in_school + no_power,
        "aset_sepeda": -1.2 + 0.1 * a + 0.5 * (kids > 0),
        "aset_sepeda_motor": 1.4 + 0.9 * a + 0.4 * workers,
        "aset_mobil": -3.9 + 1.2 * a + 1.6 * np.maximum(a - 0.8, 0.0),
        "aset_perahu": np.where(fisher, -0.5, -8.0),
    }
    for key, logit in assets.items():
        out[key] = _yes(rng, logit)
    boat = out["aset_perahu"] == _YES
    out["aset_motor_tempel"] = _yes(rng, np.where(boat, 0.2 + 0.8 * a, -9.0))
    out["aset_perahu_motor"] = _yes(rng, np.where(fisher, -2.5 + 0.8 * a, -9.0))
    out["aset_kapal"] = _yes(rng, np.where(fisher & (a > 1.2), -3.5, -11.0))
    out["aset_smartphone"] = _yes(rng, 1.6 + 1.0 * a - 0.04 * (head_age - 45) + 0.6 * young)
    land = _yes(rng, -2.3 + 0.7 * a + 1.5 * r + 1.5 * farmer)
    out["aset_lahan"] = land
    lahan = np.exp(np.log(400) + 2.2 * r + 1.5 * farmer + 0.5 * a + rng.normal(0, 0.8, n))
    out["luas_lahan"] = np.where(land == _YES, np.round(lahan / 10) * 10, EMPTY).astype(np.int64)
    out["aset_rumah_lain"] = _yes(rng, -3.6 + 1.2 * a)

    pig_ok = np.isin(pop.hh["religion"], [names.KRISTEN_R, names.HINDU, names.BUDDHA])
    herd = {
        "jumlah_sapi": (-5.5 + 2.5 * r + 1.5 * farmer, 3.0),
        "jumlah_kerbau": (-7.5 + 2.5 * r, 2.0),
        "jumlah_kuda": (-9.5 + 1.0 * r, 1.0),
        "jumlah_babi": (np.where(pig_ok, -3.0 + 1.5 * r, -20.0), 4.0),
        "jumlah_kambing": (-4.2 + 2.0 * r + 1.0 * farmer - 0.2 * a, 4.0),
    }
    for key, (logit, mean) in herd.items():
        has = rng.random(n) < _sigmoid(np.broadcast_to(logit, (n,)))
        out[key] = np.where(has, 1 + rng.poisson(mean - 1, n), 0).astype(np.int64)
    return out


def _rank(order: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Position of each value in ``order`` (0 for values not in it)."""
    lookup = np.zeros(int(max(order.max(), values.max())) + 2, dtype=np.int64)
    lookup[order] = np.arange(len(order))
    return lookup[np.maximum(values, 0)] * (values >= 0)
