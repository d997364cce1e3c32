"""Arrow in and out of the operational database through ADBC drivers (no ORM, no Django).

``DatabaseTarget`` says where; ``connect`` opens an ADBC DB-API connection for SQLite or
PostgreSQL; ``stage`` puts an Arrow table into a temporary table on that connection so that
set-based SQL can move it into the register in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


def connect(target: DatabaseTarget) -> Any:
    """An ADBC DB-API connection in autocommit mode; use ``transaction`` around writes."""
    if target.vendor == "sqlite":
        import adbc_driver_sqlite.dbapi as sqlite_dbapi

        connection = sqlite_dbapi.connect(target.name, autocommit=True)
        with connection.cursor() as cursor:
            # Pragmas are no-ops inside a transaction, so they go first.
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.execute("PRAGMA foreign_keys = ON")
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
        try:
            yield cursor
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")


def scalar(cursor: Any, sql: str) -> int:
    cursor.execute(sql)
    row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def stage(cursor: Any, *, name: str, table: pa.Table) -> None:
    """Put ``table`` into temporary table ``name`` (replaced if present)."""
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.adbc_ingest(name, table, mode="create", temporary=True)
