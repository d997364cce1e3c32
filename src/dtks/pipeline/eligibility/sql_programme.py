"""One programme's rules compiled to one portable SQL query over the person base table.

The query returns one row per unit considered: its identity, ``eligible``, ``amount`` and the
``components`` and ``reasons`` JSON. Inside, every reason has a pass column ``p_<i>`` and a
detail column ``d_<i>``, and every component the members counted after the cap ``k_<i>``;
``reasons.py`` writes the JSON from those columns.

Units: a ``keluarga`` programme considers every family (one row per ``fam_ref``, read from its
head's row); an ``anggota`` programme considers every person meeting ``members``. Components
count living members (for ``anggota`` units: the person), each member in the first component
it meets, in document order; the cap keeps the largest components.
"""

from __future__ import annotations

from dataclasses import dataclass

from dtks.domain.eligibility import ProgrammeRules
from dtks.pipeline.eligibility.reasons import (
    ComponentColumn,
    ReasonColumn,
    components_sql,
    reasons_sql,
)
from dtks.pipeline.eligibility.sql_base import BASE_VIEW
from dtks.pipeline.eligibility.sql_conditions import conditions_sql, describe_sql, literal


@dataclass(frozen=True)
class ProgrammeQuery:
    rules: ProgrammeRules
    sql: str
    reasons: tuple[ReasonColumn, ...]
    components: tuple[ComponentColumn, ...]


def _desil_label(desil_max: int) -> str:
    return "Desil 1" if desil_max == 1 else f"Desil 1-{desil_max}"


def _component_matches(rules: ProgrammeRules, alias: str) -> list[str]:
    """Per component: the member meets it and none before it (first match counts)."""
    matches: list[str] = []
    earlier: list[str] = []
    for component in rules.components:
        own = conditions_sql(component.when, alias)
        matches.append(" AND ".join([f"({own})", *(f"NOT ({e})" for e in earlier)]))
        earlier.append(own)
    return matches


def _kept_sql(rules: ProgrammeRules) -> list[str]:
    """Per component (columns c_<i>): members counted once the cap keeps the largest."""
    if rules.component_cap is None:
        return [f"u.c_{i}" for i in range(len(rules.components))]
    order = sorted(range(len(rules.components)), key=lambda i: -rules.components[i].amount)
    cap, kept = rules.component_cap, [""] * len(order)
    before: list[str] = []
    for i in order:
        used = f"least({' + '.join(before)}, {cap})" if before else "0"
        kept[i] = f"least(u.c_{i}, {cap} - {used})"
        before.append(f"u.c_{i}")
    return kept


class _Builder:
    def __init__(self, rules: ProgrammeRules) -> None:
        self.rules = rules
        self.reasons: list[ReasonColumn] = []
        self.unit_columns: list[str] = []  # the columns of the CTE ``u`` (one row per unit)

    def reason(
        self, code: str, label: str, passed: str, detail: str, *, when_failed: bool = False
    ) -> None:
        index = len(self.reasons)
        self.reasons.append(ReasonColumn(code, label, index, when_failed))
        self.unit_columns += [f"{passed} AS p_{index}", f"{detail} AS d_{index}"]


