"""PMT proxies, welfare and ranks are the same on Spark as on DuckDB (one SQL, two engines).

A synth world of 3,000 households; OLS and GBM models fitted (``fit_survey``) on its survey.
The truth files are ranked as read from CSV (text) and in the register's types (integers,
booleans, dates). Slow (a JVM starts once per process): deselect with ``-m "not spark"``.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest
from rank_support import AS_OF

from dtks.domain import codes
from dtks.pipeline.linkage.engines import spark_session
from dtks.pipeline.pmt.fit import fit_survey
from dtks.pipeline.pmt.model import PmtModel
from dtks.pipeline.pmt.rank import proxies_for, score_and_rank
from dtks.pipeline.sql_engines import DuckDBSqlEngine, SparkSqlEngine, SqlEngine
from dtks.synth import generate

pytest.importorskip("pyspark")
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java"),
]

HOUSEHOLDS = 3000
Register = tuple[pa.Table, pa.Table, pa.Table]
_YES_NO = [name for name, _, _ in codes.ASSETS] + [codes.ASET_LAHAN[0]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pmt-spark-world")
    # The JVM starts (seconds) while the world is generated.
    threading.Thread(target=spark_session, daemon=True).start()
    generate(region="18.71", households=HOUSEHOLDS, seed=21, out_dir=folder)
    return folder


def _read(world: Path, *, text: bool) -> Register:
    options = "all_varchar = true" if text else "auto_detect = true"
    tables = []
    for name in ("households", "persons", "members"):
        path = world / "truth" / f"{name}.csv"
        relation = duckdb.sql(f"SELECT * FROM read_csv('{path}', header = true, {options})")
        tables.append(relation.to_arrow_table())
    households, persons, members = tables
    if not text:  # the register's yes/no columns are booleans
        for column in _YES_NO:
            index = households.schema.get_field_index(column)
            as_bool = pa.compute.equal(households.column(column), 1)
            households = households.set_column(index, column, as_bool)
        assert persons.schema.field("tanggal_lahir").type == pa.date32()
    return households, persons, members


@pytest.fixture(scope="module", params=["text", "typed"])
def register(world: Path, request: pytest.FixtureRequest) -> Register:
    return _read(world, text=request.param == "text")


@pytest.fixture(scope="module")
def models(world: Path) -> dict[str, PmtModel]:
    return {
        learner: fit_survey(world / "survey", as_of=AS_OF, learner=learner).model
        for learner in ("ols", "gbm")
    }


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSqlEngine]:
    engine = SparkSqlEngine()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def duck() -> Iterator[DuckDBSqlEngine]:
    engine = DuckDBSqlEngine()
    yield engine
    engine.close()


def _proxies(engine: SqlEngine, register: Register) -> pa.Table:
    households, persons, members = register
    return proxies_for(
        engine=engine, households=households, persons=persons, members=members, as_of=AS_OF
    )


def _ranked(engine: SqlEngine, register: Register, model: PmtModel) -> pa.Table:
    households, persons, members = register
    return score_and_rank(
        engine=engine,
        households=households,
        persons=persons,
        members=members,
        model=model,
        as_of=AS_OF,
    )


def test_proxies_are_the_same(
    duck: DuckDBSqlEngine, spark: SparkSqlEngine, register: Register
) -> None:
    on_duckdb, on_spark = _proxies(duck, register), _proxies(spark, register)
    assert on_duckdb.num_rows == register[0].num_rows
    assert on_spark.schema == on_duckdb.schema
    for column in on_duckdb.column_names:
        if column in ("household_ref", "kab_kota"):
            assert on_spark.column(column).equals(on_duckdb.column(column)), column
        else:
            left, right = on_duckdb.column(column).to_numpy(), on_spark.column(column).to_numpy()
            assert np.abs(left - right).max() <= 1e-12, column


@pytest.mark.parametrize("learner", ["ols", "gbm"])
def test_welfare_and_ranks_are_the_same(
    duck: DuckDBSqlEngine,
    spark: SparkSqlEngine,
    register: Register,
    models: dict[str, PmtModel],
    learner: str,
) -> None:
    model = models[learner]
    assert model.kind == learner
    on_duckdb, on_spark = _ranked(duck, register, model), _ranked(spark, register, model)
    assert on_duckdb.num_rows == HOUSEHOLDS
    assert on_spark.schema == on_duckdb.schema
    assert on_spark.column("household_ref").equals(on_duckdb.column("household_ref"))
    welfare = on_duckdb.column("welfare").to_numpy()
    assert np.abs(on_spark.column("welfare").to_numpy() - welfare).max() <= 1e-9
    assert np.ptp(welfare) > 0.5
    for column in ("persentil", "desil"):
        assert on_spark.column(column).equals(on_duckdb.column(column)), column


@pytest.mark.parametrize("learner", ["ols", "gbm"])
def test_fitting_with_proxies_on_spark_gives_the_same_model(
    world: Path, spark: SparkSqlEngine, models: dict[str, PmtModel], learner: str
) -> None:
    on_spark = fit_survey(world / "survey", as_of=AS_OF, learner=learner, engine=spark)
    on_duckdb = models[learner]
    model = on_spark.model
    assert model.proxies == on_duckdb.proxies
    assert model.intercept == pytest.approx(on_duckdb.intercept, abs=1e-9)
    assert model.coefficients == pytest.approx(on_duckdb.coefficients, abs=1e-9)
    assert len(model.trees) == len(on_duckdb.trees)
    for name, measures in on_duckdb.report["learners"].items():
        assert on_spark.report["learners"][name] == pytest.approx(measures, abs=1e-9), name
