"""Column rules for numbers, dates, RT/RW and region codes (see ``rules_sql``)."""

from __future__ import annotations

from dtks.pipeline.intake.rules_sql import Plan
from dtks.pipeline.intake.sql_text import EXCEL_EPOCH, date_sql, trim_sql
from dtks.pipeline.intake.staging import quote_ident


def number(plan: Plan, col: str, *, valid: str) -> None:
    """A decimal number (DOUBLE); ``valid`` is a condition on ``{v}``."""
    raw = quote_ident(col)
    quick = f"TRY_CAST({raw} AS DOUBLE)"
    g = plan.guard(
        col,
        rf"{raw} = '' OR (regexp_full_match({raw}, '[0-9]{{1,9}}(\.[0-9]+)?') "
        f"AND {valid.format(v=quick)})",
    )
    t = plan.derive(1, f"t_{col}", trim_sql(raw), guard=g, fast=raw)
    n = plan.derive(
        2,
        f"n_{col}",
        f"CASE WHEN regexp_full_match({t}, '-?[0-9]+,[0-9]+') "
        f"THEN replace({t}, ',', '.') ELSE {t} END",
        guard=g,
    )
    v = plan.derive(
        3,
        f"v_{col}",
        rf"CASE WHEN regexp_full_match({n}, '-?([0-9]+(\.[0-9]*)?|\.[0-9]+)') "
        f"THEN TRY_CAST({n} AS DOUBLE) END",
        guard=g,
        fast=quick,
    )
    plan.check(col, "bukan_angka", f"{t} <> '' AND {v} IS NULL", guard=g)
    plan.check(
        col, "nilai_di_luar_batas", f"{v} IS NOT NULL AND NOT ({valid.format(v=v)})", guard=g
    )
    plan.check(col, "angka_dinormalkan", f"{v} IS NOT NULL AND {n} <> {t}", n, guard=g)
    plan.output(col, v, "DOUBLE")


def count(plan: Plan, col: str, *, valid: str) -> None:
    """A whole number (INTEGER); ``valid`` is a condition on ``{v}``."""
    raw = quote_ident(col)
    quick = f"TRY_CAST({raw} AS INTEGER)"
    g = plan.guard(
        col,
        f"{raw} = '' OR (regexp_full_match({raw}, '0|[1-9][0-9]{{0,8}}') "
        f"AND {valid.format(v=quick)})",
    )
    t = plan.derive(1, f"t_{col}", trim_sql(raw), guard=g, fast=raw)
    v = plan.derive(
        2,
        f"v_{col}",
        rf"TRY_CAST(regexp_extract({t}, '^(-?[0-9]{{1,9}})(?:\.0+)?$', 1) AS INTEGER)",
        guard=g,
        fast=quick,
    )
    plan.check(col, "bukan_angka", f"{t} <> '' AND {v} IS NULL", guard=g)
    plan.check(
        col, "nilai_di_luar_batas", f"{v} IS NOT NULL AND NOT ({valid.format(v=v)})", guard=g
    )
    plan.check(
        col,
        "angka_dinormalkan",
        f"{v} IS NOT NULL AND {raw} <> CAST({v} AS VARCHAR)",
        f"CAST({v} AS VARCHAR)",
        guard=g,
    )
    plan.output(col, v, "INTEGER")


