"""The Parquet outputs of a validation, their counts, and formula escaping for exports.

Written by DuckDB ``COPY ... (FORMAT parquet)`` into a staging directory and moved into the
work directory only when all of them are complete. Schemas (Arrow types):

``<kind>_valid.parquet``: ``row_number`` int64, then the interchange columns of the kind
(docs/formats.md) typed for loading: codes int16, ``jenis_kelamin`` int16 (1 L, 2 P), dates
date32, areas and ``konsumsi_per_kapita`` float64, counts int32, yes/no bool, text trimmed
(string). Persons add ``household_ref`` (null when the file has none) and ``nik_asli``,
``no_kk_asli`` (the original text when a flag cleared the value, else null); households add
``konsumsi_per_kapita`` (null when absent). Empty text: null for ``nik``, ``no_kk``,
``household_ref`` and ``kode_wilayah``; ``''`` for the other text columns (as the register
stores them).

``quarantine.parquet``: ``file_name``, ``row_number`` int64, ``kind``, ``columns`` (offending
columns joined by ``,``; a row with the wrong number of fields names none), ``rule_codes``
(joined by ``,``), ``messages`` (Indonesian, ``column: message`` joined by ``; ``),
``original`` (JSON object of every original value of the row as text, in file column order,
annotation columns of an earlier quarantine export left out).

``issues.parquet``: one row per (row, column, rule) for every reject, flag and repair:
``file_name``, ``row_number`` int64, ``kind``, ``column``, ``rule_code``, ``severity``,
``original_value`` (as in the file), ``new_value`` (the value in the clean output; null for a
reject and for a flag that cleared the value).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

import duckdb

from dtks.domain.rules import KEEPS_VALUE
from dtks.pipeline.intake.crossfile import Staged
from dtks.pipeline.intake.plans import FLAG_NULLABLE
from dtks.pipeline.intake.rules_sql import Plan
from dtks.pipeline.intake.staging import quote_ident, quote_literal

VALID_FILE = "{kind}_valid.parquet"
QUARANTINE_FILE = "quarantine.parquet"
ISSUES_FILE = "issues.parquet"


class FileCounts(TypedDict):
    read: int
    valid: int
    repaired: int
    flagged: int
    quarantined: int
    by_rule: dict[str, int]


def _copy(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> None:
    con.execute(f"COPY ({sql}) TO {quote_literal(str(path))} (FORMAT parquet, COMPRESSION snappy)")


def mark_outcome(con: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    """Record on ``s_<kind>`` which rows are rejected (``_rejected``) and which values a
    flag cleared (``_cleared_<column>``), so that the valid output is one ordered scan."""
    kind = plan.kind
    keeps = ", ".join(quote_literal(code) for code in sorted(KEEPS_VALUE))
    rows_of = f"SELECT row_number FROM issues WHERE kind = '{kind}' AND severity = "
    marks = {"_rejected": f"{rows_of}'reject'"}
    for column in FLAG_NULLABLE[kind]:
        marks[f"_cleared_{column}"] = (
            f"{rows_of}'flag' AND \"column\" = '{column}' AND rule_code NOT IN ({keeps})"
        )
    for mark, rows in marks.items():
        con.execute(f"ALTER TABLE s_{kind} ADD COLUMN {mark} BOOLEAN DEFAULT false")
        con.execute(f"UPDATE s_{kind} SET {mark} = true WHERE row_number IN ({rows})")


def write_valid(con: duckdb.DuckDBPyConnection, plan: Plan, path: Path) -> None:
    """The valid rows of ``s_<kind>`` in file order (after ``mark_outcome``)."""
    selects = ["row_number"]
    originals = []
    for output in plan.outputs:
        expr = f"CAST({output.expr} AS {output.sql_type})"
        if output.name in FLAG_NULLABLE[plan.kind]:
            cleared = f"_cleared_{output.name}"
            expr = f"CASE WHEN {cleared} THEN NULL ELSE {expr} END"
            if output.keeps_original:
                originals.append(
                    f"CASE WHEN {cleared} THEN nullif({quote_ident(output.name)}, '') END "
                    f"AS {quote_ident(output.name + '_asli')}"
                )
        selects.append(f"{expr} AS {quote_ident(output.name)}")
    sql = f"SELECT {', '.join(selects + originals)} FROM s_{plan.kind} WHERE NOT _rejected"
    _copy(con, sql, path)


def _kind_order(staged: dict[str, Staged]) -> str:
    cases = " ".join(f"WHEN '{kind}' THEN {i}" for i, kind in enumerate(staged))
    return f"CASE kind {cases} END"


def write_quarantine(con: duckdb.DuckDBPyConnection, staged: dict[str, Staged], path: Path) -> None:
    originals = []
    for kind, info in staged.items():
        pairs = ", ".join(f"{quote_literal(c)}, s.{quote_ident(c)}" for c in info.columns)
        originals.append(
            f"SELECT '{kind}' AS kind, s.row_number, json_object({pairs}) AS original "
            f"FROM s_{kind} s WHERE s.row_number IN (SELECT row_number FROM issues "
            f"WHERE kind = '{kind}' AND severity = 'reject')"
        )
    sql = (
        "WITH r AS (SELECT * FROM issues WHERE severity = 'reject'), "
        "cols AS (SELECT kind, row_number, string_agg(\"column\", ',' ORDER BY pos) AS columns "
        'FROM (SELECT kind, row_number, "column", min(col_pos) AS pos FROM r '
        "WHERE \"column\" <> '' GROUP BY ALL) GROUP BY ALL), "
        "codes AS (SELECT kind, row_number, string_agg(rule_code, ',' ORDER BY pos, rule_code) "
        "AS rule_codes FROM (SELECT kind, row_number, rule_code, min(col_pos) AS pos FROM r "
        "GROUP BY ALL) GROUP BY ALL), "
        "msgs AS (SELECT kind, file_name, row_number, string_agg(CASE WHEN \"column\" = '' "
        "THEN m.message ELSE \"column\" || ': ' || m.message END, '; ' "
        "ORDER BY col_pos, rule_code) AS messages FROM r JOIN ref_rules m "
        "ON m.code = r.rule_code GROUP BY ALL), "
        f"orig AS ({' UNION ALL '.join(originals)}) "
        "SELECT file_name, row_number, kind, coalesce(columns, '') AS columns, rule_codes, "
        "messages, original FROM msgs LEFT JOIN cols USING (kind, row_number) "
        "JOIN codes USING (kind, row_number) JOIN orig USING (kind, row_number) "
        f"ORDER BY {_kind_order(staged)}, row_number"
    )
    _copy(con, sql, path)


def write_issues(con: duckdb.DuckDBPyConnection, staged: dict[str, Staged], path: Path) -> None:
    sql = (
        'SELECT file_name, row_number, kind, "column", rule_code, severity, original_value, '
        f"new_value FROM issues ORDER BY {_kind_order(staged)}, row_number, col_pos, rule_code"
    )
    _copy(con, sql, path)


def count(con: duckdb.DuckDBPyConnection, staged: dict[str, Staged]) -> dict[str, FileCounts]:
    counts: dict[str, FileCounts] = {}
    for kind, info in staged.items():
        read = _scalar(con, f"SELECT count(*) FROM s_{kind}")
        rejected = f"(SELECT row_number FROM issues WHERE kind = '{kind}' AND severity = 'reject')"
        rows = {}
        for severity in ("reject", "repair", "flag"):
            rows[severity] = _scalar(
                con,
                f"SELECT count(DISTINCT row_number) FROM issues WHERE kind = '{kind}' "
                f"AND severity = '{severity}'"
                + (f" AND row_number NOT IN {rejected}" if severity != "reject" else ""),
            )
        by_rule = dict(
            con.execute(
                f"SELECT rule_code, count(*) FROM issues WHERE kind = '{kind}' "
                "GROUP BY rule_code ORDER BY rule_code"
            ).fetchall()
        )
        counts[info.file_name] = FileCounts(
            read=read,
            valid=read - rows["reject"],
            repaired=rows["repair"],
            flagged=rows["flag"],
            quarantined=rows["reject"],
            by_rule=by_rule,
        )
    return counts


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
