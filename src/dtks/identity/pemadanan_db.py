"""Pemadanan's bulk reads and writes through ADBC (Arrow), never row by row through the ORM.

People to verify are read in chunks of NIKs (keyset on ``nik``, so a chunk is a NIK range and
the stored verdicts of that range are found through the ``(nik, checked_at)`` index). Verdicts
are appended in one transaction per batch together with the run's counters, so a run that
stops keeps exactly the batches it stored.

On SQLite, Django's connection is closed while an ADBC connection is open (the driver carries
its own copy of SQLite, see ``intake/loading.py``); ``adbc_session`` opens one per use.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa
from django.db import connection as django_connection

from dtks.domain import codes
from dtks.identity.civreg_client import VerifyRecord, VerifyResult
from dtks.pipeline import dbio
from dtks.registry.bulk_load import django_database_target

CHECK_COLUMNS = (
    "run_id",
    "nik",
    "request_key",
    "status",
    "fields_differ",
    "tanggal_meninggal",
    "kode_wilayah_baru",
    "checked_at",
)
RUN_COUNTERS = (
    "total",
    "reused",
    "sent",
    "padan",
    "nik_tidak_ditemukan",
    "data_berbeda",
    "meninggal",
    "pindah",
)
_PEOPLE = {
    # Register people with a NIK; the landed source records, the civil registry's own aside.
    "register": ("registry_person", ""),
    "sources": ("intake_sourceperson", f" AND source <> '{codes.CIVIL_REGISTRY_SOURCE}'"),
}
_SEX = {codes.MALE: "L", codes.FEMALE: "P"}


@dataclass(frozen=True)
class Person:
    """One set of values to verify (people with equal values are asked once)."""

    nik: str
    nama: str
    tanggal_lahir: date | None
    jenis_kelamin: str | None
    nama_ibu_kandung: str | None

    @property
    def key(self) -> str:
        """SHA-256 of the values sent: the cache key of a verdict."""
        born = self.tanggal_lahir.isoformat() if self.tanggal_lahir else ""
        parts = (self.nik, self.nama, born, self.jenis_kelamin or "", self.nama_ibu_kandung or "")
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def record(self, ref: str) -> VerifyRecord:
        return VerifyRecord(
            ref=ref,
            nik=self.nik,
            nama=self.nama,
            tanggal_lahir=self.tanggal_lahir,
            jenis_kelamin=self.jenis_kelamin,
            nama_ibu_kandung=self.nama_ibu_kandung,
        )


@contextmanager
def adbc_session(
    pause: Callable[[bool], AbstractContextManager[None]] | None = None,
) -> Iterator[Any]:
    """An ADBC connection to Django's database; ``pause(sqlite)`` wraps it (job progress)."""
    target = django_database_target()
    sqlite = target.vendor == "sqlite"
    with pause(sqlite) if pause is not None else nullcontext():
        if sqlite:
            django_connection.close()
        connection = dbio.connect(target)
        try:
            yield connection
        finally:
            connection.close()


def database_vendor() -> str:
    return django_database_target().vendor


_VALUES = (
    "nik, nama, coalesce(CAST(tanggal_lahir AS TEXT), '') AS tanggal_lahir, "
    "coalesce(jenis_kelamin, 0) AS jenis_kelamin, "
    "coalesce(nama_ibu_kandung, '') AS nama_ibu_kandung"
)


def _nik_literal(nik: str) -> str:
    if not (nik == "" or (len(nik) == 16 and nik.isdigit())):
        raise ValueError(f"not a NIK: {nik!r}")
    return f"'{nik}'"


def people_count(connection: Any, *, target: str) -> int:
    table, where = _PEOPLE[target]
    with connection.cursor() as cursor:
        return dbio.scalar(
            cursor,
            f"SELECT count(*) FROM (SELECT DISTINCT {_VALUES} "
            f"FROM {table} WHERE nik IS NOT NULL{where}) x",
        )