def programme_query(rules: ProgrammeRules) -> ProgrammeQuery:
    """The SQL and the column layout of one programme's decisions."""
    family = rules.unit == "keluarga"
    unit = "k" if family else "p"  # the row holding the unit's own fields
    b = _Builder(rules)
    aggregates: list[str] = []

    b.reason(
        "desil",
        _desil_label(rules.desil_max),
        f"coalesce({unit}.desil <= {rules.desil_max}, false)",
        f"CASE WHEN {unit}.desil IS NULL THEN 'belum ada desil'"
        f" ELSE 'desil ' || CAST({unit}.desil AS STRING) END",
    )
    if rules.members:
        b.reason("sasaran", "Sasaran program", "true", describe_sql(rules.members, unit))

    counts = []
    for i, match in enumerate(_component_matches(rules, "m" if family else "p")):
        if family:
            aggregates.append(
                f"CAST(sum(CASE WHEN m.hidup = 1 AND {match} THEN 1 ELSE 0 END) AS INT) AS c_{i}"
            )
            counts.append(f"a.c_{i}")
        else:
            counts.append(f"CASE WHEN {match} THEN 1 ELSE 0 END")
    b.unit_columns += [f"{count} AS c_{i}" for i, count in enumerate(counts)]

    level_amount = "CAST(0 AS BIGINT)"
    if rules.amounts:
        cases = " ".join(
            f"WHEN {conditions_sql(a.when, unit)} THEN CAST({a.amount} AS BIGINT)"
            for a in rules.amounts
        )
        level_amount = f"CASE {cases} END"
        fields = tuple(c for a in rules.amounts for c in a.when)
        b.reason(
            "besaran",
            "Besaran bantuan sesuai ketentuan",
            f"({level_amount}) IS NOT NULL",
            describe_sql(fields, unit),
        )
    b.unit_columns.append(f"{level_amount} AS level_amount")

    head_join = ""
    for j, exclusion in enumerate(rules.exclusions):
        if exclusion.scope == "any_member":
            member_hit = conditions_sql(exclusion.when, "m")
            aggregates.append(
                f"CAST(sum(CASE WHEN m.hidup = 1 AND {member_hit} THEN 1 ELSE 0 END) AS INT)"
                f" AS x_{j}"
            )
            hit, detail = (
                f"coalesce(a.x_{j}, 0) > 0",
                f"CAST(coalesce(a.x_{j}, 0) AS STRING) || ' anggota'",
            )
        else:
            alias = "k" if exclusion.scope == "kepala" else unit
            if alias == "k" and not family:
                head_join = f"LEFT JOIN {BASE_VIEW} k ON k.fam_ref = p.fam_ref AND k.kepala"
            hit, detail = conditions_sql(exclusion.when, alias), describe_sql(exclusion.when, alias)
        if exclusion.scope == "kepala" and not family:
            detail = f"'kepala: ' || {detail}"
        # The detail of an exclusion is given where it applies (keeps the reasons short).
        b.reason(
            exclusion.code,
            exclusion.label,
            f"NOT ({hit})",
            f"CASE WHEN {hit} THEN {detail} END",
            when_failed=True,
        )

    sql = _assemble(rules, b, aggregates, head_join, unit)
    return ProgrammeQuery(rules, sql, tuple(b.reasons), _component_columns(rules))


def _component_columns(rules: ProgrammeRules) -> tuple[ComponentColumn, ...]:
    return tuple(
        ComponentColumn(c.code, c.label, c.amount, i) for i, c in enumerate(rules.components)
    )


def _quota_sql(rules: ProgrammeRules) -> tuple[str, str]:
    """The unit's quota region (longest matching prefix) and that region's quota."""
    if not rules.quota:
        return "CAST(NULL AS STRING)", "CAST(NULL AS INT)"
    ordered = sorted(rules.quota, key=lambda item: -len(item[0]))
    region = " ".join(
        f"WHEN substr(v.kode_wilayah, 1, {len(prefix)}) = {literal(prefix)} THEN {literal(prefix)}"
        for prefix, _ in ordered
    )
    limit = " ".join(f"WHEN {literal(prefix)} THEN {count}" for prefix, count in ordered)
    return f"CASE {region} END", f"CASE w.quota_region {limit} END"


def _source(rules: ProgrammeRules, aggregates: list[str], head_join: str) -> tuple[str, str, str]:
    """The CTE of family aggregates (or ""), the unit rows' FROM clause and their identity."""
    family = rules.unit == "keluarga"
    agg_cte = ""
    agg_join = ""
    if aggregates:
        agg_cte = (
            f"a AS (SELECT m.fam_ref, {', '.join(aggregates)} FROM {BASE_VIEW} m"
            " GROUP BY m.fam_ref),"
        )
        agg_join = "LEFT JOIN a ON a.fam_ref = " + ("k.fam_ref" if family else "p.fam_ref")
    if family:
        source = f"{BASE_VIEW} k {agg_join} WHERE k.kepala"
        identity = "k.fam_ref AS unit_ref, k.household_ref, CAST(NULL AS STRING) AS person_ref"
    else:
        members = conditions_sql(rules.members, "p")
        source = f"{BASE_VIEW} p {agg_join} {head_join} WHERE {members}"
        identity = "p.person_ref AS unit_ref, p.household_ref, p.person_ref"
    return agg_cte, source, identity


