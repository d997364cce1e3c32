"""A small synthetic district shared by the intake tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtks.synth import generate


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(region="18.71", households=60, seed=11, out_dir=out)
    return out


@pytest.fixture
def truth_files(synth_dir: Path) -> list[Path]:
    truth = synth_dir / "truth"
    return [truth / "persons.csv", truth / "members.csv", truth / "households.csv"]


@pytest.fixture
def dirty_files(synth_dir: Path) -> list[Path]:
    sources = synth_dir / "sources"
    return [
        sources / "dtks_persons.csv",
        sources / "dtks_members.csv",
        sources / "dtks_households.csv",
    ]
