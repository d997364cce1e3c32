"""The database side of an eligibility run, through ADBC as Arrow (no ORM for bulk data).

``run_inputs`` reads the ranked households (scores of one ranking joined to the register) and
their people, the deceased included with their civil-registry status so that the rules can
exclude them; ``decision_rows`` shapes the pipeline's decisions into the decision table (ids,
recipient's name and numbers); ``decisions_write`` stores them and finishes the run in ONE
transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from dtks.assessment.models import HouseholdScore
from dtks.pipeline import dbio
from dtks.pipeline.eligibility.sql_base import (
    HOUSEHOLD_INPUT_COLUMNS,
    PARTICIPATION_COLUMNS,
    PERSON_CODED_COLUMNS,
    PERSON_INPUT_COLUMNS,
)
from dtks.programs.models import EligibilityDecision, EligibilityRun, RunStatus
from dtks.registry.models import Family, Household, Person

_HOUSEHOLD = Household._meta.db_table
_PERSON = Person._meta.db_table
_FAMILY = Family._meta.db_table
_SCORE = HouseholdScore._meta.db_table
_DECISION = EligibilityDecision._meta.db_table
_RUN = EligibilityRun._meta.db_table

# What the pipeline reads (interfaces: eligibility_decide).
PARTICIPATION = PARTICIPATION_COLUMNS
MEMBER_CODES = PERSON_CODED_COLUMNS
HOUSEHOLD_COLUMNS = HOUSEHOLD_INPUT_COLUMNS
PERSON_COLUMNS = PERSON_INPUT_COLUMNS
DECISION_COLUMNS = (
    "run_id",
    "programme",
    "unit",
    "unit_ref",
    "household_id",
    "household_ref",
    "person_id",
    "person_ref",
    "kode_wilayah",
    "nama",
    "nik",
    "no_kk",
    "eligible",
    "amount",
    "welfare",
    "components",
    "reasons",
)


@dataclass
class RunInputs:
    households: pa.Table  # HOUSEHOLD_COLUMNS + household_id
    persons: pa.Table  # PERSON_COLUMNS + person_id, nama


def _fetch(cursor: Any, sql: str) -> pa.Table:
    cursor.execute(sql)
    table: pa.Table = cursor.fetch_arrow_table()
    return table


def run_inputs(cursor: Any, *, ranking_id: int) -> RunInputs:
    """The households scored by ranking ``ranking_id`` and their people, typed by DuckDB.

    Nullable columns travel as text or as -1 (the SQLite driver types a column by its first
    rows) and are turned back into NULL here.
    """
    ranking = int(ranking_id)
    flags = ", ".join(
        f"CASE WHEN h.{c} IS NULL THEN -1 WHEN h.{c} THEN 1 ELSE 0 END AS {c}"
        for c in PARTICIPATION
    )
    raw_households = _fetch(
        cursor,
        f"SELECT h.id AS household_id, h.household_ref, h.village_id AS kode_wilayah, "
        f"s.desil, s.persentil, s.welfare, s.konsumsi_prediksi, {flags} "
        f"FROM {_SCORE} s JOIN {_HOUSEHOLD} h ON h.id = s.household_id "
        f"WHERE s.ranking_id = {ranking}",
    )
    codes = ", ".join(f"coalesce(p.{c}, -1) AS {c}" for c in MEMBER_CODES)
    raw_persons = _fetch(
        cursor,
        f"SELECT p.id AS person_id, p.person_ref, h.household_ref, "
        f"coalesce(f.no_kk, '') AS no_kk, coalesce(p.nik, '') AS nik, p.nama, "
        f"coalesce(p.jenis_kelamin, -1) AS jenis_kelamin, "
        f"coalesce(CAST(p.tanggal_lahir AS TEXT), '') AS tanggal_lahir, {codes}, "
        f"coalesce(p.status_dukcapil, '') AS status_dukcapil "
        f"FROM {_PERSON} p JOIN {_HOUSEHOLD} h ON h.id = p.household_id "
        f"JOIN {_SCORE} s ON s.household_id = h.id AND s.ranking_id = {ranking} "
        f"LEFT JOIN {_FAMILY} f ON f.id = p.family_id",
    )
    duck = duckdb.connect()
    try:
        duck.register("rh", raw_households)
        duck.register("rp", raw_persons)
        flag_casts = ", ".join(
            f"CASE WHEN {c} < 0 THEN NULL ELSE {c} = 1 END AS {c}" for c in PARTICIPATION
        )
        households = duck.sql(
            "SELECT CAST(household_id AS BIGINT) AS household_id, "
            "CAST(household_ref AS VARCHAR) AS household_ref, "
            "CAST(kode_wilayah AS VARCHAR) AS kode_wilayah, CAST(desil AS INTEGER) AS desil, "
            "CAST(persentil AS INTEGER) AS persentil, CAST(welfare AS DOUBLE) AS welfare, "
            f"CAST(konsumsi_prediksi AS DOUBLE) AS konsumsi_prediksi, {flag_casts} "
            "FROM rh ORDER BY household_ref"
        ).to_arrow_table()
        code_casts = ", ".join(
            f"CAST(nullif(CAST({c} AS INTEGER), -1) AS INTEGER) AS {c}" for c in MEMBER_CODES
        )
        persons = duck.sql(
            "SELECT CAST(person_id AS BIGINT) AS person_id, "
            "CAST(person_ref AS VARCHAR) AS person_ref, "
            "CAST(household_ref AS VARCHAR) AS household_ref, "
            "nullif(CAST(no_kk AS VARCHAR), '') AS no_kk, nullif(CAST(nik AS VARCHAR), '') AS nik, "
            "CAST(nama AS VARCHAR) AS nama, "
            "CASE CAST(jenis_kelamin AS INTEGER) WHEN 1 THEN 'L' WHEN 2 THEN 'P' END "
            "AS jenis_kelamin, "
            "TRY_CAST(nullif(substr(CAST(tanggal_lahir AS VARCHAR), 1, 10), '') AS DATE) "
            f"AS tanggal_lahir, {code_casts}, "
            "coalesce(CAST(status_dukcapil AS VARCHAR), '') AS status_dukcapil "
            "FROM rp ORDER BY household_ref, person_ref"
        ).to_arrow_table()
    finally:
        duck.close()
    return RunInputs(households=households, persons=persons)


def minimum_wages_table(wages: dict[str, int]) -> pa.Table:
    codes = sorted(wages)
    return pa.table(
        {
            "kode_wilayah": pa.array(codes, pa.string()),
            "amount": pa.array([int(wages[c]) for c in codes], pa.int64()),
        }
    )


def decision_rows(
    *, run_id: int, decisions: pa.Table, inputs: RunInputs
) -> tuple[pa.Table, dict[str, dict[str, int]]]:
    """The pipeline's decisions as rows of the decision table, and the totals per programme.

    A family's recipient is its head: the member of the KK (or of the household, without a
    KK) with the lowest relation code, the living before the deceased.
    """
    duck = duckdb.connect()
    try:
        duck.register("d", decisions)
        duck.register("h", inputs.households)
        duck.register("p", inputs.persons)
        duck.execute(
            "CREATE TEMP TABLE heads AS SELECT unit_key, person_id, nama, nik, no_kk FROM ("
            "SELECT coalesce(no_kk, 'RT-' || household_ref) AS unit_key, person_id, nama, nik, "
            "no_kk, row_number() OVER (PARTITION BY coalesce(no_kk, 'RT-' || household_ref) "
            "ORDER BY status_dukcapil = 'meninggal', coalesce(hubungan, 99), person_ref) AS n "
            "FROM p) WHERE n = 1"
        )
        rows = duck.sql(
            f"SELECT CAST({int(run_id)} AS BIGINT) AS run_id, "
            "CAST(d.programme AS VARCHAR) AS programme, CAST(d.unit AS VARCHAR) AS unit, "
            "CAST(d.unit_ref AS VARCHAR) AS unit_ref, h.household_id, "
            "CAST(d.household_ref AS VARCHAR) AS household_ref, "
            "CASE WHEN d.person_ref IS NULL THEN NULL ELSE p.person_id END AS person_id, "
            "coalesce(CAST(d.person_ref AS VARCHAR), '') AS person_ref, "
            "coalesce(CAST(d.kode_wilayah AS VARCHAR), h.kode_wilayah) AS kode_wilayah, "
            "coalesce(p.nama, k.nama, '') AS nama, coalesce(p.nik, k.nik, '') AS nik, "
            "coalesce(p.no_kk, k.no_kk, '') AS no_kk, "
            "CAST(d.eligible AS BOOLEAN) AS eligible, "
            "CASE WHEN d.eligible THEN CAST(coalesce(d.amount, 0) AS BIGINT) ELSE 0 END "
            "AS amount, CAST(d.welfare AS DOUBLE) AS welfare, "
            "coalesce(CAST(d.components AS VARCHAR), '[]') AS components, "
            "coalesce(CAST(d.reasons AS VARCHAR), '[]') AS reasons "
            "FROM d JOIN h ON h.household_ref = d.household_ref "
            "LEFT JOIN p ON p.person_ref = d.person_ref "
            "LEFT JOIN heads k ON d.person_ref IS NULL AND k.unit_key = d.unit_ref "
            "ORDER BY programme, unit_ref"
        ).to_arrow_table()
        duck.register("rows", rows)
        totals = {
            str(code): {"units": int(units), "eligible": int(eligible), "budget": int(budget)}
            for code, units, eligible, budget in duck.sql(
                "SELECT programme, count(*), count(*) FILTER (WHERE eligible), "
                "coalesce(sum(amount) FILTER (WHERE eligible), 0) FROM rows GROUP BY programme"
            ).fetchall()
        }
    finally:
        duck.close()
    if rows.num_rows != decisions.num_rows:
        raise ValueError(
            f"{decisions.num_rows - rows.num_rows} keputusan merujuk rumah tangga di luar "
            "peringkat; tidak ada yang disimpan."
        )
    return rows.select(list(DECISION_COLUMNS)), totals


def decisions_write(
    connection: Any,
    *,
    vendor: str,
    run_id: int,
    rows: pa.Table,
    totals: dict[str, dict[str, int]],
    finished_at: datetime,
) -> None:
    """Insert ``rows`` and mark run ``run_id`` done with ``totals``: all of it or none."""
    totals_sql = dbio.text_literal(json.dumps(totals, sort_keys=True))
    if vendor == "postgresql":
        totals_sql = f"CAST({totals_sql} AS jsonb)"
    columns = ", ".join(DECISION_COLUMNS)
    with dbio.transaction(connection, vendor=vendor) as cursor:
        dbio.stage(cursor, name="stg_eligibility_decision", table=rows)
        cursor.execute(
            f"INSERT INTO {_DECISION} ({columns}) SELECT {columns} FROM stg_eligibility_decision"
        )
        cursor.execute("DROP TABLE stg_eligibility_decision")
        cursor.execute(
            f"UPDATE {_RUN} SET status = '{RunStatus.DONE}', totals = {totals_sql}, "
            f"error = '', finished_at = {dbio.timestamp_literal(finished_at, vendor=vendor)} "
            f"WHERE id = {int(run_id)}"
        )