def _assemble(
    rules: ProgrammeRules, b: _Builder, aggregates: list[str], head_join: str, unit: str
) -> str:
    agg_cte, source, identity = _source(rules, aggregates, head_join)
    n_components = len(rules.components)
    kept = _kept_sql(rules)
    component_columns = "".join(f", {k} AS k_{i}" for i, k in enumerate(kept))
    component_amount = " + ".join(
        f"CAST({k} AS BIGINT) * {c.amount}" for k, c in zip(kept, rules.components, strict=True)
    )
    candidate = " AND ".join(f"v.p_{r.index}" for r in b.reasons)
    if n_components:
        total = " + ".join(f"u.c_{i}" for i in range(n_components))
        cap = rules.component_cap
        capped = (
            f"WHEN {total} > {cap} THEN CAST({total} AS STRING) || ' komponen, dihitung {cap}'"
            if cap
            else ""
        )
        index = len(b.reasons)
        component_columns += (
            f", {f'{total} > 0' if rules.requires_component else 'true'} AS p_{index}"
            f", CASE WHEN {total} = 0 THEN 'tidak ada komponen' {capped}"
            f" ELSE CAST({total} AS STRING) || ' komponen' END AS d_{index}"
        )
        b.reasons.append(ReasonColumn("komponen", "Memiliki komponen bantuan", index))
        candidate += f" AND v.p_{index}"
    region, limit = _quota_sql(rules)
    rank = "CAST(NULL AS INT)"
    if rules.quota:
        rank = (
            "CASE WHEN w.candidate AND w.quota_region IS NOT NULL THEN row_number() OVER ("
            " PARTITION BY w.quota_region, w.candidate"
            " ORDER BY w.welfare ASC NULLS LAST, w.unit_ref) END"
        )
        b.reasons.append(ReasonColumn("kuota", "Kuota wilayah", len(b.reasons)))
    quota_index = len(b.reasons) - 1 if rules.quota else len(b.reasons)
    within = "(r.quota_rank IS NULL OR r.quota_rank <= r.quota_limit)"
    return f"""
WITH {agg_cte}
u AS (
  SELECT {identity}, {unit}.kode_wilayah, {unit}.welfare, {", ".join(b.unit_columns)}
  FROM {source}
),
v AS (
  SELECT u.*{component_columns},
    {component_amount or "CAST(0 AS BIGINT)"} + coalesce(u.level_amount, 0) + {rules.fixed_amount}
      AS full_amount
  FROM u
),
w AS (SELECT v.*, {candidate} AS candidate, {region} AS quota_region FROM v),
q AS (SELECT w.*, {rank} AS quota_rank, {limit} AS quota_limit FROM w),
r AS (
  SELECT q.*, q.candidate AND (q.quota_rank IS NULL OR q.quota_rank <= q.quota_limit) AS eligible
  FROM q
),
t AS (
  SELECT r.*, {within} AS p_{quota_index},
    CASE WHEN r.quota_region IS NULL THEN 'tanpa kuota'
      WHEN NOT r.candidate THEN 'tidak diperingkat (syarat lain tidak terpenuhi)'
      ELSE 'peringkat ' || CAST(r.quota_rank AS STRING) || ' dari kuota '
        || CAST(r.quota_limit AS STRING) || ' wilayah ' || r.quota_region END AS d_{quota_index}
  FROM r
  ORDER BY r.unit_ref, r.household_ref
)
SELECT t.unit_ref, t.household_ref, t.person_ref, t.kode_wilayah, t.welfare, t.eligible,
  CASE WHEN t.eligible THEN CAST(t.full_amount AS BIGINT) ELSE CAST(0 AS BIGINT) END AS amount,
  {components_sql(_component_columns(rules), "t")} AS components,
  {reasons_sql(tuple(b.reasons), "t")} AS reasons
FROM t
"""
