"""The SQL engines: Arrow or Parquet in, SQL, Arrow out, on DuckDB (and once on Spark)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dtks.pipeline.sql_engines import DuckDBSqlEngine, SparkSqlEngine, SqlEngine, sql_engine

PEOPLE = pa.table(
    {
        "ref": ["a", "b", "c"],
        "born": [date(1990, 5, 1), None, date(2001, 1, 31)],
        "works": [True, False, None],
    }
)
PORTABLE = (
    "SELECT ref, year(born) AS y, CASE WHEN works THEN 1 ELSE 0 END AS w,"
    " row_number() OVER (ORDER BY ref DESC) AS n FROM people ORDER BY ref"
)


@pytest.fixture
def duckdb_engine() -> Iterator[DuckDBSqlEngine]:
    engine = DuckDBSqlEngine()
    yield engine
    engine.close()


def _check_engine(engine: SqlEngine, tmp_path: Path) -> None:
    engine.register("people", PEOPLE)
    result = engine.query(PORTABLE)
    assert result.column("y").to_pylist() == [1990, None, 2001]
    assert result.column("w").to_pylist() == [1, 0, 0]
    assert result.column("n").to_pylist() == [3, 2, 1]
    # Registering again under the same name replaces the table.
    engine.register("people", PEOPLE.slice(0, 1))
    assert engine.query("SELECT count(*) AS n FROM people").column("n").to_pylist() == [1]
    pq.write_table(PEOPLE.slice(0, 2), tmp_path / "one.parquet")
    pq.write_table(PEOPLE.slice(2), tmp_path / "two.parquet")
    engine.register_parquet("people", [tmp_path / "one.parquet", tmp_path / "two.parquet"])
    assert engine.query(PORTABLE).column("ref").to_pylist() == ["a", "b", "c"]


def test_duckdb_runs_portable_sql_on_arrow_and_parquet(
    duckdb_engine: DuckDBSqlEngine, tmp_path: Path
) -> None:
    _check_engine(duckdb_engine, tmp_path)
    # And an Arrow table replaces the Parquet view of the same name.
    duckdb_engine.register("people", PEOPLE.slice(1))
    assert duckdb_engine.query("SELECT ref FROM people").column("ref").to_pylist() == ["b", "c"]


def test_duckdb_takes_its_memory_limit() -> None:
    engine = sql_engine("duckdb", memory_limit="1GB")
    try:
        limit = engine.query("SELECT current_setting('memory_limit') AS m").column("m")[0]
        assert limit.as_py() in {"1.0 GB", "953.6 MiB"}
    finally:
        engine.close()


def test_missing_parquet_files_are_named(duckdb_engine: DuckDBSqlEngine, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"tidak ditemukan: .*hilang\.parquet"):
        duckdb_engine.register_parquet("people", [tmp_path / "hilang.parquet"])
    with pytest.raises(ValueError, match="tidak ada berkas Parquet"):
        duckdb_engine.register_parquet("people", [])


@pytest.mark.parametrize("name", ["people; DROP", "1abc", "a-b", ""])
def test_table_names_must_be_plain(duckdb_engine: DuckDBSqlEngine, name: str) -> None:
    with pytest.raises(ValueError, match="nama tabel tidak sah"):
        duckdb_engine.register(name, PEOPLE)


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="mesin tidak dikenal: 'postgres'"):
        sql_engine("postgres")


@pytest.mark.spark
@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")
def test_spark_runs_the_same_sql_in_a_session_of_its_own(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    engine, other = SparkSqlEngine(), SparkSqlEngine()
    try:
        _check_engine(engine, tmp_path)
        with pytest.raises(Exception, match="people"):
            other.query("SELECT * FROM people")
        engine.close()
        with pytest.raises(Exception, match="people"):
            engine.query("SELECT * FROM people")
    finally:
        engine.close()
        other.close()
