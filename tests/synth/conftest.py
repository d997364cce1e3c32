"""Shared fixtures of the synth tests: one small generated world per session."""

from __future__ import annotations

import pytest
from synth_helpers import read_rows

from dtks.synth import SynthSummary, generate

N_HOUSEHOLDS = 2500
SEED = 7


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> SynthSummary:
    out = tmp_path_factory.mktemp("synth")
    return generate(region="18.71", households=N_HOUSEHOLDS, seed=SEED, out_dir=out)


@pytest.fixture(scope="session")
def table(world: SynthSummary) -> dict[str, list[dict[str, str]]]:
    """Every CSV file of the session world, read with the csv module (cached)."""
    cache: dict[str, list[dict[str, str]]] = {}
    for name, path in world.files.items():
        if name.endswith(".csv"):
            cache[name] = read_rows(path)[1]
    return cache
