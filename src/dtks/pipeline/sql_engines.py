"""Arrow in, SQL, Arrow out: one small interface over DuckDB and Spark for the batch steps.

PMT scoring and ranking and programme eligibility are written as SQL that both engines run
unchanged (portable SQL: ``CASE``, ``coalesce``, ``ln``, ``exp``, ``floor``, window functions,
``CAST(... AS DOUBLE)``; no DuckDB-only syntax). ``DuckDBSqlEngine`` is the in-process
default; ``SparkSqlEngine`` works in its own session of the process's Spark session (shared
with the linkage, ``dtks.pipeline.linkage.engines.spark_session``) and is the scale-out path.

Tables come in as Arrow (``register``) or, for data too big to hold in memory, as Parquet
files the engine reads itself (``register_parquet``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pyarrow as pa

ENGINE_NAMES = ("duckdb", "spark")

_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class SqlEngine(Protocol):
    name: str

    def register(self, name: str, table: pa.Table) -> None:
        """Make ``table`` queryable as ``name`` (replacing an earlier one of that name)."""

    def register_parquet(self, name: str, paths: Sequence[str | Path]) -> None:
        """Make the Parquet files ``paths`` (one schema) queryable as ``name``."""

    def query(self, sql: str) -> pa.Table:
        """Run ``sql`` and return its result as Arrow."""

    def close(self) -> None: ...


def _checked_name(name: str) -> str:
    if not _TABLE_NAME.fullmatch(name):
        raise ValueError(f"nama tabel tidak sah: {name!r} (huruf, angka dan _ saja)")
    return name


def _parquet_paths(paths: Sequence[str | Path]) -> list[str]:
    if isinstance(paths, str | Path):
        paths = [paths]
    files = [str(path) for path in paths]
    if not files:
        raise ValueError("tidak ada berkas Parquet yang diberikan")
    missing = [file for file in files if not Path(file).exists()]
    if missing:
        raise FileNotFoundError(f"berkas Parquet tidak ditemukan: {', '.join(missing)}")
    return files


class DuckDBSqlEngine:
    """DuckDB in this process; ``memory_limit`` (e.g. ``"5GB"``) makes big sorts spill."""

    name = "duckdb"

    def __init__(
        self,
        *,
        memory_limit: str | None = None,
        threads: int | None = None,
        temp_directory: str | Path | None = None,
    ) -> None:
        import duckdb

        self._con = duckdb.connect()
        if memory_limit:
            self._con.execute("SET memory_limit = ?", [memory_limit])
        if threads:
            self._con.execute(f"SET threads = {int(threads)}")
        if temp_directory:
            self._con.execute("SET temp_directory = ?", [str(temp_directory)])
        # Results carry their own keys and order (ORDER BY where it matters); not keeping
        # the scan order lets DuckDB stream and spill with less memory.
        self._con.execute("SET preserve_insertion_order = false")
        self._tables: dict[str, pa.Table] = {}
        self._parquet_views: set[str] = set()

    def register(self, name: str, table: pa.Table) -> None:
        if name in self._parquet_views:
            self._con.execute(f"DROP VIEW {name}")
            self._parquet_views.discard(name)
        self._tables[_checked_name(name)] = table  # keep the Arrow data alive while scanned
        self._con.register(name, table)

    def register_parquet(self, name: str, paths: Sequence[str | Path]) -> None:
        files = _parquet_paths(paths)
        self._tables.pop(_checked_name(name), None)
        self._con.unregister(name)
        self._parquet_views.add(name)
        listing = ", ".join("'" + file.replace("'", "''") + "'" for file in files)
        self._con.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet([{listing}])"
        )

    def query(self, sql: str) -> pa.Table:
        relation = self._con.sql(sql)
        if relation is None:
            raise ValueError("perintah SQL tidak menghasilkan tabel")
        return relation.to_arrow_table()

    def close(self) -> None:
        self._con.close()
        self._tables.clear()


class SparkSqlEngine:
    """Spark SQL in a session of its own (its own temporary views), on the shared JVM."""

    name = "spark"

    def __init__(self) -> None:
        from dtks.pipeline.linkage.engines import spark_session

        self._spark = spark_session().newSession()
        self._views: set[str] = set()

    def register(self, name: str, table: pa.Table) -> None:
        self._spark.createDataFrame(table).createOrReplaceTempView(_checked_name(name))
        self._views.add(name)

    def register_parquet(self, name: str, paths: Sequence[str | Path]) -> None:
        files = _parquet_paths(paths)
        self._spark.read.parquet(*files).createOrReplaceTempView(_checked_name(name))
        self._views.add(name)

    def query(self, sql: str) -> pa.Table:
        return self._spark.sql(sql).toArrow()

    def close(self) -> None:
        for view in self._views:
            self._spark.catalog.dropTempView(view)
        self._views.clear()


def sql_engine(name: str, *, memory_limit: str | None = None) -> SqlEngine:
    """An engine by name; ``memory_limit`` applies to DuckDB (Spark has its own settings)."""
    if name == "duckdb":
        return DuckDBSqlEngine(memory_limit=memory_limit)
    if name == "spark":
        return SparkSqlEngine()
    raise ValueError(f"mesin tidak dikenal: {name!r} (pilih {', '.join(ENGINE_NAMES)})")
