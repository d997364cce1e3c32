"""Score every household with a PMT model and rank them nationally, in portable SQL.

One SQL statement per run, on DuckDB or Spark alike (``dtks.pipeline.sql_engines``):
proxies (``proxies.proxy_sql``) -> predicted log per-capita consumption (``model.welfare_sql``)
-> ``row_number()`` over (welfare, household_ref) -> persentil 1-100 and desil 1-10, poorest
first. The ranks are those of ``dtks.domain.pmt.rank``: position * 100 // n + 1 and
position * 10 // n + 1, ties broken by ``household_ref``, so the same register gives the same
ranks in whatever order its rows come.

Inputs are Arrow tables (registered under ``pmt_*`` names) or the names of tables the engine
already knows (e.g. Parquet registered with ``register_parquet``: the way for data bigger than
memory).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeAlias

import pyarrow as pa

from dtks.domain import codes
from dtks.pipeline.pmt.model import PmtModel, welfare_sql
from dtks.pipeline.pmt.proxies import PROXIES, proxy_sql
from dtks.pipeline.sql_engines import SqlEngine

RANK_COLUMNS = ("household_ref", "welfare", "konsumsi_prediksi", "persentil", "desil")
RANK_SCHEMA = pa.schema(
    [
        ("household_ref", pa.string()),
        ("welfare", pa.float64()),  # predicted log consumption per person per month
        ("konsumsi_prediksi", pa.float64()),  # exp(welfare): rupiah per person per month
        ("persentil", pa.int16()),  # 1-100, poorest first
        ("desil", pa.int16()),  # 1-10, poorest first
    ]
)
PROXY_SCHEMA = pa.schema(
    [("household_ref", pa.string()), ("kab_kota", pa.string())]
    + [(proxy, pa.float64()) for proxy in PROXIES]
)

# The columns the proxies are computed from, per input table (the interchange layout,
# docs/formats.md, may carry more; they are not read).
# (tests/pipeline/pmt/test_rank.py checks that these suffice for ``proxy_sql``.)
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "households": (
        "household_ref",
        "kode_wilayah",
        "sta_bangunan",
        "luas_lantai",
        "lantai",
        "dinding",
        "atap",
        "jumlah_kamar",
        "sumber_airminum",
        "sumber_penerangan",
        "daya",
        "bb_masak",
        "fasbab",
        "kloset",
        *(name for name, _, _ in codes.ASSETS),
        codes.ASET_LAHAN[0],
        *(name for name, _, _ in codes.LIVESTOCK),
    ),
    "persons": ("record_id", "household_ref", "jenis_kelamin", "tanggal_lahir"),
    "members": ("record_id", "hubungan", "ijazah", "bekerja", "status_pekerjaan"),
}
TABLE_LABELS = {
    "households": "rumah tangga (households)",
    "persons": "individu (persons)",
    "members": "anggota rumah tangga (members)",
}

TableInput: TypeAlias = pa.Table | str
Progress: TypeAlias = Callable[[str], None]


class RankInputError(ValueError):
    """An input table cannot be scored (the message names the table and the columns)."""


def proxies_for(
    *,
    engine: SqlEngine,
    households: TableInput,
    persons: TableInput,
    members: TableInput,
    as_of: date,
) -> pa.Table:
    """The proxy row of each household: ``household_ref``, ``kab_kota`` and ``PROXIES``."""
    names = _prepare(engine, households=households, persons=persons, members=members)
    if names is None:
        return PROXY_SCHEMA.empty_table()
    result = engine.query(_proxies(names, as_of) + "\nORDER BY household_ref")
    return _conform(result, PROXY_SCHEMA)


def score_and_rank(
    *,
    engine: SqlEngine,
    households: TableInput,
    persons: TableInput,
    members: TableInput,
    model: PmtModel,
    as_of: date,
    progress: Progress | None = None,
) -> pa.Table:
    """Welfare, predicted consumption, persentil and desil of every household (``RANK_SCHEMA``).

    Rows come poorest first. ``progress`` (if given) is told each step's name as it starts.
    """
    report = progress or (lambda step: None)
    report("memeriksa tabel masukan")
    names = _prepare(engine, households=households, persons=persons, members=members)
    if names is None:
        return RANK_SCHEMA.empty_table()
    report("menghitung proksi, skor dan peringkat")
    result = engine.query(ranking_sql(names, model=model, as_of=as_of))
    report("selesai")
    return _conform(result, RANK_SCHEMA)


# The national rank is a row number over every household; computed as one window over all rows
# it runs in a single partition on Spark. Instead, households go into buckets of welfare
# (monotone: a poorer household never lands in a later bucket, equal welfare in the same one),
# each bucket is numbered on its own (in parallel), and the sizes of the buckets before it
# (a small table) give its offset: the same numbers as the single window.
RANK_BUCKETS_PER_UNIT = 256


def ranking_sql(tables: dict[str, str], *, model: PmtModel, as_of: date) -> str:
    """The one statement: proxies, welfare, national rank (``tables``: role -> table name)."""
    return f"""
