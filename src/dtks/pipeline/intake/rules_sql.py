"""The row-level rules as SQL: the ``Plan`` of a kind of file and its fast path.

A ``Plan`` describes, for one kind of file, the derived columns DuckDB computes over the
staged table ``raw_<kind>`` (layer by layer: a layer may only use columns of earlier layers),
the ``Check``s (rule code, SQL condition, the value after repair) and the typed ``Output``
columns of the clean file. The column types (text, codes, dates, ...) are built by
``columns_text`` and ``columns_values``, the NIK and No. KK by ``identity_sql``. Naming:
``g_<col>`` is the column's fast-path guard, ``t_<col>`` the trimmed text, ``v_<col>`` the
typed value; the raw column ``<col>`` keeps the original text. Everything runs set-based in
DuckDB; nothing is evaluated per row in Python.

Fast path: most cells are already canonical (``1``, ``003``, ``1985-07-05``, ``Budi
Santoso``). Each column type has a cheap guard that is true only for values no rule of that
column would touch; for those cells the derived columns take their value directly and the
checks are false without being evaluated. The guard is a sufficient condition: anything it
does not recognise takes the full path, which decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dtks.domain.rules import RULES
from dtks.pipeline.intake.sql_text import trim_sql
from dtks.pipeline.intake.staging import quote_ident

LAYERS = 8
# The fast path can be switched off (tests check that both paths give the same result).
FAST_PATH = True
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


def _guarded(guard: str | None, fast: str, slow: str) -> str:
    return slow if guard is None else f"CASE WHEN {guard} THEN {fast} ELSE {slow} END"


@dataclass
class Plan:
    kind: str
    columns: tuple[str, ...]
    reference: date
    layers: list[list[tuple[str, str]]] = field(default_factory=lambda: [[] for _ in range(LAYERS)])
    checks: list[Check] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)

    def derive(
        self, layer: int, alias: str, expr: str, *, guard: str | None = None, fast: str = "NULL"
    ) -> str:
        self.layers[layer].append((alias, _guarded(guard, fast, expr)))
        return alias

    def check(
        self,
        column: str,
        rule: str,
        when: str,
        new_value: str = "NULL",
        *,
        guard: str | None = None,
    ) -> None:
        self.checks.append(Check(column, rule, _guarded(guard, "false", when), new_value))

    def output(
        self,
        name: str,
        expr: str,
        sql_type: str,
        *,
        guard: str | None = None,
        fast: str = "NULL",
        keeps_original: bool = False,
    ) -> None:
        self.outputs.append(Output(name, _guarded(guard, fast, expr), sql_type, keeps_original))

    def guard(self, col: str, canonical: str) -> str:
        return self.derive(0, f"g_{col}", f"({canonical})" if FAST_PATH else "false")

    @property
    def today(self) -> str:
        return f"DATE '{self.reference.isoformat()}'"

    def _layered(self, source: str, last: list[tuple[str, str]]) -> str:
        sql = f"SELECT * FROM {source}"
        for layer in [*self.layers, last]:
            if layer:
                derived = ", ".join(f"{expr} AS {alias}" for alias, expr in layer)
                sql = f"SELECT *, {derived} FROM ({sql})"
        return sql

    def _derived_used_by(self, expressions: list[str], extra: tuple[str, ...] = ()) -> list[str]:
        names = set(re.findall(r"[a-z_][a-z0-9_]*", " ".join(expressions))) | set(extra)
        return [alias for layer in self.layers for alias, _ in layer if alias in names]

    def _raw(self) -> tuple[str, ...]:
        return ("row_number", "_fields", *(quote_ident(c) for c in self.columns))

    def staged_select(self, source: str, keep: tuple[str, ...] = ()) -> str:
        """The staged table ``s_<kind>``: ``row_number``, ``_fields``, the raw columns, the
        derived columns the outputs and the cross-file rules use, and ``_any``: whether any
        row-level check fired (then ``checks_select`` finds which)."""
        conditions = [f"({c.when})" for c in self.checks] or ["false"]
        kept = self._derived_used_by([o.expr for o in self.outputs], KEPT_FOR_CROSS_RULES)
        columns = [*(keep or self._raw()), *kept, "_any"]
        sql = self._layered(source, [("_any", f"coalesce({' OR '.join(conditions)}, false)")])
        return f"SELECT {', '.join(columns)} FROM ({sql})"

    def checks_select(self, source: str) -> str:
        """One boolean ``c<i>`` per check, with the derived columns the repaired values use;
        ``source`` holds the raw columns (usually the rows of ``s_<kind>`` with ``_any``)."""
        checks = [(f"c{i}", c.when) for i, c in enumerate(self.checks)]
        kept = self._derived_used_by([c.new_value for c in self.checks])
        columns = [*self._raw(), *kept, *(alias for alias, _ in checks)]
        return f"SELECT {', '.join(columns)} FROM ({self._layered(source, checks)})"

    def trimmed(self, col: str) -> str:
        return self.derive(1, f"t_{col}", trim_sql(quote_ident(col)))
