"""NIK and No. KK checks as SQL expressions: the set-based twin of ``dtks.domain.nik``.

``nik`` and ``kk`` add derived columns to a ``Plan`` (layers 1-5) that reproduce
``parse_nik``/``parse_kk`` exactly: the same failure codes (``NikFailure``/``KkFailure``
values), the sex and birth date encoded in a NIK (women's day + 40; the century from the
recorded birth date when day, month and two-digit year agree, otherwise the latest one not
after the reference date), the region of the first six digits looked up in table
``ref_kecamatan`` (undotted kecamatan codes). A property test checks the agreement on
generated NIKs. Values are never repaired: ``1.80105E+15`` only yields ``nik_notasi_ilmiah``.
"""

from __future__ import annotations

from datetime import date

import duckdb

from dtks.domain.nik import KkFailure, NikFailure
from dtks.pipeline.intake.rules_sql import Plan
from dtks.pipeline.intake.sql_text import real_date_sql

_SCIENTIFIC = r"'[+-]?[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+'"


def _format_failures(t: str, digits: str) -> tuple[str, str, str]:
    scientific = f"regexp_full_match({t}, {_SCIENTIFIC})"
    empty = f"{t} = ''"
    return (
        empty,
        f"CASE WHEN {digits} OR {empty} THEN false ELSE {scientific} END",
        f"CASE WHEN {digits} OR {empty} THEN false ELSE NOT {scientific} END",
    )


def _unknown_region(t: str) -> str:
    return f"substr({t}, 1, 6) NOT IN (SELECT code FROM ref_kecamatan)"


def _ddmmyy(plan: Plan, t: str, p: str) -> tuple[str, str, str, str]:
    """Digits 7-12 as one integer (NULL unless the value is 16 digits), split into day
    field, month and two-digit year; also returns the "is 16 digits" condition."""
    packed = plan.derive(
        2,
        f"{p}_ddmmyy",
        f"CASE WHEN regexp_full_match({t}, '[0-9]{{16}}') "
        f"THEN TRY_CAST(substr({t}, 7, 6) AS INTEGER) END",
    )
    cd = plan.derive(3, f"{p}_cd", f"{packed} // 10000")
    mo = plan.derive(3, f"{p}_mo", f"({packed} // 100) % 100")
    yy = plan.derive(3, f"{p}_yy", f"{packed} % 100")
    return f"{packed} IS NOT NULL", cd, mo, yy


def _resolve_year(day: str, month: str, yy: str, reference: date) -> str:
    """SQL of ``nik._resolve_year``: the latest year ending in yy where day/month is a real
    date not after the reference; NULL when there is none."""
    century = reference.year - reference.year % 100
    ref_number = reference.year * 10000 + reference.month * 100 + reference.day
    branches = []
    for offset in (0, -100):
        year = f"({century + offset} + {yy})"
        number = f"({year} * 10000 + {month} * 100 + {day})"
        branches.append(
            f"WHEN {real_date_sql(year, month, day)} AND {number} <= {ref_number} THEN {year}"
        )
    return f"CASE {' '.join(branches)} END"


