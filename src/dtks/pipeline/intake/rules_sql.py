"""The SQL expression of each row-level rule, per column type.

A ``Plan`` describes, for one kind of file, the derived columns DuckDB computes over the
staged table ``raw_<kind>`` (layer by layer: a layer may only use columns of earlier layers),
the ``Check``s (rule code, SQL condition, the value after repair) and the typed ``Output``
columns of the clean file. Naming: ``t_<col>`` is the trimmed text, ``v_<col>`` the typed
value; the raw column ``<col>`` keeps the original text. Everything runs set-based in DuckDB;
nothing is evaluated per row in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dtks.domain.rules import RULES
from dtks.pipeline.intake.staging import quote_ident, quote_literal

# Python's str.isspace() characters, so trimming agrees with ``str.strip()`` (and nik.py).
WHITESPACE = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_WS_SQL = quote_literal(WHITESPACE)
_INNER_WS = r"[\s\x{a0}\x{2000}-\x{200a}\x{202f}\x{3000}]"
_ODD_WS = r"[\t\n\r\f\v\x{a0}\x{2000}-\x{200a}\x{202f}\x{3000}]"
_TITLE_TOKENS = r"'[^\s.,/()\-]+|[\s.,/()\-]+'"
EXCEL_EPOCH = "DATE '1899-12-30'"
LAYERS = 7
# Derived columns the rules across rows and files (``crossfile``) read.
KEPT_FOR_CROSS_RULES = (
    "t_record_id",
    "t_household_ref",
    "t_nik",
    "t_no_kk",
    "n_nama",
    "v_tanggal_lahir",
    "v_jenis_kelamin",
    "v_hubungan",
    "v_hamil",
)


@dataclass(frozen=True)
class Check:
    column: str
    rule: str
    when: str
    new_value: str = "NULL"

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity


@dataclass(frozen=True)
class Output:
    name: str
    expr: str
    sql_type: str
    keeps_original: bool = False  # add <name>_asli: the original text when a flag nulled it


@dataclass
class Plan:
    kind: str
    columns: tuple[str, ...]
    reference: date
    layers: list[list[tuple[str, str]]] = field(default_factory=lambda: [[] for _ in range(LAYERS)])
    checks: list[Check] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)

    def derive(self, layer: int, alias: str, expr: str) -> str:
        self.layers[layer].append((alias, expr))
        return alias

    def check(self, column: str, rule: str, when: str, new_value: str = "NULL") -> None:
        self.checks.append(Check(column, rule, when, new_value))

    def output(self, name: str, expr: str, sql_type: str, *, keeps_original: bool = False) -> None:
        self.outputs.append(Output(name, expr, sql_type, keeps_original))

    @property
    def today(self) -> str:
        return f"DATE '{self.reference.isoformat()}'"

    def staged_select(self, source: str, keep: tuple[str, ...] = ()) -> str:
        """The query of the staged table: ``row_number``, ``_fields``, the raw columns, the
        derived columns the outputs, repairs and cross-file rules use, and one boolean
        ``c<i>`` per check (so that every condition is computed once)."""
        layers = [*self.layers, [(f"c{i}", c.when) for i, c in enumerate(self.checks)]]
        sql = f"SELECT * FROM {source}"
        for layer in layers:
            if layer:
                derived = ", ".join(f"{expr} AS {alias}" for alias, expr in layer)
                sql = f"SELECT *, {derived} FROM ({sql})"
        used = " ".join([o.expr for o in self.outputs] + [c.new_value for c in self.checks])
        names = set(re.findall(r"[a-z_][a-z0-9_]*", used)) | set(KEPT_FOR_CROSS_RULES)
        kept = [alias for layer in self.layers for alias, _ in layer if alias in names]
        columns = [
            *(keep or ("row_number", "_fields", *(quote_ident(c) for c in self.columns))),
            *kept,
            *(f"c{i}" for i in range(len(self.checks))),
        ]
        return f"SELECT {', '.join(columns)} FROM ({sql})"

    # --- column types -------------------------------------------------------------------

    def trimmed(self, col: str) -> str:
        return self.derive(0, f"t_{col}", trim_sql(quote_ident(col)))

    def text(
        self,
        col: str,
        *,
        max_length: int | None = None,
        required: bool = False,
        collapse: bool = True,
        title_case: bool = False,
        empty_is_null: bool = False,
    ) -> None:
        raw = quote_ident(col)
        expr = trim_sql(raw)
        t = self.derive(0, f"t_{col}", collapse_sql(expr) if collapse else expr)
        value = t
        if title_case:
            value = self.derive(1, f"n_{col}", title_case_sql(t))
            self.check(col, "huruf_nama_dinormalkan", f"{value} <> {t}", value)
        self.check(col, "spasi_dirapikan", f"{t} <> {raw}", t)
        if required:
            self.check(col, "wajib_kosong", f"{value} = ''")
        if max_length is not None:
            self.check(col, "teks_terlalu_panjang", f"length({value}) > {max_length}")
        self.output(col, f"nullif({value}, '')" if empty_is_null else value, "VARCHAR")

    def code(self, col: str, values: tuple[int, ...]) -> None:
        t = self.trimmed(col)
        v = self.derive(
            1,
            f"v_{col}",
            rf"TRY_CAST(regexp_extract({t}, '^([0-9]{{1,4}})(?:\.0+)?$', 1) AS SMALLINT)",
        )
        allowed = ", ".join(str(x) for x in values)
        self.check(
            col, "kode_tidak_dikenal", f"{t} <> '' AND ({v} IS NULL OR {v} NOT IN ({allowed}))"
        )
        self.check(
            col,
            "kode_dinormalkan",
            f"{v} IN ({allowed}) AND {quote_ident(col)} <> CAST({v} AS VARCHAR)",
            f"CAST({v} AS VARCHAR)",
        )
        self.output(col, f"CASE WHEN {v} IN ({allowed}) THEN {v} END", "SMALLINT")

    def sex(self, col: str) -> None:
        t = self.trimmed(col)
        v = self.derive(
            1,
            f"v_{col}",
            f"CASE WHEN upper({t}) IN ('L', '1', 'LK', 'LAKI-LAKI', 'LAKI LAKI', 'LAKI') THEN 1 "
            f"WHEN upper({t}) IN ('P', '2', 'PR', 'PEREMPUAN', 'WANITA') THEN 2 END::SMALLINT",
        )
        letter = f"CASE {v} WHEN 1 THEN 'L' WHEN 2 THEN 'P' END"
        self.check(col, "kode_tidak_dikenal", f"{t} <> '' AND {v} IS NULL")
        self.check(col, "kode_dinormalkan", f"{quote_ident(col)} <> {letter}", letter)
        self.output(col, v, "SMALLINT")

    def yes_no(self, col: str, *, alternating: bool) -> None:
        t = self.trimmed(col)
        i = self.derive(
            1,
            f"i_{col}",
            rf"TRY_CAST(regexp_extract({t}, '^([0-9]{{1,2}})(?:\.0+)?$', 1) AS SMALLINT)",
        )
        alt = f" WHEN {i} = 3 THEN true WHEN {i} = 4 THEN false" if alternating else ""
        v = self.derive(
            2, f"v_{col}", f"CASE WHEN {i} = 1 THEN true WHEN {i} = 2 THEN false{alt} END"
        )
        self.check(col, "kode_tidak_dikenal", f"{t} <> '' AND {v} IS NULL")
        if alternating:
            self.check(
                col,
                "ya_tidak_dinormalkan",
                f"{i} IN (3, 4)",
                f"CASE {i} WHEN 3 THEN '1' ELSE '2' END",
            )
        self.check(
            col,
            "kode_dinormalkan",
            f"{i} IN (1, 2) AND {quote_ident(col)} <> CAST({i} AS VARCHAR)",
            f"CAST({i} AS VARCHAR)",
        )
        self.output(col, v, "BOOLEAN")

    def number(self, col: str, *, valid: str) -> None:
        """A decimal number (DOUBLE); ``valid`` is a condition on ``{v}``."""
        t = self.trimmed(col)
        n = self.derive(
            1,
            f"n_{col}",
            f"CASE WHEN regexp_full_match({t}, '-?[0-9]+,[0-9]+') "
            f"THEN replace({t}, ',', '.') ELSE {t} END",
        )
        v = self.derive(
            2,
            f"v_{col}",
            rf"CASE WHEN regexp_full_match({n}, '-?([0-9]+(\.[0-9]*)?|\.[0-9]+)') "
            f"THEN TRY_CAST({n} AS DOUBLE) END",
        )
        self.check(col, "bukan_angka", f"{t} <> '' AND {v} IS NULL")
        self.check(col, "nilai_di_luar_batas", f"{v} IS NOT NULL AND NOT ({valid.format(v=v)})")
        self.check(col, "angka_dinormalkan", f"{v} IS NOT NULL AND {n} <> {t}", n)
        self.output(col, v, "DOUBLE")

    def count(self, col: str, *, valid: str) -> None:
        """A whole number (INTEGER); ``valid`` is a condition on ``{v}``."""
        t = self.trimmed(col)
        v = self.derive(
            1,
            f"v_{col}",
            rf"TRY_CAST(regexp_extract({t}, '^(-?[0-9]{{1,9}})(?:\.0+)?$', 1) AS INTEGER)",
        )
        self.check(col, "bukan_angka", f"{t} <> '' AND {v} IS NULL")
        self.check(col, "nilai_di_luar_batas", f"{v} IS NOT NULL AND NOT ({valid.format(v=v)})")
        self.check(
            col,
            "angka_dinormalkan",
            f"{v} IS NOT NULL AND {quote_ident(col)} <> CAST({v} AS VARCHAR)",
            f"CAST({v} AS VARCHAR)",
        )
        self.output(col, v, "INTEGER")

    def date(self, col: str, *, birth: bool = False) -> None:
        t = self.trimmed(col)
        iso = self.derive(
            1,
            f"iso_{col}",
            f"regexp_extract({t}, '^([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}})"
            rf"(?:[ T]00:00(?::00(?:\.0+)?)?)?$', ['y', 'm', 'd'])",
        )
        dmy = self.derive(
            1,
            f"dmy_{col}",
            f"regexp_extract({t}, '^([0-9]{{1,2}})[/.-]([0-9]{{1,2}})[/.-]([0-9]{{4}})$', "
            "['d', 'm', 'y'])",
        )
        serial = self.derive(
            1,
            f"ser_{col}",
            rf"TRY_CAST(regexp_extract({t}, '^([0-9]{{1,5}})(?:\.0+)?$', 1) AS INTEGER)",
        )
        v = self.derive(
            2,
            f"v_{col}",
            f"CASE WHEN {iso}.y <> '' THEN {date_sql(f'{iso}.y', f'{iso}.m', f'{iso}.d')} "
            f"WHEN {dmy}.y <> '' THEN {date_sql(f'{dmy}.y', f'{dmy}.m', f'{dmy}.d')} "
            f"WHEN {serial} BETWEEN 1 AND 60000 THEN {EXCEL_EPOCH} + {serial} END",
        )
        iso_text = f"strftime({v}, '%Y-%m-%d')"
        self.check(col, "tanggal_tidak_valid", f"{t} <> '' AND {v} IS NULL")
        self.check(col, "tanggal_masa_depan", f"{v} > {self.today}")
        self.check(col, "tanggal_sebelum_1900", f"{v} < DATE '1900-01-01'")
        acceptable = f"{v} BETWEEN DATE '1900-01-01' AND {self.today}"
        if birth:
            limit = f"CAST({self.today} - INTERVAL 120 YEAR AS DATE)"
            self.check(col, "umur_lebih_120", f"{v} >= DATE '1900-01-01' AND {v} < {limit}")
        self.check(
            col,
            "tanggal_serial_excel",
            f"{acceptable} AND {iso}.y = '' AND {dmy}.y = ''",
            iso_text,
        )
        self.check(
            col,
            "tanggal_dinormalkan",
            f"{acceptable} AND ({iso}.y <> '' OR {dmy}.y <> '') "
            f"AND {quote_ident(col)} <> {iso_text}",
            iso_text,
        )
        self.output(col, v, "DATE")

    def rt_rw(self, col: str) -> None:
        t = self.trimmed(col)
        v = self.derive(
            1, f"v_{col}", f"TRY_CAST(regexp_extract({t}, '^([0-9]{{1,6}})$', 1) AS INTEGER)"
        )
        clean = f"CASE WHEN {t} = '' THEN '' ELSE lpad(CAST({v} AS VARCHAR), 3, '0') END"
        self.check(col, "rt_rw_tidak_valid", f"{t} <> '' AND ({v} IS NULL OR {v} > 999)")
        self.check(
            col,
            "rt_rw_dinormalkan",
            f"{t} <> '' AND {v} <= 999 AND {quote_ident(col)} <> {clean}",
            clean,
        )
        self.output(col, clean, "VARCHAR")

    def village(self, col: str, *, required: bool) -> None:
        t = self.trimmed(col)
        k = self.derive(
            1,
            f"k_{col}",
            rf"CASE WHEN regexp_full_match({t}, '[0-9]{{2}}\.[0-9]{{2}}\.[0-9]{{2}}\.[0-9]{{4}}') "
            f"THEN {t} WHEN regexp_full_match({t}, '[0-9]{{10}}') THEN substr({t}, 1, 2) || '.' || "
            f"substr({t}, 3, 2) || '.' || substr({t}, 5, 2) || '.' || substr({t}, 7, 4) END",
        )
        ok = self.derive(2, f"ok_{col}", f"coalesce({k} IN (SELECT code FROM ref_desa), false)")
        if required:
            self.check(col, "wajib_kosong", f"{t} = ''")
        self.check(col, "kode_wilayah_tidak_dikenal", f"{t} <> '' AND NOT {ok}")
        self.check(col, "kode_wilayah_tanpa_titik", f"{ok} AND {k} <> {t}", k)
        self.check(col, "spasi_dirapikan", f"{ok} AND {k} = {t} AND {t} <> {quote_ident(col)}", t)
        self.output(col, f"CASE WHEN {ok} THEN {k} END", "VARCHAR")


def trim_sql(expr: str) -> str:
    """Trim Python whitespace; the cheap test of the first and last character spares the
    (slow) trim with a character set for the usual value that needs none."""
    x = f"coalesce({expr}, '')"
    return (
        f"CASE WHEN ascii({x}) BETWEEN 33 AND 126 AND ord({x}[-1]) BETWEEN 33 AND 126 "
        f"THEN {x} ELSE trim({x}, {_WS_SQL}) END"
    )


def collapse_sql(t: str) -> str:
    """Runs of whitespace inside a trimmed text become one space."""
    return (
        f"CASE WHEN regexp_matches({t}, '{_INNER_WS}{{2}}|{_ODD_WS}') "
        f"THEN regexp_replace({t}, '{_INNER_WS}+', ' ', 'g') ELSE {t} END"
    )


def title_case_sql(t: str) -> str:
    """Title case (``SITI AMINAH, S.PD`` -> ``Siti Aminah, S.Pd``) when the whole text is in
    upper or in lower case; otherwise the text unchanged."""
    return (
        f"CASE WHEN ({t} = upper({t}) AND {t} <> lower({t})) OR ({t} = lower({t}) AND "
        f"{t} <> upper({t})) THEN array_to_string(list_transform(regexp_extract_all("
        f"lower({t}), {_TITLE_TOKENS}), lambda w: upper(w[1]) || w[2:]), '') ELSE {t} END"
    )


def real_date_sql(y: str, m: str, d: str) -> str:
    """Whether integers y-m-d form a real Gregorian date."""
    leap = f"({y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0))"
    days = (
        f"CASE WHEN {m} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END "
        f"WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    return f"({m} BETWEEN 1 AND 12 AND {d} >= 1 AND {d} <= {days})"


def date_sql(y: str, m: str, d: str) -> str:
    """The DATE of text parts y, m, d, or NULL when they are not a real date."""
    yi, mi, di = (f"TRY_CAST({x} AS INTEGER)" for x in (y, m, d))
    return f"CASE WHEN {real_date_sql(yi, mi, di)} THEN make_date({yi}, {mi}, {di}) END"
