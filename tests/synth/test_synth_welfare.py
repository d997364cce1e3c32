"""Consumption: level, poverty, and how much of it a linear PMT on the proxies recovers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np

from dtks.domain import codes
from dtks.synth.config import REFERENCE_DATE, code_of
from dtks.synth.welfare import POVERTY_LINE

Rows = dict[str, list[dict[str, str]]]
YES = str(code_of(codes.YA_TIDAK, "Yes"))
CERAMIC = {str(code_of(codes.LANTAI, label)) for label in ("Ceramic", "Marble/granite")}
MASONRY = str(code_of(codes.DINDING, "Masonry"))
BOTTLED = str(code_of(codes.SUMBER_AIRMINUM, "Bottled"))
OWN_TOILET = str(code_of(codes.FASBAB, "Own"))
BIG_GAS = str(code_of(codes.BB_MASAK, "Gas > 3 kg"))


def design(
    households: list[dict[str, str]], persons: list[dict[str, str]], members: list[dict[str, str]]
) -> np.ndarray:
    """A simple PMT design matrix: size, children, head's diploma, housing and assets."""
    size: dict[str, int] = defaultdict(int)
    kids: dict[str, int] = defaultdict(int)
    head_ijazah: dict[str, int] = {}
    member = {m["record_id"]: m for m in members}
    for p in persons:
        ref = p["household_ref"]
        size[ref] += 1
        m = member[p["record_id"]]
        if (REFERENCE_DATE - date.fromisoformat(p["tanggal_lahir"])).days < 15 * 365:
            kids[ref] += 1
        if m["hubungan"] == str(codes.HEAD):
            head_ijazah[ref] = int(m["ijazah"])
    assets = [a[0] for a in codes.ASSETS]
    rows = []
    for h in households:
        ref = h["household_ref"]
        s = size[ref]
        rows.append(
            [1.0, np.log(s), kids[ref] / s, head_ijazah[ref], np.log(int(h["luas_lantai"]) / s),
             h["lantai"] in CERAMIC, h["dinding"] == MASONRY, h["sumber_airminum"] == BOTTLED,
             h["fasbab"] == OWN_TOILET, h["bb_masak"] == BIG_GAS, int(h["daya"] or 0)]
            + [h[a] == YES for a in assets]
        )  # fmt: skip
    return np.array(rows, dtype=float)


def r_squared(x: np.ndarray, y: np.ndarray) -> float:
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    return float(1 - np.var(y - x @ beta) / np.var(y))


def test_consumption_level_and_poverty(table: Rows) -> None:
    c = np.array([int(h["konsumsi_per_kapita"]) for h in table["truth/households.csv"]])
    assert 900_000 < np.median(c) < 1_700_000
    poor = np.mean(c < POVERTY_LINE)
    assert 0.07 < poor < 0.2


def test_pmt_r_squared_in_realistic_range(table: Rows) -> None:
    households = table["truth/households.csv"]
    x = design(households, table["truth/persons.csv"], table["truth/members.csv"])
    y = np.log([float(h["konsumsi_per_kapita"]) for h in households])
    r2 = r_squared(x, y)
    assert 0.25 < r2 < 0.75, r2


def test_survey_recovers_a_similar_pmt(table: Rows) -> None:
    households = table["survey/households.csv"]
    assert len(households) == 2000  # max(2000, 5 % of 2500)
    assert all(h["household_ref"].startswith("S") for h in households)
    x = design(households, table["survey/persons.csv"], table["survey/members.csv"])
    y = np.log([float(h["konsumsi_per_kapita"]) for h in households])
    assert 0.2 < r_squared(x, y) < 0.75


def test_proxies_follow_welfare(table: Rows) -> None:
    households = table["truth/households.csv"]
    c = np.array([int(h["konsumsi_per_kapita"]) for h in households])
    rich = c > np.quantile(c, 0.8)
    poor = c < np.quantile(c, 0.2)
    car = np.array([h["aset_mobil"] == YES for h in households])
    assert car[rich].mean() > 3 * car[poor].mean()
    dtks = {h["household_ref"] for h in households if h["ikut_kis_pbi"] == YES}
    pbi = np.array([h["household_ref"] in dtks for h in households])
    assert pbi[poor].mean() > 2 * pbi[rich].mean()