def date(plan: Plan, col: str, *, birth: bool = False) -> None:
    """A date: ISO kept; D/M/YYYY (``/``, ``-`` or ``.``), YYYY-M-D and Excel serials
    1-60000 repaired; impossible, future and pre-1900 dates (and ages over 120 for a
    ``birth`` date) rejected."""
    raw = quote_ident(col)
    quick = f"TRY_CAST({raw} AS DATE)"
    oldest = "DATE '1900-01-01'"
    if birth:
        oldest = f"greatest({oldest}, CAST({plan.today} - INTERVAL 120 YEAR AS DATE))"
    g = plan.guard(
        col,
        f"{raw} = '' OR (regexp_full_match({raw}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
        f"AND {quick} BETWEEN {oldest} AND {plan.today})",
    )
    t = plan.derive(1, f"t_{col}", trim_sql(raw), guard=g, fast=raw)
    iso = plan.derive(
        2,
        f"iso_{col}",
        f"regexp_extract({t}, '^([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}})"
        rf"(?:[ T]00:00(?::00(?:\.0+)?)?)?$', ['y', 'm', 'd'])",
        guard=g,
    )
    dmy = plan.derive(
        2,
        f"dmy_{col}",
        f"regexp_extract({t}, '^([0-9]{{1,2}})[/.-]([0-9]{{1,2}})[/.-]([0-9]{{4}})$', "
        "['d', 'm', 'y'])",
        guard=g,
    )
    serial = plan.derive(
        2,
        f"ser_{col}",
        rf"TRY_CAST(regexp_extract({t}, '^([0-9]{{1,5}})(?:\.0+)?$', 1) AS INTEGER)",
        guard=g,
    )
    v = plan.derive(
        3,
        f"v_{col}",
        f"CASE WHEN {iso}.y <> '' THEN {date_sql(f'{iso}.y', f'{iso}.m', f'{iso}.d')} "
        f"WHEN {dmy}.y <> '' THEN {date_sql(f'{dmy}.y', f'{dmy}.m', f'{dmy}.d')} "
        f"WHEN {serial} BETWEEN 1 AND 60000 THEN {EXCEL_EPOCH} + {serial} END",
        guard=g,
        fast=quick,
    )
    iso_text = f"strftime({v}, '%Y-%m-%d')"
    plan.check(col, "tanggal_tidak_valid", f"{t} <> '' AND {v} IS NULL", guard=g)
    plan.check(col, "tanggal_masa_depan", f"{v} > {plan.today}", guard=g)
    plan.check(col, "tanggal_sebelum_1900", f"{v} < DATE '1900-01-01'", guard=g)
    acceptable = f"{v} BETWEEN DATE '1900-01-01' AND {plan.today}"
    if birth:
        limit = f"CAST({plan.today} - INTERVAL 120 YEAR AS DATE)"
        plan.check(col, "umur_lebih_120", f"{v} >= DATE '1900-01-01' AND {v} < {limit}", guard=g)
    plan.check(
        col,
        "tanggal_serial_excel",
        f"{acceptable} AND {iso}.y = '' AND {dmy}.y = ''",
        iso_text,
        guard=g,
    )
    plan.check(
        col,
        "tanggal_dinormalkan",
        f"{acceptable} AND ({iso}.y <> '' OR {dmy}.y <> '') AND {raw} <> {iso_text}",
        iso_text,
        guard=g,
    )
    plan.output(col, v, "DATE")


def rt_rw(plan: Plan, col: str) -> None:
    """RT/RW: up to three digits, written with leading zeros (``3`` -> ``003``)."""
    raw = quote_ident(col)
    g = plan.guard(col, f"{raw} = '' OR regexp_full_match({raw}, '[0-9]{{3}}')")
    t = plan.derive(1, f"t_{col}", trim_sql(raw), guard=g, fast=raw)
    v = plan.derive(
        2,
        f"v_{col}",
        f"TRY_CAST(regexp_extract({t}, '^([0-9]{{1,6}})$', 1) AS INTEGER)",
        guard=g,
    )
    clean = f"CASE WHEN {t} = '' THEN '' ELSE lpad(CAST({v} AS VARCHAR), 3, '0') END"
    plan.check(col, "rt_rw_tidak_valid", f"{t} <> '' AND ({v} IS NULL OR {v} > 999)", guard=g)
    plan.check(
        col,
        "rt_rw_dinormalkan",
        f"{t} <> '' AND {v} <= 999 AND {raw} <> {clean}",
        clean,
        guard=g,
    )
    plan.output(col, clean, "VARCHAR", guard=g, fast=raw)


def village(plan: Plan, col: str, *, required: bool) -> None:
    """A village (desa/kelurahan) code of ``ref_desa``; undotted codes repaired."""
    raw = quote_ident(col)
    known = f"{raw} IN (SELECT code FROM ref_desa)"
    g = plan.guard(col, known if required else f"{raw} = '' OR {known}")
    t = plan.derive(1, f"t_{col}", trim_sql(raw), guard=g, fast=raw)
    k = plan.derive(
        2,
        f"k_{col}",
        rf"CASE WHEN regexp_full_match({t}, '[0-9]{{2}}\.[0-9]{{2}}\.[0-9]{{2}}\.[0-9]{{4}}') "
        f"THEN {t} WHEN regexp_full_match({t}, '[0-9]{{10}}') THEN substr({t}, 1, 2) || '.' || "
        f"substr({t}, 3, 2) || '.' || substr({t}, 5, 2) || '.' || substr({t}, 7, 4) END",
        guard=g,
    )
    ok = plan.derive(
        3, f"ok_{col}", f"coalesce({k} IN (SELECT code FROM ref_desa), false)", guard=g
    )
    if required:
        plan.check(col, "wajib_kosong", f"{t} = ''", guard=g)
    plan.check(col, "kode_wilayah_tidak_dikenal", f"{t} <> '' AND NOT {ok}", guard=g)
    plan.check(col, "kode_wilayah_tanpa_titik", f"{ok} AND {k} <> {t}", k, guard=g)
    plan.check(col, "spasi_dirapikan", f"{ok} AND {k} = {t} AND {t} <> {raw}", t, guard=g)
    plan.output(col, f"CASE WHEN {ok} THEN {k} END", "VARCHAR", guard=g, fast=f"nullif({raw}, '')")
