"""Programme eligibility: every unit's decision, amount and reasons, on DuckDB or Spark.

``eligibility_decide`` registers the inputs, builds the person base table once
(``sql_base.py``), runs one query per programme (``sql_programme.py``) and assembles the
reasons JSON in Arrow (``reasons.py``). Output rows are ordered by programme code, then
unit_ref. See ``docs/programs.md`` for the rules and the meaning of every column.
"""

from __future__ import annotations

import re
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from dtks.domain.eligibility import ProgrammeRules
from dtks.domain.eligibility_fields import UMR_VALUE
from dtks.pipeline.eligibility.sql_base import (
    BASE_VIEW,
    HOUSEHOLD_INPUT_COLUMNS,
    HOUSEHOLDS_VIEW,
    PARTICIPATION_COLUMNS,
    PERSON_INPUT_COLUMNS,
    PERSONS_VIEW,
    WAGE_INPUT_COLUMNS,
    WAGES_VIEW,
    base_sql,
)
from dtks.pipeline.eligibility.sql_programme import ProgrammeQuery, programme_query
from dtks.pipeline.sql_engines import SqlEngine

DECISION_COLUMNS = (
    "programme",
    "unit",
    "unit_ref",
    "household_ref",
    "person_ref",
    "kode_wilayah",
    "eligible",
    "amount",
    "components",
    "reasons",
    "welfare",
)
DECISION_SCHEMA = pa.schema(
    [
        ("programme", pa.string()),
        ("unit", pa.string()),
        ("unit_ref", pa.string()),
        ("household_ref", pa.string()),
        ("person_ref", pa.string()),
        ("kode_wilayah", pa.string()),
        ("eligible", pa.bool_()),
        ("amount", pa.int64()),
        ("components", pa.string()),
        ("reasons", pa.string()),
        ("welfare", pa.float64()),
    ]
)
_WAGE_REGION = re.compile(r"^\d{2}(\.\d{2})?$")


class EligibilityInputError(ValueError):
    """An input table the eligibility run cannot use (the message says which and why)."""


def _require(table: pa.Table, columns: tuple[str, ...], name: str) -> None:
    missing = [column for column in columns if column not in table.column_names]
    if missing:
        raise EligibilityInputError(f"Tabel {name} tidak memiliki kolom: {', '.join(missing)}")


def _unique(table: pa.Table, column: str, name: str) -> None:
    if table[column].null_count:
        raise EligibilityInputError(f"Tabel {name}: kolom {column} kosong pada sebagian baris")
    if table.num_rows and pc.count_distinct(table[column]).as_py() != table.num_rows:
        raise EligibilityInputError(f"Tabel {name}: kolom {column} memuat nilai ganda")


def ordered_by_unit(table: pa.Table) -> pa.Table:
    """``table`` sorted by ``unit_ref`` (unique in a programme).

    The queries sort before building the JSON (sorting the long text is slow) and both
    engines keep that order through the last projection; this checks it, and sorts when an
    engine did not.
    """
    keys = table["unit_ref"]
    if len(keys) < 2 or pc.all(pc.less(keys[:-1], keys[1:])).as_py():
        return table
    return table.sort_by([("unit_ref", "ascending")])


def _households(households: pa.Table) -> pa.Table:
    """The household columns the rules read; participation flags as booleans (1/true = yes)."""
    _require(households, HOUSEHOLD_INPUT_COLUMNS, "rumah tangga")
    _unique(households, "household_ref", "rumah tangga")
    columns = []
    for name in HOUSEHOLD_INPUT_COLUMNS:
        column = households[name]
        if name in PARTICIPATION_COLUMNS and not pa.types.is_boolean(column.type):
            if not pa.types.is_integer(column.type):
                raise EligibilityInputError(
                    f"Tabel rumah tangga: kolom {name} harus ya/tidak (boolean atau 1/2)"
                )
            column = pc.equal(column, 1)
        columns.append(column)
    return pa.table(columns, names=list(HOUSEHOLD_INPUT_COLUMNS))