WITH pmt_proxies AS (
{_proxies(tables, as_of)}
),
pmt_scored AS (
  SELECT household_ref, CAST({welfare_sql(model, table="pmt_proxies")} AS DOUBLE) AS welfare
  FROM pmt_proxies
),
pmt_bucketed AS (
  SELECT household_ref, welfare,
         CAST(floor(welfare * {RANK_BUCKETS_PER_UNIT}) AS BIGINT) AS bucket
  FROM pmt_scored
),
pmt_buckets AS (
  SELECT bucket, count(*) AS size FROM pmt_bucketed GROUP BY bucket
),
pmt_offsets AS (
  SELECT bucket,
         sum(size) OVER (ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
           - size AS before_bucket,
         sum(size) OVER () AS total
  FROM pmt_buckets
),
pmt_ranked AS (
  SELECT b.household_ref, b.welfare,
         o.before_bucket
           + row_number() OVER (PARTITION BY b.bucket ORDER BY b.welfare, b.household_ref)
           AS position,
         o.total
  FROM pmt_bucketed b JOIN pmt_offsets o ON b.bucket = o.bucket
)
SELECT household_ref,
       welfare,
       exp(welfare) AS konsumsi_prediksi,
       CAST(floor((position - 1) * 100 / total) + 1 AS INTEGER) AS persentil,
       CAST(floor((position - 1) * 10 / total) + 1 AS INTEGER) AS desil
FROM pmt_ranked
ORDER BY position
"""


def _proxies(tables: dict[str, str], as_of: date) -> str:
    return proxy_sql(
        households=tables["households"],
        persons=tables["persons"],
        members=tables["members"],
        as_of=as_of,
    )


def _prepare(engine: SqlEngine, **inputs: TableInput) -> dict[str, str] | None:
    """Check and register the inputs; their table names, or None when there is no household."""
    names: dict[str, str] = {}
    empty = False
    for role, table in inputs.items():
        if isinstance(table, pa.Table):
            columns = table.schema.names
            name = f"pmt_{role}"
            empty = empty or (role == "households" and table.num_rows == 0)
        else:
            name = table
            columns = engine.query(f"SELECT * FROM {name} LIMIT 0").schema.names
        missing = [column for column in REQUIRED_COLUMNS[role] if column not in columns]
        if missing:
            raise RankInputError(
                f"tabel {TABLE_LABELS[role]} tidak memiliki kolom yang dibutuhkan PMT:"
                f" {', '.join(missing)}"
            )
        names[role] = name
    if empty:
        return None
    for role, table in inputs.items():
        if isinstance(table, pa.Table):
            engine.register(names[role], table)
    return names


def _conform(result: pa.Table, schema: pa.Schema) -> pa.Table:
    """The engine's result in the documented column order and types (Spark and DuckDB differ
    in string and integer widths)."""
    return result.select(schema.names).cast(schema)