def people_after(connection: Any, *, target: str, after: str, niks: int) -> list[Person]:
    """The distinct values of the next ``niks`` NIKs greater than ``after``, in NIK order."""
    table, where = _PEOPLE[target]
    after_sql = _nik_literal(after)
    sql = (
        f"SELECT DISTINCT {_VALUES} FROM {table} WHERE nik > {after_sql}{where} "
        "AND nik <= (SELECT max(nik) FROM "
        f"(SELECT DISTINCT nik FROM {table} WHERE nik > {after_sql}{where} "
        f"ORDER BY nik LIMIT {int(niks)}) chunk) "
        "ORDER BY nik, nama, tanggal_lahir, jenis_kelamin, nama_ibu_kandung"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        table_read = cursor.fetch_arrow_table()
    return [
        Person(
            nik=str(row["nik"]),
            nama=str(row["nama"]),
            tanggal_lahir=date.fromisoformat(row["tanggal_lahir"][:10])
            if row["tanggal_lahir"]
            else None,
            jenis_kelamin=_SEX.get(int(row["jenis_kelamin"])),
            nama_ibu_kandung=row["nama_ibu_kandung"] or None,
        )
        for row in table_read.to_pylist()
    ]


def fresh_verdicts(
    connection: Any, *, vendor: str, first: str, last: str, since: datetime
) -> dict[str, str]:
    """``request_key -> status`` of the verdicts on NIKs ``first..last`` checked at or after
    ``since`` (the latest one when a key was checked more than once)."""
    sql = (
        "SELECT request_key, status FROM identity_civregcheck "
        f"WHERE nik >= {_nik_literal(first)} AND nik <= {_nik_literal(last)} "
        f"AND checked_at >= {dbio.timestamp_literal(since, vendor=vendor)} ORDER BY checked_at, id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetch_arrow_table().to_pylist()
    return {str(row["request_key"]): str(row["status"]) for row in rows}


def _sqlite_timestamp(moment: datetime) -> str:
    """How Django stores an aware datetime on SQLite: naive UTC text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def store_verdicts(
    connection: Any,
    *,
    vendor: str,
    run_id: int,
    people: Sequence[Person],
    results: Sequence[VerifyResult],
    counters: dict[str, int],
) -> None:
    """Append the verdicts on ``people`` and set the run's counters, in one transaction."""
    table = pa.table(
        {
            "run_id": pa.array([run_id] * len(people), pa.int64()),
            "nik": [p.nik for p in people],
            "request_key": [p.key for p in people],
            "status": [r.status for r in results],
            "fields_differ": [json.dumps(list(r.fields_differ)) for r in results],
            "tanggal_meninggal": pa.array([r.tanggal_meninggal for r in results], pa.date32()),
            "kode_wilayah_baru": [r.kode_wilayah_baru or "" for r in results],
            "checked_at": [
                r.checked_at.astimezone(UTC).isoformat()
                if vendor == "postgresql"
                else _sqlite_timestamp(r.checked_at)
                for r in results
            ],
        }
    )
    values = {column: column for column in CHECK_COLUMNS}
    if vendor == "postgresql":
        values["fields_differ"] = "CAST(fields_differ AS jsonb)"
        values["checked_at"] = "CAST(checked_at AS timestamptz)"
    assignments = ", ".join(f"{name} = {int(counters[name])}" for name in RUN_COUNTERS)
    with dbio.transaction(connection, vendor=vendor) as cursor:
        dbio.stage(cursor, name="stg_civreg_check", table=table)
        cursor.execute(
            f"INSERT INTO identity_civregcheck ({', '.join(CHECK_COLUMNS)}) "
            f"SELECT {', '.join(values.values())} FROM stg_civreg_check"
        )
        cursor.execute("DROP TABLE stg_civreg_check")
        cursor.execute(f"UPDATE identity_pemadananrun SET {assignments} WHERE id = {int(run_id)}")
