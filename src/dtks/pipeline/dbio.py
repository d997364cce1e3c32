"""Arrow in and out of the operational database through ADBC drivers (no ORM, no Django).

``DatabaseTarget`` says where; ``connect`` opens an ADBC DB-API connection for SQLite or
PostgreSQL; ``stage`` puts an Arrow table into a temporary table on that connection so that
set-based SQL can move it into the register in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pyarrow as pa


@dataclass(frozen=True)
class DatabaseTarget:
    vendor: str  # "sqlite" or "postgresql"
    name: str  # SQLite file or PostgreSQL database
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    def postgresql_uri(self) -> str:
        auth = quote(self.user) + (":" + quote(self.password) if self.password else "")
        host = self.host or "localhost"
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{auth}{'@' if auth else ''}{host}{port}/{quote(self.name)}"


SQLITE_CACHE_KIB = 256 * 1024
POSTGRES_WORK_MEM = "256MB"


def connect(target: DatabaseTarget) -> Any:
    """An ADBC DB-API connection in autocommit mode; use ``transaction`` around writes."""
    if target.vendor == "sqlite":
        import adbc_driver_sqlite.dbapi as sqlite_dbapi

        connection = sqlite_dbapi.connect(target.name, autocommit=True)
        with connection.cursor() as cursor:
            # Pragmas are no-ops inside a transaction, so they go first.
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.execute("PRAGMA foreign_keys = ON")
            # Bulk inserts touch several indexes; a 256 MB page cache (the default is 2 MB)
            # keeps their pages in memory instead of re-reading them per row.
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            # Staging tables are temporary and read once: keep them off the disk.
            cursor.execute("PRAGMA temp_store = MEMORY")
        return connection
    if target.vendor == "postgresql":
        import adbc_driver_postgresql.dbapi as pg_dbapi

        return pg_dbapi.connect(target.postgresql_uri(), autocommit=True)
    raise ValueError(f"no ADBC driver for database vendor {target.vendor!r}")


@contextmanager
def transaction(connection: Any, *, vendor: str) -> Iterator[Any]:
    """One explicit transaction on an autocommit connection: all of it, or none of it."""
    with connection.cursor() as cursor:
        cursor.execute("BEGIN IMMEDIATE" if vendor == "sqlite" else "BEGIN")
        if vendor == "postgresql":
            # Set-based moves of millions of rows: hash joins in memory, and no wait for the
            # WAL flush at commit (a crash loses the batch, never corrupts; it is re-run).
            cursor.execute(f"SET LOCAL work_mem = '{POSTGRES_WORK_MEM}'")
            cursor.execute("SET LOCAL synchronous_commit = off")
        try:
            yield cursor
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")


def text_literal(value: str) -> str:
    """``value`` as an SQL string literal (quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


def timestamp_literal(moment: datetime, *, vendor: str) -> str:
    """An aware datetime as an SQL literal the way Django stores it: ``timestamptz`` on
    PostgreSQL, naive UTC text on SQLite."""
    utc = moment.astimezone(UTC)
    if vendor == "postgresql":
        return f"CAST('{utc.isoformat()}' AS timestamptz)"
    return f"'{utc.strftime('%Y-%m-%d %H:%M:%S.%f')}'"


def scalar(cursor: Any, sql: str) -> int:
    cursor.execute(sql)
    row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def stage(cursor: Any, *, name: str, table: pa.Table | pa.RecordBatchReader) -> None:
    """Put ``table`` into temporary table ``name`` (replaced if present), with statistics."""
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.adbc_ingest(name, table, mode="create", temporary=True)
    # Autovacuum never analyses temporary tables; without statistics PostgreSQL plans joins
    # of a million staged rows as if the table were tiny.
    cursor.execute(f"ANALYZE {name}")
