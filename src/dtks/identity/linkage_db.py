"""The database side of a link run, through ADBC as Arrow (no ORM for bulk data).

``run_inputs`` reads every landed source record with its batch, the verified sources'
household records and the current register's lineage; ``register_replace`` writes the golden
register, its lineage and the run's report on one cursor, inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from django.utils import timezone

from dtks.identity.golden import MEMBER_FIELDS, RECORD_SCHEMA, SurvivorshipRules
from dtks.identity.households import HOUSING_COLUMNS, SOURCE_HOUSEHOLD_SCHEMA, HouseholdPlan
from dtks.identity.models import LinkRun, PersonLineage
from dtks.intake.models import ImportBatch, SourceHousehold, SourcePerson
from dtks.pipeline import dbio, interchange
from dtks.regions.models import Region
from dtks.registry.models import Family, Household, Person

_PERSON_TABLE = SourcePerson._meta.db_table
_HOUSEHOLD_TABLE = SourceHousehold._meta.db_table
_BATCH_TABLE = ImportBatch._meta.db_table
_REGION_TABLE = Region._meta.db_table
_LINEAGE_TABLE = PersonLineage._meta.db_table
_REGISTER_PERSON = Person._meta.db_table
_REGISTER_HOUSEHOLD = Household._meta.db_table
_REGISTER_FAMILY = Family._meta.db_table
_RUN_TABLE = LinkRun._meta.db_table
_CIVIL_COLUMNS = ("status_dukcapil", "tanggal_meninggal")
_PERSON_TEXT = ("tempat_lahir", "nama_ibu_kandung")
_EMPTY = "''"
_GOLDEN_TO_REGISTER = (
    "nik",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nama_ibu_kandung",
    *MEMBER_FIELDS,
    "status_dukcapil",
    "tanggal_meninggal",
)


@dataclass
class RunInputs:
    records: pa.Table  # golden.RECORD_SCHEMA
    linkage_persons: pa.Table  # interchange.PERSON_COLUMNS, all strings
    source_households: pa.Table  # households.SOURCE_HOUSEHOLD_SCHEMA
    previous: pa.Table  # record_id, person_ref of the current register
    register_ids: pa.Table  # kind, ref, id, created_at: ids to keep for the same refs


def _created_at_text(column: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    return column


def _fetch(cursor: Any, sql: str) -> pa.Table:
    cursor.execute(sql)
    table: pa.Table = cursor.fetch_arrow_table()
    return table


def _text(expression: str) -> str:
    """A nullable non-integer column as text, ``''`` for NULL: the SQLite ADBC driver types a
    column by its first rows, and a column whose first rows are NULL would be read as integer
    (then fail on the first text or real value). ``_typed`` turns ``''`` back into NULL."""
    return f"coalesce(CAST({expression} AS TEXT), '')"


def run_inputs(cursor: Any, *, vendor: str, rules: SurvivorshipRules) -> RunInputs:
    """Everything a run reads, as Arrow, typed by DuckDB whatever the database returned."""
    have = {f.name for f in SourcePerson._meta.get_fields()}
    # Civil-registry columns: present once intake can land the Dukcapil extract.
    civil = ", ".join((_text(f"p.{c}") if c in have else "''") + f" AS {c}" for c in _CIVIL_COLUMNS)
    known = "CASE WHEN r.code IS NULL THEN NULL ELSE {}.village_id END"
    texts = ("p.nik", "p.no_kk", "p.tempat_lahir", "p.tanggal_lahir", "p.nama_ibu_kandung")
    raw_persons = _fetch(
        cursor,
        f"SELECT p.id AS pk, p.batch_id, {_created_at_text('b.created_at', vendor)} AS created, "
        "p.source, p.household_ref, p.nama, p.jenis_kelamin, p.alamat, p.rt, p.rw, "
        + ", ".join(f"{_text(t)} AS {t[2:]}" for t in texts)
        + f", {_text('p.village_id')} AS kode_wilayah, {_text(known.format('p'))} AS village_id, "
        + ", ".join(f"p.{c}" for c in MEMBER_FIELDS)
        + f", {civil} FROM {_PERSON_TABLE} p JOIN {_BATCH_TABLE} b ON b.id = p.batch_id "
        f"LEFT JOIN {_REGION_TABLE} r ON r.code = p.village_id",
    )
    verified = ", ".join(dbio.text_literal(s) for s in rules.verified) or "NULL"
    housing = ", ".join(
        _text(f"h.{c}") + f" AS {c}" if c in interchange.HOUSEHOLD_AREA_COLUMNS else f"h.{c}"
        for c in HOUSING_COLUMNS
    )
    raw_households = _fetch(
        cursor,
        f"SELECT h.batch_id, {_created_at_text('b.created_at', vendor)} AS created, h.source, "
        f"h.household_ref, {_text(known.format('h'))} AS village_id, h.alamat, h.rt, h.rw, "
        f"{housing} FROM {_HOUSEHOLD_TABLE} h JOIN {_BATCH_TABLE} b ON b.id = h.batch_id "
        f"LEFT JOIN {_REGION_TABLE} r ON r.code = h.village_id WHERE h.source IN ({verified})",
    )
    previous = _fetch(
        cursor,
        f"SELECT CAST(l.source_person_id AS VARCHAR(20)) AS record_id, p.person_ref "
        f"FROM {_LINEAGE_TABLE} l JOIN {_REGISTER_PERSON} p ON p.id = l.person_id",
    )
    register_ids = _fetch(
        cursor,
        f"SELECT 'person' AS kind, person_ref AS ref, id, "
        f"{_created_at_text('created_at', vendor)} AS created FROM {_REGISTER_PERSON} "
        f"UNION ALL SELECT 'household', household_ref, id, "
        f"{_created_at_text('created_at', vendor)} FROM {_REGISTER_HOUSEHOLD}",
    )
    return _typed(raw_persons, raw_households, previous, register_ids)


def _typed(
    raw_persons: pa.Table, raw_households: pa.Table, previous: pa.Table, register_ids: pa.Table
) -> RunInputs:
    duck = duckdb.connect()
    try:
        duck.register("rp", raw_persons)
        duck.register("rh", raw_households)
        duck.register("prev", previous)
        duck.register("ids", register_ids)
        casts = {
            "record_id": "CAST(pk AS VARCHAR)",
            "pk": "CAST(pk AS BIGINT)",
            "batch_id": "CAST(batch_id AS BIGINT)",
            "batch_created_at": "CAST(created AS TIMESTAMP)",
            "tanggal_lahir": "TRY_CAST(nullif(tanggal_lahir, '') AS DATE)",
            "tanggal_meninggal": "TRY_CAST(nullif(tanggal_meninggal, '') AS DATE)",
            "jenis_kelamin": "CAST(jenis_kelamin AS INTEGER)",
            "household_ref": "coalesce(CAST(household_ref AS VARCHAR), '')",
            **{m: f"CAST({m} AS INTEGER)" for m in MEMBER_FIELDS},
        }
        select = ", ".join(
            f"{casts.get(name, f'nullif(CAST({name} AS VARCHAR), {_EMPTY})')} AS {name}"
            for name in RECORD_SCHEMA.names
        )
        records = duck.sql(f"SELECT {select} FROM rp ORDER BY pk").to_arrow_table()
        linkage_text = ", ".join(
            f"nullif(CAST({c} AS VARCHAR), '') AS {c}"
            for c in interchange.PERSON_COLUMNS
            if c not in {"record_id", "jenis_kelamin", "tanggal_lahir"}
        )
        linkage = duck.sql(
            "SELECT CAST(pk AS VARCHAR) AS record_id, "
            "CAST(jenis_kelamin AS VARCHAR) AS jenis_kelamin, "
            "CAST(TRY_CAST(nullif(tanggal_lahir, '') AS DATE) AS VARCHAR) AS tanggal_lahir, "
            f"{linkage_text} FROM rp ORDER BY pk"
        ).to_arrow_table()
        household_casts = {
            "batch_id": "CAST(batch_id AS BIGINT)",
            "batch_created_at": "CAST(created AS TIMESTAMP)",
            **{
                c: f"CAST({c} AS {_duck_type(SOURCE_HOUSEHOLD_SCHEMA.field(c).type)})"
                for c in HOUSING_COLUMNS
            },
            **{
                c: f"TRY_CAST(nullif(CAST({c} AS VARCHAR), '') AS DOUBLE)"
                for c in interchange.HOUSEHOLD_AREA_COLUMNS
            },
        }
        households = duck.sql(
            "SELECT "
            + ", ".join(
                f"{household_casts.get(n, f'nullif(CAST({n} AS VARCHAR), {_EMPTY})')} AS {n}"
                for n in SOURCE_HOUSEHOLD_SCHEMA.names
            )
            + " FROM rh"
        ).to_arrow_table()
        previous_typed = duck.sql(
            "SELECT CAST(record_id AS VARCHAR) AS record_id, CAST(person_ref AS VARCHAR) "
            "AS person_ref FROM prev"
        ).to_arrow_table()
        ids = duck.sql(
            "SELECT CAST(kind AS VARCHAR) AS kind, CAST(ref AS VARCHAR) AS ref, "
            "CAST(id AS BIGINT) AS id, CAST(created AS VARCHAR) AS created FROM ids"
        ).to_arrow_table()
    finally:
        duck.close()
    return RunInputs(
        records=records.cast(RECORD_SCHEMA),
        linkage_persons=linkage.select(list(interchange.PERSON_COLUMNS)),
        source_households=households.cast(SOURCE_HOUSEHOLD_SCHEMA),
        previous=previous_typed,
        register_ids=ids,
    )


def _duck_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_floating(arrow_type):
        return "DOUBLE"
    return "INTEGER"


@dataclass
class RegisterTables:
    """The staged shape of the new register (see ``register_tables``)."""

    households: pa.Table
    families: pa.Table
    persons: pa.Table
    lineage: pa.Table


def register_tables(
    *,
    golden_persons: pa.Table,
    lineage: pa.Table,
    plan: HouseholdPlan,
    probabilities: pa.Table,
    register_ids: pa.Table,
) -> RegisterTables:
    """Golden persons and households in the register's column names, with the ids (and
    creation times) of the previous register rows of the same refs."""
    duck = duckdb.connect()
    try:
        duck.register("golden", golden_persons)
        duck.register("members", plan.members)
        duck.register("households", plan.households)
        duck.register("families", plan.families)
        duck.register("lineage", lineage)
        duck.register("probabilities", probabilities)
        duck.register("ids", register_ids)
        text = set(_PERSON_TEXT) | {"status_dukcapil"}
        person_values = ", ".join(
            f"coalesce(g.{c}, '') AS {c}" if c in text else f"g.{c}"
            for c in _GOLDEN_TO_REGISTER
            if c != "hubungan"
        )
        persons = duck.sql(
            f"SELECT g.person_ref, m.household_ref, g.no_kk, m.hubungan, {person_values}, "
            "i.id AS keep_id, i.created AS keep_created "
            "FROM golden g JOIN members m USING (person_ref) "
            "LEFT JOIN ids i ON i.kind = 'person' AND i.ref = g.person_ref"
        ).to_arrow_table()
        household_columns = ", ".join(f"h.{c}" for c in HOUSING_COLUMNS)
        households = duck.sql(
            "SELECT h.household_ref, h.village_id, h.alamat, h.rt, h.rw, "
            f"{household_columns}, i.id AS keep_id, i.created AS keep_created "
            "FROM households h LEFT JOIN ids i ON i.kind = 'household' "
            "AND i.ref = h.household_ref"
        ).to_arrow_table()
        lineage_rows = duck.sql(
            "SELECT CAST(l.record_id AS BIGINT) AS source_person_id, l.person_ref, "
            "CAST(p.match_probability AS DOUBLE) AS match_probability, l.fields "
            "FROM lineage l JOIN members m USING (person_ref) "
            "LEFT JOIN probabilities p USING (record_id)"
        ).to_arrow_table()
    finally:
        duck.close()
    return RegisterTables(
        households=households, families=plan.families, persons=persons, lineage=lineage_rows
    )


def register_replace(
    cursor: Any, *, vendor: str, tables: RegisterTables, run_id: int
) -> dict[str, int]:
    """Replace the register (households, families, persons) and its lineage with ``tables``.

    Runs inside the caller's transaction; rows of refs already registered keep their ids.
    """
    stamp = dbio.timestamp_literal(timezone.now(), vendor=vendor)
    if vendor == "postgresql":
        created = f"coalesce(CAST(s.keep_created AS timestamptz), {stamp})"
    else:
        created = f"coalesce(s.keep_created, {stamp})"
    dbio.stage(cursor, name="stg_gold_household", table=tables.households)
    dbio.stage(cursor, name="stg_gold_family", table=tables.families)
    dbio.stage(cursor, name="stg_gold_person", table=tables.persons)
    dbio.stage(cursor, name="stg_gold_lineage", table=tables.lineage)
    for table in (_LINEAGE_TABLE, _REGISTER_PERSON, _REGISTER_FAMILY, _REGISTER_HOUSEHOLD):
        cursor.execute(f"DELETE FROM {table}")
    household_columns = ["household_ref", "village_id", "alamat", "rt", "rw", *HOUSING_COLUMNS]
    _insert_keeping_ids(
        cursor,
        table=_REGISTER_HOUSEHOLD,
        columns=[*household_columns, "created_at", "updated_at"],
        values=[*(f"s.{c}" for c in household_columns), created, stamp],
        source="stg_gold_household s",
    )
    cursor.execute(
        f"INSERT INTO {_REGISTER_FAMILY} (no_kk, household_id) SELECT f.no_kk, h.id "
        f"FROM stg_gold_family f JOIN {_REGISTER_HOUSEHOLD} h ON h.household_ref = f.household_ref"
    )
    person_columns = [
        "person_ref",
        "hubungan",
        *(c for c in _GOLDEN_TO_REGISTER if c != "hubungan"),
    ]
    _insert_keeping_ids(
        cursor,
        table=_REGISTER_PERSON,
        columns=[
            *person_columns,
            "link_run_id",
            "household_id",
            "family_id",
            "created_at",
            "updated_at",
        ],
        values=[*(f"s.{c}" for c in person_columns), str(run_id), "h.id", "f.id", created, stamp],
        source=(
            f"stg_gold_person s JOIN {_REGISTER_HOUSEHOLD} h ON h.household_ref = s.household_ref "
            f"LEFT JOIN {_REGISTER_FAMILY} f ON f.no_kk = s.no_kk"
        ),
    )
    cursor.execute(
        f"INSERT INTO {_LINEAGE_TABLE} (person_id, source_person_id, link_run_id, "
        f"match_probability, fields) SELECT p.id, s.source_person_id, {run_id}, "
        f"s.match_probability, s.fields FROM stg_gold_lineage s "
        f"JOIN {_REGISTER_PERSON} p ON p.person_ref = s.person_ref"
    )
    for name in ("stg_gold_household", "stg_gold_family", "stg_gold_person", "stg_gold_lineage"):
        cursor.execute(f"DROP TABLE {name}")
    return {
        "households": tables.households.num_rows,
        "families": tables.families.num_rows,
        "persons": tables.persons.num_rows,
        "lineage": tables.lineage.num_rows,
    }


def _insert_keeping_ids(
    cursor: Any, *, table: str, columns: list[str], values: list[str], source: str
) -> None:
    """Rows whose ref was registered before keep that id; new rows get fresh ids."""
    names, selected = ", ".join(columns), ", ".join(values)
    cursor.execute(
        f"INSERT INTO {table} (id, {names}) SELECT s.keep_id, {selected} FROM {source} "
        "WHERE s.keep_id IS NOT NULL"
    )
    cursor.execute(
        f"INSERT INTO {table} ({names}) SELECT {selected} FROM {source} WHERE s.keep_id IS NULL"
    )


def run_finish(
    cursor: Any, *, vendor: str, run_id: int, report: dict[str, Any], model_version: str
) -> None:
    """Store the report, the model version and the finishing time on the run."""
    text = json.dumps(report, ensure_ascii=False).replace("'", "''")
    value = f"'{text}'::jsonb" if vendor == "postgresql" else f"'{text}'"
    stamp = dbio.timestamp_literal(timezone.now(), vendor=vendor)
    version = model_version[:80].replace("'", "''")
    cursor.execute(
        f"UPDATE {_RUN_TABLE} SET report = {value}, model_version = '{version}', "
        f"finished_at = {stamp} WHERE id = {int(run_id)}"
    )
