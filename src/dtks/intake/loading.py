"""Move a validated import (Parquet outputs of ``dtks.pipeline.intake``) into the database.

Everything goes in one ADBC transaction: the landed source records, the quarantine, the
issues and, for imports marked ``to_register``, the households and people of the register.
Landed records are shaped by DuckDB to the exact column types of their tables and appended
straight into them (COPY on PostgreSQL); the rest is staged in temporary tables and moved with
set-based SQL. Nothing passes through the ORM row by row, and a failure leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection as django_connection

from dtks.pipeline import dbio, interchange
from dtks.registry.bulk_load import (
    REGISTER_HOUSEHOLD_COLUMNS,
    django_database_target,
    explain_load_error,
    insert_staged,
)

Say = Callable[[str], None]
BATCH_ROWS = 65_536

_TEXT = ("alamat", "rt", "rw")
_PERSON_TEXT = ("tempat_lahir", "nama_ibu_kandung", *_TEXT, "household_ref")
_PERSON_VALUES = ("nik", "nik_asli", "no_kk", "no_kk_asli", "nama", "jenis_kelamin")
_CIVIL_REGISTRY = ("status_dukcapil", "tanggal_meninggal")  # DUKCAPIL extracts only
_SMALL_COUNTS = {"jumlah_kamar"}  # PositiveSmallIntegerField; other counts are integer
_HOUSEHOLD_VARIABLES = tuple(
    c for c in REGISTER_HOUSEHOLD_COLUMNS if c not in {"household_ref", "village_id", *_TEXT}
)


class LoadRefusedError(RuntimeError):
    """The database refused the batch; nothing was written."""

    code = "ditolak_basis_data"


def load_validated(
    *, batch_id: int, source: str, work_dir: Path, to_register: bool, say: Say
) -> dict[str, int]:
    """Write the outputs in ``work_dir`` for batch ``batch_id``; returns counts written."""
    target = django_database_target()
    django_connection.close()  # no Django-held connection to the SQLite file while ADBC writes
    adbc = dbio.connect(target)
    files = {name: work_dir / f"{name}.parquet" for name in _OUTPUTS}
    present = {name for name, path in files.items() if path.exists()}
    try:
        with dbio.transaction(adbc, vendor=target.vendor) as cursor:
            counts = _land(cursor, files, present, batch_id=batch_id, source=source, say=say)
            counts.update(_quarantine_and_issues(cursor, files, present, batch_id, target.vendor))
            if to_register and {"persons_valid", "households_valid"} <= present:
                say("menulis ke registri")
                _stage_register(cursor, files, has_members="members_valid" in present)
                added = insert_staged(cursor, vendor=target.vendor)
                counts.update({f"registri_{k}": v for k, v in added.items()})
    except Exception as error:
        raise LoadRefusedError(explain_load_error(error)) from error
    finally:
        adbc.close()
    return counts


_OUTPUTS = ("persons_valid", "members_valid", "households_valid", "quarantine", "issues")


def _parquet(path: Path) -> str:
    return "read_parquet('" + str(path).replace("'", "''") + "')"


def _land(
    cursor: Any, files: dict[str, Path], present: set[str], *, batch_id: int, source: str, say: Say
) -> dict[str, int]:
    """Append the valid rows to the landing tables, typed by DuckDB, streamed in batches."""
    duck = duckdb.connect()
    src = source.replace("'", "''")
    counts: dict[str, int] = {}
    if "persons_valid" in present:
        say("menulis rekaman individu sumber")
        members = "members_valid" in present
        member_columns = [
            f"m.{c}" if members else f"CAST(NULL AS SMALLINT) AS {c}"
            for c in interchange.MEMBER_CODED_COLUMNS
        ]
        join = (
            f"LEFT JOIN {_parquet(files['members_valid'])} m USING (record_id)" if members else ""
        )
        civil = _civil_registry_columns(files["persons_valid"])
        sql = (
            f"SELECT CAST({batch_id} AS BIGINT) AS batch_id, '{src}' AS source, p.record_id, "
            "CAST(p.row_number AS INTEGER) AS row_number, "
            + ", ".join(f"p.{c}" for c in _PERSON_VALUES)
            + ", p.tanggal_lahir, "
            + ", ".join(f"coalesce(p.{c}, '') AS {c}" for c in _PERSON_TEXT)
            + ", p.kode_wilayah AS village_id, "
            + ", ".join(member_columns)
            + civil
            + f" FROM {_parquet(files['persons_valid'])} p {join}"
        )
        counts["individu"] = _append(cursor, duck, sql, table="intake_sourceperson")
    if "households_valid" in present:
        say("menulis rekaman rumah tangga sumber")
        sql = (
            f"SELECT CAST({batch_id} AS BIGINT) AS batch_id, '{src}' AS source, h.household_ref, "
            "CAST(h.row_number AS INTEGER) AS row_number, h.kode_wilayah AS village_id, "
            + ", ".join(f"coalesce(h.{c}, '') AS {c}" for c in _TEXT)
            + ", "
            + ", ".join(
                f"CAST(h.{c} AS SMALLINT) AS {c}" if c in _SMALL_COUNTS else f"h.{c}"
                for c in _HOUSEHOLD_VARIABLES
            )
            + f" FROM {_parquet(files['households_valid'])} h"
        )
        counts["rumah_tangga"] = _append(cursor, duck, sql, table="intake_sourcehousehold")
    duck.close()
    return counts


def _civil_registry_columns(persons: Path) -> str:
    """``status_dukcapil``, ``tanggal_meninggal`` of a civil-registry extract, if it has them."""
    names = pq.read_schema(persons).names
    return "".join(f", p.{c}" for c in _CIVIL_REGISTRY if c in names)


def _append(cursor: Any, duck: duckdb.DuckDBPyConnection, sql: str, *, table: str) -> int:
    source = duck.sql(sql).to_arrow_reader(BATCH_ROWS)
    rows = 0

    def counted() -> Any:
        nonlocal rows
        for batch in source:
            rows += batch.num_rows
            yield batch

    cursor.adbc_ingest(
        table, pa.RecordBatchReader.from_batches(source.schema, counted()), mode="append"
    )
    return rows


def _quarantine_and_issues(
    cursor: Any, files: dict[str, Path], present: set[str], batch_id: int, vendor: str
) -> dict[str, int]:
    """Quarantine and issue rows: staged, then inserted (``original`` becomes JSON)."""
    counts: dict[str, int] = {}
    if "quarantine" in present:
        _stage(cursor, files["quarantine"], name="stg_q")
        original = "CAST(original AS jsonb)" if vendor == "postgresql" else "original"
        cursor.execute(
            "INSERT INTO intake_quarantinerow (batch_id, file_name, row_number, kind, columns, "
            f"rule_codes, messages, original) SELECT {batch_id}, file_name, row_number, kind, "
            f"columns, rule_codes, messages, {original} FROM stg_q"
        )
        counts["karantina"] = dbio.scalar(cursor, "SELECT count(*) FROM stg_q")
        cursor.execute("DROP TABLE stg_q")
    if "issues" in present:
        _stage(cursor, files["issues"], name="stg_i")
        cursor.execute(
            "INSERT INTO intake_importissue (batch_id, file_name, row_number, kind, column_name, "
            f"rule_code, severity, original_value, new_value) SELECT {batch_id}, file_name, "
            'row_number, kind, "column", rule_code, severity, original_value, new_value '
            "FROM stg_i"
        )
        counts["temuan"] = dbio.scalar(cursor, "SELECT count(*) FROM stg_i")
        cursor.execute("DROP TABLE stg_i")
    return counts


def _stage(cursor: Any, path: Path, *, name: str) -> None:
    parquet = pq.ParquetFile(path)
    stream = pa.RecordBatchReader.from_batches(
        parquet.schema_arrow, parquet.iter_batches(batch_size=BATCH_ROWS)
    )
    dbio.stage(cursor, name=name, table=stream)


def _stage_register(cursor: Any, files: dict[str, Path], *, has_members: bool) -> None:
    """Temporary ``stg_household``/``stg_person`` in the register's shape for ``insert_staged``."""
    duck = duckdb.connect()
    household_values = ", ".join(
        "h.kode_wilayah AS village_id"
        if c == "village_id"
        else f"coalesce(h.{c}, '') AS {c}"
        if c in _TEXT
        else f"h.{c}"
        for c in REGISTER_HOUSEHOLD_COLUMNS
    )
    households = duck.sql(
        f"SELECT {household_values} FROM {_parquet(files['households_valid'])} h"
    ).to_arrow_reader(BATCH_ROWS)
    dbio.stage(cursor, name="stg_household", table=households)
    members = ", ".join(
        f"m.{c}" if has_members else f"CAST(NULL AS SMALLINT) AS {c}"
        for c in interchange.MEMBER_CODED_COLUMNS
    )
    join = (
        f"LEFT JOIN {_parquet(files['members_valid'])} m USING (record_id)" if has_members else ""
    )
    people = duck.sql(
        "SELECT p.record_id AS person_ref, p.household_ref, p.no_kk, p.nik, p.nama, "
        "p.jenis_kelamin, coalesce(p.tempat_lahir, '') AS tempat_lahir, p.tanggal_lahir, "
        f"coalesce(p.nama_ibu_kandung, '') AS nama_ibu_kandung, {members} "
        f"FROM {_parquet(files['persons_valid'])} p {join}"
    ).to_arrow_reader(BATCH_ROWS)
    dbio.stage(cursor, name="stg_person", table=people)
    duck.close()
