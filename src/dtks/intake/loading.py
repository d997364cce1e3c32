"""Move a validated import (Parquet outputs of ``dtks.pipeline.intake``) into the database.

Everything goes in one ADBC transaction: the landed source records, the quarantine, the
issues and, for imports marked ``to_register``, the households and people of the register.
Parquet is streamed batch by batch into temporary tables (COPY on PostgreSQL) and moved with
set-based SQL; nothing passes through the ORM row by row. A failure leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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

_PERSON_TEXT = ("tempat_lahir", "nama_ibu_kandung", "alamat", "rt", "rw", "household_ref")
_PERSON_VALUES = (
    "nik",
    "nik_asli",
    "no_kk",
    "no_kk_asli",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
)
_HOUSEHOLD_VARIABLES = tuple(
    c
    for c in REGISTER_HOUSEHOLD_COLUMNS
    if c not in {"household_ref", "village_id", "alamat", "rt", "rw"}
)


class LoadRefusedError(RuntimeError):
    """The database refused the batch; nothing was written."""


def load_validated(
    *, batch_id: int, source: str, work_dir: Path, to_register: bool, say: Say
) -> dict[str, int]:
    """Write the outputs in ``work_dir`` for batch ``batch_id``; returns counts written."""
    target = django_database_target()
    django_connection.close()  # no Django-held lock on SQLite while ADBC writes
    adbc = dbio.connect(target)
    try:
        with dbio.transaction(adbc, vendor=target.vendor) as cursor:
            staged = _stage_outputs(cursor, work_dir, say)
            say("menulis rekaman sumber")
            counts = _insert_landed(
                cursor, staged, batch_id=batch_id, source=source, vendor=target.vendor
            )
            if to_register and {"stg_p", "stg_h"} <= staged:
                say("menulis ke registri")
                _stage_register_shape(cursor, has_members="stg_m" in staged)
                added = insert_staged(cursor, vendor=target.vendor)
                counts.update({f"registri_{k}": v for k, v in added.items()})
            for name in staged:
                cursor.execute(f"DROP TABLE {name}")
    except Exception as error:
        raise LoadRefusedError(explain_load_error(error)) from error
    finally:
        adbc.close()
    return counts


_OUTPUTS = {
    "stg_p": "persons_valid.parquet",
    "stg_m": "members_valid.parquet",
    "stg_h": "households_valid.parquet",
    "stg_q": "quarantine.parquet",
    "stg_i": "issues.parquet",
}


def _stage_outputs(cursor: Any, work_dir: Path, say: Say) -> set[str]:
    staged = set()
    for name, file_name in _OUTPUTS.items():
        path = work_dir / file_name
        if not path.exists():
            continue
        say(f"menyiapkan {file_name}")
        parquet = pq.ParquetFile(path)
        reader = parquet.iter_batches(batch_size=65_536)
        import pyarrow as pa

        stream = pa.RecordBatchReader.from_batches(parquet.schema_arrow, reader)
        dbio.stage(cursor, name=name, table=stream)
        staged.add(name)
    return staged


def _insert_landed(
    cursor: Any, staged: set[str], *, batch_id: int, source: str, vendor: str
) -> dict[str, int]:
    src = source.replace("'", "''")
    json = "CAST({} AS jsonb)" if vendor == "postgresql" else "{}"
    counts: dict[str, int] = {}
    if "stg_p" in staged:
        members = interchange.MEMBER_CODED_COLUMNS if "stg_m" in staged else ()
        columns = [
            "record_id",
            "row_number",
            *_PERSON_VALUES,
            *_PERSON_TEXT,
            "village_id",
            *members,
        ]
        values = [
            "p.record_id",
            "p.row_number",
            *(f"p.{c}" for c in _PERSON_VALUES),
            *(f"coalesce(p.{c}, '')" for c in _PERSON_TEXT),
            "p.kode_wilayah",
            *(f"m.{c}" for c in members),
        ]
        join = "LEFT JOIN stg_m m ON m.record_id = p.record_id" if members else ""
        cursor.execute(
            f"INSERT INTO intake_sourceperson (batch_id, source, {', '.join(columns)}) "
            f"SELECT {batch_id}, '{src}', {', '.join(values)} FROM stg_p p {join}"
        )
        counts["individu"] = dbio.scalar(cursor, "SELECT count(*) FROM stg_p")
    if "stg_h" in staged:
        columns = [
            "household_ref",
            "row_number",
            "village_id",
            "alamat",
            "rt",
            "rw",
            *_HOUSEHOLD_VARIABLES,
        ]
        values = [
            "h.household_ref",
            "h.row_number",
            "h.kode_wilayah",
            *(f"coalesce(h.{c}, '')" for c in ("alamat", "rt", "rw")),
            *(f"h.{c}" for c in _HOUSEHOLD_VARIABLES),
        ]
        cursor.execute(
            f"INSERT INTO intake_sourcehousehold (batch_id, source, {', '.join(columns)}) "
            f"SELECT {batch_id}, '{src}', {', '.join(values)} FROM stg_h h"
        )
        counts["rumah_tangga"] = dbio.scalar(cursor, "SELECT count(*) FROM stg_h")
    if "stg_q" in staged:
        cursor.execute(
            "INSERT INTO intake_quarantinerow (batch_id, file_name, row_number, kind, columns, "
            f"rule_codes, messages, original) SELECT {batch_id}, file_name, row_number, kind, "
            f"columns, rule_codes, messages, {json.format('original')} FROM stg_q"
        )
        counts["karantina"] = dbio.scalar(cursor, "SELECT count(*) FROM stg_q")
    if "stg_i" in staged:
        cursor.execute(
            "INSERT INTO intake_importissue (batch_id, file_name, row_number, kind, column_name, "
            f"rule_code, severity, original_value, new_value) SELECT {batch_id}, file_name, "
            'row_number, kind, "column", rule_code, severity, original_value, new_value FROM stg_i'
        )
        counts["temuan"] = dbio.scalar(cursor, "SELECT count(*) FROM stg_i")
    return counts


def _stage_register_shape(cursor: Any, *, has_members: bool) -> None:
    """Temporary ``stg_household``/``stg_person`` in the register's shape for ``insert_staged``."""
    household_values = ", ".join(
        "h.kode_wilayah AS village_id"
        if c == "village_id"
        else f"coalesce(h.{c}, '') AS {c}"
        if c in {"alamat", "rt", "rw"}
        else f"h.{c}"
        for c in REGISTER_HOUSEHOLD_COLUMNS
    )
    cursor.execute("DROP TABLE IF EXISTS stg_household")
    cursor.execute(
        f"CREATE TEMPORARY TABLE stg_household AS SELECT {household_values} FROM stg_h h"
    )
    members = interchange.MEMBER_CODED_COLUMNS
    member_values = ", ".join(f"m.{c}" if has_members else f"NULL AS {c}" for c in members)
    join = "LEFT JOIN stg_m m ON m.record_id = p.record_id" if has_members else ""
    cursor.execute("DROP TABLE IF EXISTS stg_person")
    cursor.execute(
        "CREATE TEMPORARY TABLE stg_person AS SELECT p.record_id AS person_ref, p.household_ref, "
        "p.no_kk, p.nik, p.nama, p.jenis_kelamin, coalesce(p.tempat_lahir, '') AS tempat_lahir, "
        "p.tanggal_lahir, coalesce(p.nama_ibu_kandung, '') AS nama_ibu_kandung, "
        f"{member_values} FROM stg_p p {join}"
    )