def _wages(minimum_wages: pa.Table) -> pa.Table:
    _require(minimum_wages, WAGE_INPUT_COLUMNS, "upah minimum")
    for region, amount in zip(
        minimum_wages["kode_wilayah"].to_pylist(), minimum_wages["amount"].to_pylist(), strict=True
    ):
        if not isinstance(region, str) or not _WAGE_REGION.match(region):
            raise EligibilityInputError(
                f"Tabel upah minimum: {region!r} bukan kode provinsi (18) atau kab/kota (18.71)"
            )
        if not isinstance(amount, int) or amount < 0:
            raise EligibilityInputError(
                f"Tabel upah minimum: upah {region} harus bilangan bulat rupiah >= 0,"
                f" bukan {amount!r}"
            )
    return minimum_wages.select(list(WAGE_INPUT_COLUMNS))


def _fields(programmes: list[ProgrammeRules]) -> list[str]:
    """Every field the programmes' rules name (``umr`` where a rule compares with it)."""
    fields: list[str] = []
    for rules in programmes:
        conditions = [
            *rules.members,
            *(c for component in rules.components for c in component.when),
            *(c for amount in rules.amounts for c in amount.when),
            *(c for exclusion in rules.exclusions for c in exclusion.when),
        ]
        for condition in conditions:
            fields.append(condition.field)
            if condition.value == UMR_VALUE:
                fields.append("umr")
    return list(dict.fromkeys(fields))


def _decisions(engine: SqlEngine, query: ProgrammeQuery) -> pa.Table:
    table = ordered_by_unit(engine.query(query.sql))
    n = table.num_rows
    rules = query.rules
    columns = {
        "programme": pa.repeat(pa.scalar(rules.code), n),
        "unit": pa.repeat(pa.scalar(rules.unit), n),
        "unit_ref": table["unit_ref"],
        "household_ref": table["household_ref"],
        "person_ref": table["person_ref"],
        "kode_wilayah": table["kode_wilayah"],
        "eligible": pc.fill_null(table["eligible"], False),
        "amount": table["amount"],
        "components": table["components"],
        "reasons": table["reasons"],
        "welfare": table["welfare"],
    }
    arrays = [pc.cast(columns[field.name], field.type) for field in DECISION_SCHEMA]
    return pa.Table.from_arrays(arrays, schema=DECISION_SCHEMA)


def eligibility_decide(
    *,
    engine: SqlEngine,
    households: pa.Table,
    persons: pa.Table,
    minimum_wages: pa.Table,
    programmes: list[ProgrammeRules],
    as_of: date,
) -> pa.Table:
    """One decision row per programme and unit considered (columns ``DECISION_COLUMNS``).

    ``households``: household_ref, kode_wilayah, desil, persentil, welfare, konsumsi_prediksi
    and the ``ikut_*`` flags; ``persons``: person_ref, household_ref, no_kk, nik,
    jenis_kelamin, tanggal_lahir, the coded member fields and status_dukcapil;
    ``minimum_wages``: kode_wilayah ("18" or "18.71"), amount (rupiah a month).
    """
    codes = [rules.code for rules in programmes]
    if len(set(codes)) != len(codes):
        raise EligibilityInputError(f"Kode program ganda: {', '.join(codes)}")
    _require(persons, PERSON_INPUT_COLUMNS, "anggota")
    _unique(persons, "person_ref", "anggota")
    if persons["household_ref"].null_count:
        raise EligibilityInputError("Tabel anggota: kolom household_ref kosong pada sebagian baris")
    if not programmes:
        return DECISION_SCHEMA.empty_table()
    engine.register(HOUSEHOLDS_VIEW, _households(households))
    engine.register(PERSONS_VIEW, persons.select(list(PERSON_INPUT_COLUMNS)))
    engine.register(WAGES_VIEW, _wages(minimum_wages))
    engine.register(BASE_VIEW, engine.query(base_sql(as_of, _fields(programmes))))
    tables = [
        _decisions(engine, programme_query(rules))
        for rules in sorted(programmes, key=lambda rules: rules.code)
    ]
    return pa.concat_tables(tables)
