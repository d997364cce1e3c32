"""The Spark engine gives the same people as DuckDB: one model, ~10,000 records, both engines.

Slow (a JVM starts once for the module): deselect with ``-m "not spark"``.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from dtks.pipeline.interchange import PERSON_COLUMNS
from dtks.pipeline.linkage import (
    DuckDBEngine,
    LinkageModel,
    LinkResult,
    SparkEngine,
    Thresholds,
    link_persons,
    train_model,
)
from dtks.pipeline.linkage.engines import spark_session
from dtks.pipeline.linkage.features import prepare
from dtks.synth import generate

pytest.importorskip("pyspark")
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java"),
]

# 1,300 households of Kota Bandar Lampung: about 10,000 source and civil-registry records.
HOUSEHOLDS = 1300
# Every pair the blocking rules produce comes back (as a review pair or a linked pair), so
# the engines are compared on each scored pair, not only on those above 0.5.
EVERY_PAIR = Thresholds(accept=0.95, review=1e-300)


def _persons(world: Path) -> pa.Table:
    files = [str(p) for p in sorted((world / "sources").glob("*_persons.csv"))]
    files.append(str(world / "civil_registry" / "persons.csv"))
    relation = duckdb.sql(
        f"select {', '.join(PERSON_COLUMNS)} from read_csv({files!r},"
        " all_varchar = true, union_by_name = true)"
    )
    assert relation is not None
    return relation.to_arrow_table()


@pytest.fixture(scope="module")
def persons(tmp_path_factory: pytest.TempPathFactory) -> pa.Table:
    world = tmp_path_factory.mktemp("spark-world")
    # The JVM starts (seconds) while the world is generated and the model trained.
    threading.Thread(target=spark_session, daemon=True).start()
    generate(region="18.71", households=HOUSEHOLDS, seed=11, out_dir=world)
    return _persons(world)


@pytest.fixture(scope="module")
def model(persons: pa.Table) -> LinkageModel:
    engine = DuckDBEngine()
    try:
        return train_model(prepare(persons), engine=engine)
    finally:
        engine.close()


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkEngine]:
    engine = SparkEngine()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def on_duckdb(persons: pa.Table, model: LinkageModel) -> LinkResult:
    return link_persons(persons, engine="duckdb", model=model, thresholds=EVERY_PAIR)


@pytest.fixture(scope="module")
def on_spark(persons: pa.Table, model: LinkageModel, spark: SparkEngine) -> LinkResult:
    return link_persons(persons, engine=spark, model=model, thresholds=EVERY_PAIR)


def _scored(result: LinkResult) -> dict[tuple[str, str], tuple[float, dict]]:
    pairs = pa.concat_tables([result.linked_pairs, result.review_pairs]).to_pylist()
    return {
        (p["record_id_l"], p["record_id_r"]): (p["match_probability"], json.loads(p["evidence"]))
        for p in pairs
    }


def _views(engine: SparkEngine) -> set[str]:
    return {view.viewName for view in engine.spark.sql("show views").collect()}


def test_the_world_is_about_ten_thousand_records(persons: pa.Table) -> None:
    assert 9_000 <= persons.num_rows <= 11_000


def test_spark_finds_the_same_people(on_duckdb: LinkResult, on_spark: LinkResult) -> None:
    duck = dict(zip(*on_duckdb.clusters.to_pydict().values(), strict=True))
    spark = dict(zip(*on_spark.clusters.to_pydict().values(), strict=True))
    assert len(duck) == on_duckdb.counts["records"]
    moved = {
        record: (duck[record], spark.get(record))
        for record in duck
        if duck[record] != spark.get(record)
    }
    assert not moved, f"{len(moved)} records in another cluster, e.g. {list(moved.items())[:5]}"
    assert spark.keys() == duck.keys()
    # Not a trivial clustering: sources and civil registry really were merged.
    assert on_duckdb.counts["persons"] < 0.7 * on_duckdb.counts["records"]
    assert on_spark.counts == on_duckdb.counts


# Comparisons with a Jaro-Winkler level: DuckDB halves an odd transposition count rounding
# down, Splink's Spark jar does not, so a few pairs near a threshold land one level apart.
JARO_WINKLER_COMPARISONS = {"nama", "tempat_lahir", "keluarga"}


def test_spark_scores_the_same_pairs_alike(on_duckdb: LinkResult, on_spark: LinkResult) -> None:
    duck, spark = _scored(on_duckdb), _scored(on_spark)
    assert spark.keys() == duck.keys()
    differ = {}
    for pair, (probability, evidence) in duck.items():
        spark_probability, spark_evidence = spark[pair]
        levels = {
            name
            for name, item in evidence.items()
            if item["level"] != spark_evidence[name]["level"]
        }
        if levels or abs(probability - spark_probability) > 1e-9:
            differ[pair] = (probability, spark_probability, levels)
    # Only Jaro-Winkler levels may differ, for a handful of pairs, none of them decisive.
    assert len(differ) <= 0.001 * len(duck), f"{len(differ)} of {len(duck)} pairs differ"
    for probability, spark_probability, levels in differ.values():
        assert levels, "a probability differs without any level differing"
        assert levels <= JARO_WINKLER_COMPARISONS
        assert (probability >= 0.95) == (spark_probability >= 0.95)


def test_another_engine_in_the_same_process_cleans_up(
    persons: pa.Table, model: LinkageModel, spark: SparkEngine, on_spark: LinkResult
) -> None:
    # A second engine shares the JVM, not the tables; parquet exercises the checkpoint dir.
    sample = persons.slice(0, 1500)
    first_views = _views(spark)
    second = SparkEngine(break_lineage="parquet")
    try:
        assert second.spark.sparkContext is spark.spark.sparkContext
        result = link_persons(sample, engine=second, model=model)
        assert os.listdir(second.checkpoint_dir), "Splink wrote no tables to the checkpoint dir"
        assert second.spark.sql("show views").collect()
    finally:
        second.close()
    assert not os.path.exists(second.checkpoint_dir)
    assert not second.spark.sql("show views").collect()
    # The first engine's tables are its own: closing the second one left them alone.
    assert _views(spark) == first_views
    expected = link_persons(sample, engine="duckdb", model=model)
    assert result.clusters.equals(expected.clusters)
