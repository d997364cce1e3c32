"""The register as the PMT's input tables, and a ranking's scores into the database.

``register_tables`` reads households, persons and members in the interchange layout
(``docs/formats.md``): households with ``kode_wilayah`` (the village code) and assets as
booleans; persons with ``household_ref``, ``jenis_kelamin`` 'L'/'P' and ``tanggal_lahir`` as a
date; members with the coded member variables. The deceased per Dukcapil are not household
members for the PMT and are left out. Names, NIKs and addresses are not needed to rank and are
not read. The same SQL serves the whole register (through ADBC, as Arrow) and one household
(through Django's connection, for the explanation on the household page).

``scores_write`` moves a ranking's result into ``assessment_householdscore`` on one ADBC
cursor, inside the caller's transaction (stage + INSERT ... SELECT), and marks the ranking done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa
from django.db import connection as django_connection

from dtks.assessment.models import HouseholdScore, Ranking, RankingStatus
from dtks.pipeline import dbio, interchange
from dtks.registry.models import Family, Household, Person

_HOUSEHOLD = Household._meta.db_table
_PERSON = Person._meta.db_table
_FAMILY = Family._meta.db_table
_SCORE = HouseholdScore._meta.db_table
_RANKING = Ranking._meta.db_table
_SCORE_STAGE = "stg_pmt_score"
# Address and identity text of the interchange layout: not used by the PMT, exported empty.
_BLANK_HOUSEHOLD = frozenset({"alamat", "rt", "rw"})
_BLANK_PERSON = ("source", "nama", "tempat_lahir", "nama_ibu_kandung", "alamat", "rt", "rw")
_NULL_PERSON = ("nik", "no_kk")
_YES_NO = frozenset(interchange.HOUSEHOLD_YES_NO_COLUMNS)
_AREA = frozenset(interchange.HOUSEHOLD_AREA_COLUMNS)
DECEASED = "meninggal"


class RegisterChangedError(RuntimeError):
    """The register changed under a ranking (a household vanished before its score was written)."""


@dataclass(frozen=True)
class RegisterTables:
    households: pa.Table
    persons: pa.Table
    members: pa.Table


def _text(expression: str) -> str:
    """A nullable non-integer column as text (the SQLite ADBC driver types a column by its
    first rows; a column whose first rows are NULL would be read as integer)."""
    return f"coalesce(CAST({expression} AS TEXT), '')"


def _household_sql(where: str) -> str:
    columns = []
    for name in interchange.HOUSEHOLD_FILE_COLUMNS:
        if name == "household_ref":
            columns.append("h.household_ref")
        elif name == "kode_wilayah":
            columns.append("h.village_id AS kode_wilayah")
        elif name in _BLANK_HOUSEHOLD:
            columns.append(f"'' AS {name}")
        elif name in _AREA:
            columns.append(f"{_text(f'h.{name}')} AS {name}")
        elif name in _YES_NO:
            # 0/1 on SQLite, boolean on PostgreSQL: both as 1/0 integers, typed later.
            columns.append(f"CASE WHEN h.{name} THEN 1 WHEN NOT h.{name} THEN 0 END AS {name}")
        else:
            columns.append(f"h.{name}")
    return f"SELECT {', '.join(columns)} FROM {_HOUSEHOLD} h {where} ORDER BY h.household_ref"


def _person_sql(where: str) -> str:
    return (
        "SELECT p.person_ref AS record_id, h.household_ref, "
        "CASE p.jenis_kelamin WHEN 1 THEN 'L' WHEN 2 THEN 'P' END AS jenis_kelamin, "
        f"{_text('p.tanggal_lahir')} AS tanggal_lahir, h.village_id AS kode_wilayah, "
        + ", ".join(f"p.{c}" for c in interchange.MEMBER_CODED_COLUMNS)
        + f" FROM {_PERSON} p JOIN {_HOUSEHOLD} h ON h.id = p.household_id "
        f"{where} {'AND' if where else 'WHERE'} p.status_dukcapil <> '{DECEASED}' "
        "ORDER BY p.person_ref"
    )


def register_sql(*, household_id: int | None = None) -> tuple[str, str]:
    """SQL of the raw household rows and person rows (the whole register, or one household)."""
    where = f"WHERE h.id = {int(household_id)}" if household_id is not None else ""
    return _household_sql(where), _person_sql(where)


def register_read(cursor: Any) -> RegisterTables:
    """The whole register through an ADBC cursor, typed."""
    households_sql, persons_sql = register_sql()
    cursor.execute(households_sql)
    households = cursor.fetch_arrow_table()
    cursor.execute(persons_sql)
    persons = cursor.fetch_arrow_table()
    return typed_tables(households, persons)


def household_read(*, household_id: int) -> RegisterTables:
    """One household through Django's connection (sees the caller's transaction), typed."""
    households_sql, persons_sql = register_sql(household_id=household_id)
    raw = []
    with django_connection.cursor() as cursor:
        for sql in (households_sql, persons_sql):
            cursor.execute(sql)
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
            raw.append(
                pa.table({name: pa.array([row[i] for row in rows]) for i, name in enumerate(names)})
            )
    return typed_tables(raw[0], raw[1])


def _household_cast(name: str) -> str:
    if name in {"household_ref", "kode_wilayah"} or name in _BLANK_HOUSEHOLD:
        return f"CAST({name} AS VARCHAR) AS {name}"
    if name in _AREA:
        return f"TRY_CAST(nullif(CAST({name} AS VARCHAR), '') AS DOUBLE) AS {name}"
    if name in _YES_NO:
        return f"CAST(CAST({name} AS INTEGER) = 1 AS BOOLEAN) AS {name}"
    return f"CAST({name} AS INTEGER) AS {name}"


def typed_tables(raw_households: pa.Table, raw_persons: pa.Table) -> RegisterTables:
    """The raw rows (whatever types the database driver gave) in the interchange types."""
    duck = duckdb.connect()
    try:
        duck.register("rh", raw_households)
        duck.register("rp", raw_persons)
        households = duck.sql(
            "SELECT "
            + ", ".join(_household_cast(n) for n in interchange.HOUSEHOLD_FILE_COLUMNS)
            + " FROM rh"
        ).to_arrow_table()
        person_columns = []
        for name in interchange.PERSON_COLUMNS:
            if name == "tanggal_lahir":
                person_columns.append(
                    "TRY_CAST(nullif(CAST(tanggal_lahir AS VARCHAR), '') AS DATE) AS tanggal_lahir"
                )
            elif name in _BLANK_PERSON:
                person_columns.append(f"'' AS {name}")
            elif name in _NULL_PERSON:
                person_columns.append(f"CAST(NULL AS VARCHAR) AS {name}")
            else:
                person_columns.append(f"CAST({name} AS VARCHAR) AS {name}")
        persons = duck.sql(
            f"SELECT {', '.join(person_columns)}, CAST(household_ref AS VARCHAR) AS household_ref "
            "FROM rp"
        ).to_arrow_table()
        members = duck.sql(
            "SELECT CAST(record_id AS VARCHAR) AS record_id, "
            + ", ".join(f"CAST({c} AS INTEGER) AS {c}" for c in interchange.MEMBER_CODED_COLUMNS)
            + " FROM rp"
        ).to_arrow_table()
    finally:
        duck.close()
    return RegisterTables(households=households, persons=persons, members=members)


def scores_write(
    cursor: Any, *, vendor: str, ranking_id: int, scores: pa.Table, finished_at: datetime
) -> int:
    """Insert ``scores`` (``rank.RANK_COLUMNS``) as ranking ``ranking_id``'s scores and mark it
    done, inside the caller's transaction. Every scored household must still be in the
    register (``RegisterChangedError`` otherwise, and the caller rolls back)."""
    ranking_id = int(ranking_id)
    table = scores.select(["household_ref", "welfare", "konsumsi_prediksi", "persentil", "desil"])
    dbio.stage(cursor, name=_SCORE_STAGE, table=table)
    cursor.execute(
        f"INSERT INTO {_SCORE} (ranking_id, household_id, welfare, konsumsi_prediksi, "
        f"persentil, desil) SELECT {ranking_id}, h.id, s.welfare, s.konsumsi_prediksi, "
        f"s.persentil, s.desil FROM {_SCORE_STAGE} s "
        f"JOIN {_HOUSEHOLD} h ON h.household_ref = s.household_ref"
    )
    written = dbio.scalar(cursor, f"SELECT count(*) FROM {_SCORE} WHERE ranking_id = {ranking_id}")
    cursor.execute(f"DROP TABLE {_SCORE_STAGE}")
    if written != scores.num_rows:
        raise RegisterChangedError(
            f"Registri berubah selama pemeringkatan: {scores.num_rows - written} rumah tangga "
            "yang dinilai tidak ada lagi. Jalankan pemeringkatan ulang."
        )
    cursor.execute(
        f"UPDATE {_RANKING} SET status = '{RankingStatus.DONE}', households = {written}, "
        f"error = '', finished_at = {dbio.timestamp_literal(finished_at, vendor=vendor)} "
        f"WHERE id = {ranking_id}"
    )
    return written