def nik(plan: Plan, t: str, *, sex: str, birth: str, p: str = "nik") -> dict[NikFailure, str]:
    """Derive the NIK's parts from trimmed text column ``t``; ``sex`` (1/2) and ``birth``
    (DATE) are the recorded values. Returns each failure's boolean column."""

    digits, cd, mo, yy = _ddmmyy(plan, t, p)
    nik_sex = plan.derive(
        4,
        f"{p}_sex",
        f"CASE WHEN {cd} BETWEEN 1 AND 31 THEN 1 WHEN {cd} BETWEEN 41 AND 71 THEN 2 END",
    )
    day = plan.derive(
        4, f"{p}_day", f"CASE WHEN {cd} BETWEEN 41 AND 71 THEN {cd} - 40 ELSE {cd} END"
    )
    matches = plan.derive(
        5,
        f"{p}_rec",
        f"coalesce({nik_sex} IS NOT NULL AND {day} = day({birth}) AND {mo} = month({birth}) "
        f"AND {yy} = year({birth}) % 100, false)",
    )
    year = plan.derive(
        5,
        f"{p}_year",
        f"CASE WHEN {nik_sex} IS NOT NULL THEN {_resolve_year(day, mo, yy, plan.reference)} END",
    )
    nik_birth = plan.derive(
        6,
        f"{p}_birth",
        f"CASE WHEN {matches} THEN {birth} "
        f"WHEN {year} IS NOT NULL THEN make_date({year}, {mo}, {day}) END",
    )
    empty, scientific, not_16 = _format_failures(t, digits)
    conditions = {
        NikFailure.EMPTY: empty,
        NikFailure.SCIENTIFIC_NOTATION: scientific,
        NikFailure.NOT_16_DIGITS: not_16,
        NikFailure.REGION_UNKNOWN: f"{digits} AND {_unknown_region(t)}",
        NikFailure.DATE_INVALID: f"{digits} AND {nik_birth} IS NULL",
        NikFailure.SERIAL_ZERO: f"{digits} AND substr({t}, 13, 4) = '0000'",
        NikFailure.SEX_MISMATCH: f"coalesce({nik_sex} <> {sex} AND {sex} IN (1, 2), false)",
        NikFailure.BIRTH_DATE_MISMATCH: (
            f"{nik_sex} IS NOT NULL AND NOT {matches} AND {year} IS NOT NULL "
            f"AND {birth} IS NOT NULL"
        ),
    }
    return {
        failure: plan.derive(7, f"{p}_f_{index}", cond)
        for index, (failure, cond) in enumerate(conditions.items())
    }


def kk(plan: Plan, t: str, *, p: str = "kk") -> dict[KkFailure, str]:
    """Derive the No. KK's parts from trimmed text column ``t``; each failure's column."""

    digits, cd, mo, yy = _ddmmyy(plan, t, p)
    year = plan.derive(
        5,
        f"{p}_year",
        f"CASE WHEN substr({t}, 7, 6) <> '000000' "
        f"THEN {_resolve_year(cd, mo, yy, plan.reference)} END",
    )
    empty, scientific, not_16 = _format_failures(t, digits)
    conditions = {
        KkFailure.EMPTY: empty,
        KkFailure.SCIENTIFIC_NOTATION: scientific,
        KkFailure.NOT_16_DIGITS: not_16,
        KkFailure.REGION_UNKNOWN: f"{digits} AND {_unknown_region(t)}",
        KkFailure.DATE_INVALID: f"{digits} AND substr({t}, 7, 6) <> '000000' AND {year} IS NULL",
    }
    return {
        failure: plan.derive(7, f"{p}_f_{index}", cond)
        for index, (failure, cond) in enumerate(conditions.items())
    }


def nik_verdicts(
    con: duckdb.DuckDBPyConnection, table: str, *, reference: date
) -> list[tuple[tuple[str, ...], int | None, date | None]]:
    """Run the NIK checks over ``table`` (columns ``value``, ``sex``, ``birth``; ordered by
    ``i``): per row the failure codes in ``parse_nik`` order, the encoded sex and birth date.
    Used by the property test against ``parse_nik``; needs table ``ref_kecamatan``."""
    plan = Plan(kind="test", columns=("value",), reference=reference)
    t = plan.trimmed("value")
    failures = nik(plan, t, sex="sex", birth="birth")
    codes = ", ".join(f"CASE WHEN {col} THEN '{f.value}' END" for f, col in failures.items())
    keep = ("i", "nik_sex", "nik_birth", *failures.values())
    sql = (
        f"SELECT list_filter([{codes}], lambda x: x IS NOT NULL), nik_sex, nik_birth "
        f"FROM ({plan.staged_select(table, keep=keep)}) ORDER BY i"
    )
    return [(tuple(row[0]), row[1], row[2]) for row in con.execute(sql).fetchall()]
