"""The engines Splink runs on: one small class each, the same three methods.

DuckDB (in process) is the default; Spark (local mode here, a cluster in production) is the
scale-out engine. Everything else in the linkage package is engine-agnostic.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import duckdb
import pyarrow as pa

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


class Engine(Protocol):
    name: str
    dialect: str

    def database_api(self) -> Any: ...

    def to_arrow(self, splink_frame: Any) -> pa.Table: ...

    def close(self) -> None: ...


class DuckDBEngine:
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, *, threads: int | None = None, memory_limit: str | None = None) -> None:
        self._con = duckdb.connect()
        if threads:
            self._con.execute(f"set threads = {int(threads)}")
        if memory_limit:
            self._con.execute("set memory_limit = ?", [memory_limit])
        self._con.execute("set preserve_insertion_order = false")

    def database_api(self) -> Any:
        from splink import DuckDBAPI

        return DuckDBAPI(connection=self._con)

    def to_arrow(self, splink_frame: Any) -> pa.Table:
        return splink_frame.as_duckdbpyrelation().to_arrow_table()

    def close(self) -> None:
        self._con.close()


# Spark settings read from the environment (docs/operations.md, "Spark").
SPARK_MASTER_ENV = "DTKS_SPARK_MASTER"
SPARK_DRIVER_MEMORY_ENV = "DTKS_SPARK_DRIVER_MEMORY"
SPARK_CHECKPOINT_DIR_ENV = "DTKS_SPARK_CHECKPOINT_DIR"
SPARK_BREAK_LINEAGE_ENV = "DTKS_SPARK_BREAK_LINEAGE"
BREAK_LINEAGE_METHODS = ("persist", "parquet", "checkpoint")


def _is_local(master: str) -> bool:
    return master.startswith("local")


def spark_session(master: str | None = None) -> SparkSession:
    """The process's one Spark session, started on first use with Splink's jar.

    Starting the JVM takes seconds, so every engine in a process shares it (``getOrCreate``);
    ``master`` and the driver memory only count for the first call. In local mode the
    partitions follow the cores: a few thousand records need no 200-way shuffles.
    """
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    master = master or os.environ.get(SPARK_MASTER_ENV) or "local[*]"
    jar = similarity_jar_location()
    builder = (
        SparkSession.builder.master(master)
        .appName("dtks-linkage")
        .config("spark.jars", jar)
        .config("spark.driver.memory", os.environ.get(SPARK_DRIVER_MEMORY_ENV, "2g"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # size(null) is null, as in DuckDB (ArraySubsetLevel on a missing token list).
        .config("spark.sql.legacy.sizeOfNull", "false")
    )
    if _is_local(master):
        partitions = str(max(2, os.cpu_count() or 2))
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", partitions)
            .config("spark.default.parallelism", partitions)
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    if jar not in (session.sparkContext.getConf().get("spark.jars") or ""):
        # A session started elsewhere (a notebook, spark-submit without --jars).
        session.sql(f"ADD JAR '{jar}'")
    return session


class SparkEngine:
    """Spark through Splink's SparkAPI, with Splink's similarity functions jar.

    ``master`` defaults to ``DTKS_SPARK_MASTER`` or ``local[*]``. Each engine works in its
    own session of the shared Spark session (its own temporary views, its own SQL
    settings), so engines one after another, or side by side, do not see each other's
    tables. Splink keeps its intermediate tables in memory (``persist``) in local mode and
    as parquet under the engine's checkpoint directory on a cluster
    (``DTKS_SPARK_BREAK_LINEAGE`` overrides); ``close`` drops them and that directory.
    """

    name = "spark"
    dialect = "spark"

    def __init__(
        self,
        *,
        master: str | None = None,
        checkpoint_dir: str | Path | None = None,
        break_lineage: str | None = None,
    ) -> None:
        base = spark_session(master)
        self.spark = base.newSession()
        local = _is_local(base.sparkContext.master or "")
        method = (
            break_lineage
            or os.environ.get(SPARK_BREAK_LINEAGE_ENV)
            or ("persist" if local else "parquet")
        )
        if method not in BREAK_LINEAGE_METHODS:
            raise ValueError(
                f"{SPARK_BREAK_LINEAGE_ENV}={method!r} tidak dikenal; pilih salah satu:"
                f" {', '.join(BREAK_LINEAGE_METHODS)}"
            )
        self.break_lineage = method
        root = checkpoint_dir or os.environ.get(SPARK_CHECKPOINT_DIR_ENV)
        self._tmp: str | None = None
        if root is None:
            self._tmp = tempfile.mkdtemp(prefix="dtks-spark-")
            root = self._tmp
        # A directory of this engine's own: Splink writes its parquet tables here, and
        # Spark's checkpoints (which go to a fresh subdirectory per setCheckpointDir) too.
        self.checkpoint_dir = f"{str(root).rstrip('/')}/engine-{uuid.uuid4().hex}"
        self._closed = False
        self._frames: list[Any] = []

    def database_api(self) -> Any:
        from splink import SparkAPI

        engine = self

        class EngineSparkAPI(SparkAPI):
            def register(self, table: Any, **names: Any) -> Any:
                if isinstance(table, pa.Table):
                    table = engine._cached_frame(table)
                return super().register(table, **names)

            def _get_checkpoint_dir_path(self, spark_df: Any) -> str:
                return engine.checkpoint_dir

        if self.break_lineage == "checkpoint":
            self.spark.sparkContext.setCheckpointDir(self.checkpoint_dir)
        return EngineSparkAPI(
            spark_session=self.spark,
            break_lineage_method=self.break_lineage,
            # Splink's default is half the shuffle partitions, one partition (one core)
            # for the scoring in local mode.
            num_partitions_on_repartition=self.spark.sparkContext.defaultParallelism,
        )

    def _cached_frame(self, table: pa.Table) -> Any:
        """An Arrow table as a Spark table computed once, in the executors' memory.

        Left as it is, Spark keeps an Arrow table as a local relation inside the query plan
        and ships it with every task of every blocking rule's join.
        """
        frame = self.spark.createDataFrame(table)
        frame = frame.repartition(self.spark.sparkContext.defaultParallelism).persist()
        frame.count()
        self._frames.append(frame)
        return frame

    def to_arrow(self, splink_frame: Any) -> pa.Table:
        # Spark 4 hands Arrow batches over directly: types (and nulls in integer columns)
        # stay what they are, with no pandas in between.
        return splink_frame.as_spark_dataframe().toArrow()

    def close(self) -> None:
        """Drop this engine's tables (and their cached data) and its checkpoint directory.

        The Spark session itself is left running: starting Spark again costs seconds, and
        a later run in the same process (tests, the worker) reuses it.
        """
        if self._closed:
            return
        self._closed = True
        for view in self.spark.sql("show views").collect():
            if view.isTemporary:
                self.spark.catalog.dropTempView(view.viewName)  # uncaches it as well
        for frame in self._frames:
            frame.unpersist()
        jvm = self.spark.sparkContext._jvm
        assert jvm is not None
        path = jvm.org.apache.hadoop.fs.Path(self.checkpoint_dir)
        path.getFileSystem(self.spark.sparkContext._jsc.hadoopConfiguration()).delete(path, True)
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)


def make_engine(name: str) -> Engine:
    if name == "duckdb":
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine()
    raise ValueError(f"mesin tidak dikenal: {name} (pilih duckdb atau spark)")
