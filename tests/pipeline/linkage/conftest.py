"""A small synth world and one model trained on it, shared by the linkage tests."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from dtks.pipeline.interchange import PERSON_COLUMNS
from dtks.pipeline.linkage import LinkageModel, LinkResult, link_persons
from dtks.pipeline.linkage.model import default_model_path


@pytest.fixture(scope="session")
def linkage_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dtks.synth import generate

    out = tmp_path_factory.mktemp("linkage-synth")
    generate(region="18.71", households=600, seed=11, out_dir=out)
    return out


@pytest.fixture(scope="session")
def world_persons(linkage_world: Path) -> pa.Table:
    files = [str(p) for p in sorted((linkage_world / "sources").glob("*_persons.csv"))]
    files.append(str(linkage_world / "civil_registry" / "persons.csv"))
    return duckdb.sql(
        f"select {', '.join(PERSON_COLUMNS)}"
        f" from read_csv({files!r}, all_varchar=true, union_by_name=true)"
    ).to_arrow_table()


@pytest.fixture(scope="session")
def world_truth(linkage_world: Path) -> pa.Table:
    return duckdb.sql(
        f"select record_id, person_id as truth"
        f" from read_csv('{linkage_world / 'ground_truth' / 'links.csv'}', all_varchar=true)"
    ).to_arrow_table()


@pytest.fixture(scope="session")
def trained_result(world_persons: pa.Table) -> LinkResult:
    """Linking with a model trained on the records themselves (no stored model)."""
    return link_persons(world_persons)


@pytest.fixture(scope="session")
def shipped_model() -> LinkageModel:
    return LinkageModel.load(default_model_path())


@pytest.fixture(scope="session")
def baseline(world_persons: pa.Table, shipped_model: LinkageModel) -> LinkResult:
    return link_persons(world_persons, model=shipped_model)
