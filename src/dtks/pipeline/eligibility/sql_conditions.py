"""Rule conditions to portable SQL (DuckDB and Spark): tests, and the values shown as details.

A condition on a missing value is false (``coalesce(..., false)``), except ``is_null``.
String values are checked by ``parse_rules`` to hold no quote or backslash, so quoting them
with single quotes is safe on both engines.
"""

from __future__ import annotations

from collections.abc import Iterable

from dtks.domain.eligibility import FIELDS, Condition
from dtks.domain.eligibility_fields import UMR_VALUE
from dtks.pipeline.eligibility.reasons import json_escaped_sql

_SQL_OPERATORS = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def literal(value: object) -> str:
    """A SQL literal of a rule value (bool, int, float or a checked string)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"CAST({value!r} AS DOUBLE)"
    if isinstance(value, str):
        if "'" in value or "\\" in value:
            raise ValueError(f"nilai teks tidak aman untuk SQL: {value!r}")
        return f"'{value}'"
    raise TypeError(f"nilai aturan tidak didukung: {value!r}")


def condition_sql(condition: Condition, alias: str) -> str:
    """One condition on the row ``alias`` as a never-NULL boolean SQL expression."""
    column = f"{alias}.{condition.field}"
    if condition.op == "is_null":
        return f"({column} IS NULL)"
    if condition.op == "not_null":
        return f"({column} IS NOT NULL)"
    if condition.op in ("in", "not_in"):
        assert isinstance(condition.value, tuple)
        keyword = "IN" if condition.op == "in" else "NOT IN"
        values = ", ".join(literal(v) for v in condition.value)
        return f"coalesce({column} {keyword} ({values}), false)"
    value = f"{alias}.umr" if condition.value == UMR_VALUE else literal(condition.value)
    return f"coalesce({column} {_SQL_OPERATORS[condition.op]} {value}, false)"


def conditions_sql(conditions: Iterable[Condition], alias: str) -> str:
    """The AND of ``conditions`` (``true`` when there are none)."""
    parts = [condition_sql(condition, alias) for condition in conditions]
    return " AND ".join(parts) if parts else "true"


def value_text_sql(field: str, alias: str) -> str:
    """A field's value as JSON-safe text for a reason's detail (portable number formatting)."""
    column = f"{alias}.{field}"
    kind = FIELDS[field].type if field in FIELDS else "money"
    if kind == "int":
        text = f"CAST({column} AS STRING)"
    elif kind == "money":
        text = f"CAST(CAST(round({column}, 0) AS BIGINT) AS STRING)"
    elif kind == "float":
        text = f"CAST(CAST(round({column}, 3) AS DECIMAL(18,3)) AS STRING)"
    elif kind == "bool":
        text = f"CASE WHEN {column} THEN 'ya' WHEN NOT {column} THEN 'tidak' END"
    else:
        text = json_escaped_sql(f"nullif({column}, '')")
    return f"coalesce({text}, 'kosong')"


def describe_sql(conditions: Iterable[Condition], alias: str) -> str:
    """Text naming the values the conditions looked at, e.g. ``umur 13, sekolah_tingkat SMP``."""
    fields: list[str] = []
    for condition in conditions:
        if condition.field not in fields:
            fields.append(condition.field)
        if condition.value == UMR_VALUE and "umr" not in fields:
            fields.append("umr")
    parts = [f"'{field} ' || {value_text_sql(field, alias)}" for field in fields]
    return " || ', ' || ".join(parts) if parts else "''"
