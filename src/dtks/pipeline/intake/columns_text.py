"""Column rules for text and coded columns (see ``rules_sql`` for the fast path)."""

from __future__ import annotations

from dtks.pipeline.intake.rules_sql import KEPT_FOR_CROSS_RULES, Plan
from dtks.pipeline.intake.sql_text import (
    CLEAN_TEXT,
    collapse_sql,
    in_list_sql,
    title_case_sql,
    trim_sql,
    trimmed_ok_sql,
)
from dtks.pipeline.intake.staging import quote_ident, quote_literal


def text(
    plan: Plan,
    col: str,
    *,
    max_length: int | None = None,
    required: bool = False,
    collapse: bool = True,
    title_case: bool = False,
    empty_is_null: bool = False,
) -> None:
    """Free text: trimmed (Python whitespace), runs of whitespace collapsed (``collapse``),
    all-upper/all-lower names title-cased (``title_case``), required and length limits."""
    raw = quote_ident(col)
    canonical = f"regexp_full_match({raw}, '{CLEAN_TEXT}')" if collapse else trimmed_ok_sql(raw)
    if title_case:  # neither all upper nor all lower case: no case repair
        canonical += f" AND {raw} <> lower({raw}) AND {raw} <> upper({raw})"
    if max_length is not None:
        canonical += f" AND length({raw}) <= {max_length}"
    if required:
        canonical += f" AND {raw} <> ''"
    g = plan.guard(col, canonical)
    # Only the values the cross-file rules read are stored for every row; the others
    # stay NULL on the fast path (the output takes the raw value there).
    t = plan.derive(
        1,
        f"t_{col}",
        collapse_sql(trim_sql(raw)) if collapse else trim_sql(raw),
        guard=g,
        fast=raw if f"t_{col}" in KEPT_FOR_CROSS_RULES else "NULL",
    )
    value = t
    if title_case:
        n = f"n_{col}"
        fast = raw if n in KEPT_FOR_CROSS_RULES else "NULL"
        value = plan.derive(2, n, title_case_sql(t), guard=g, fast=fast)
        plan.check(col, "huruf_nama_dinormalkan", f"{value} <> {t}", value, guard=g)
    plan.check(col, "spasi_dirapikan", f"{t} <> {raw}", t, guard=g)
    if required:
        plan.check(col, "wajib_kosong", f"{value} = ''", guard=g)
    if max_length is not None:
        plan.check(col, "teks_terlalu_panjang", f"length({value}) > {max_length}", guard=g)
    plan.output(
        col,
        f"nullif({value}, '')" if empty_is_null else value,
        "VARCHAR",
        guard=g,
        fast=f"nullif({raw}, '')" if empty_is_null else raw,
    )


def code(plan: Plan, col: str, values: tuple[int, ...]) -> None:
    """A coded column: the integer codes of its ``codes.py`` list (``01``, ``1.0`` repaired)."""
    raw = quote_ident(col)
    canonical = ", ".join(quote_literal(str(v)) for v in (*values, ""))
    g = plan.guard(col, f"{raw} IN ({canonical})")
    t = plan.derive(1, f"t_{col}", trim_sql(raw), guard=g, fast=raw)
    v = plan.derive(
        2,
        f"v_{col}",
        rf"TRY_CAST(regexp_extract({t}, '^([0-9]{{1,4}})(?:\.0+)?$', 1) AS SMALLINT)",
        guard=g,
        fast=f"TRY_CAST({raw} AS SMALLINT)",
    )
    allowed = in_list_sql(v, values)
    plan.check(col, "kode_tidak_dikenal", f"{t} <> '' AND ({v} IS NULL OR NOT {allowed})", guard=g)
    plan.check(
        col,
        "kode_dinormalkan",
        f"{allowed} AND {raw} <> CAST({v} AS VARCHAR)",
        f"CAST({v} AS VARCHAR)",
        guard=g,
    )
    plan.output(col, f"CASE WHEN {allowed} THEN {v} END", "SMALLINT", guard=g, fast=v)


def sex(plan: Plan, col: str) -> None:
    """``jenis_kelamin``: L/P (also l/p, 1/2, Laki-laki/Perempuan, repaired) as 1/2."""
    raw = quote_ident(col)
    g = plan.guard(col, f"{raw} IN ('L', 'P', '')")
    t = plan.derive(1, f"t_{col}", trim_sql(raw), guard=g, fast=raw)
    v = plan.derive(
        2,
        f"v_{col}",
        f"CASE WHEN upper({t}) IN ('L', '1', 'LK', 'LAKI-LAKI', 'LAKI LAKI', 'LAKI') THEN 1 "
        f"WHEN upper({t}) IN ('P', '2', 'PR', 'PEREMPUAN', 'WANITA') THEN 2 END::SMALLINT",
        guard=g,
        fast=f"CASE {raw} WHEN 'L' THEN 1 WHEN 'P' THEN 2 END::SMALLINT",
    )
    letter = f"CASE {v} WHEN 1 THEN 'L' WHEN 2 THEN 'P' END"
    plan.check(col, "kode_tidak_dikenal", f"{t} <> '' AND {v} IS NULL", guard=g)
    plan.check(col, "kode_dinormalkan", f"{raw} <> {letter}", letter, guard=g)
    plan.output(col, v, "SMALLINT")


def yes_no(plan: Plan, col: str, *, alternating: bool) -> None:
    """A yes/no item: 1/2 as true/false; 3/4 too on the even items of ``alternating``
    exports (``codes.yes_no_value``)."""
    raw = quote_ident(col)
    g = plan.guard(col, f"{raw} IN ('1', '2', '')")
    t = plan.derive(1, f"t_{col}", trim_sql(raw), guard=g, fast=raw)
    i = plan.derive(
        2,
        f"i_{col}",
        rf"TRY_CAST(regexp_extract({t}, '^([0-9]{{1,2}})(?:\.0+)?$', 1) AS SMALLINT)",
        guard=g,
    )
    alt = f" WHEN {i} = 3 THEN true WHEN {i} = 4 THEN false" if alternating else ""
    v = plan.derive(
        3,
        f"v_{col}",
        f"CASE WHEN {i} = 1 THEN true WHEN {i} = 2 THEN false{alt} END",
        guard=g,
        fast=f"CASE {raw} WHEN '1' THEN true WHEN '2' THEN false END",
    )
    plan.check(col, "kode_tidak_dikenal", f"{t} <> '' AND {v} IS NULL", guard=g)
    if alternating:
        plan.check(
            col,
            "ya_tidak_dinormalkan",
            f"{i} IN (3, 4)",
            f"CASE {i} WHEN 3 THEN '1' ELSE '2' END",
            guard=g,
        )
    plan.check(
        col,
        "kode_dinormalkan",
        f"{i} IN (1, 2) AND {raw} <> CAST({i} AS VARCHAR)",
        f"CAST({i} AS VARCHAR)",
        guard=g,
    )
    plan.output(col, v, "BOOLEAN")
