"""The quality report of a linkage run: counts only (no names, no numbers), stored as JSON on
``LinkRun.report`` and shown on the run's page.

Pure (no Django); computed in DuckDB over the run's Arrow tables.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from dtks.domain import codes
from dtks.identity.golden import DECEASED, DEFAULT_RULES, GoldenResult, SurvivorshipRules
from dtks.identity.households import HouseholdPlan
from dtks.pipeline import dbio

REPORT_VERSION = 1
CIVIL_STATUSES = ("hidup", "meninggal", "pindah")
# Programme sources (not the verified base): a deceased person still in one is still paid.
PROGRAMMES = tuple(source for source in codes.SOURCES if source != "DTKS")


def quality_report(
    *,
    records: pa.Table,
    golden: GoldenResult,
    plan: HouseholdPlan,
    link_counts: dict[str, Any],
    review_pairs_queued: int,
    model_version: str = "",
    rules: SurvivorshipRules = DEFAULT_RULES,
    programmes: tuple[str, ...] = PROGRAMMES,
) -> dict[str, Any]:
    """Every figure of the run's quality report; see docs/identity-golden.md for each."""
    duck = duckdb.connect()
    try:
        duck.register("records_in", records.select(["record_id", "source"]))
        duck.register(
            "persons_in",
            golden.persons.select(
                ["person_ref", "status_dukcapil", "has_civil_record", "sources", "n_records"]
            ),
        )
        duck.register("lineage_in", golden.lineage.select(["record_id", "person_ref"]))
        duck.register("unplaced_in", plan.unplaced.select(["person_ref"]))
        duck.execute(
            "CREATE TABLE registered AS SELECT * FROM persons_in "
            "WHERE person_ref NOT IN (SELECT person_ref FROM unplaced_in)"
        )
        by_source = dict(
            duck.execute("SELECT source, count(*) FROM records_in GROUP BY 1 ORDER BY 1").fetchall()
        )
        attached = _one(
            duck,
            "SELECT count(*) FROM lineage_in WHERE person_ref IN "
            "(SELECT person_ref FROM registered)",
        )
        statuses = dict(
            duck.execute(
                "SELECT coalesce(status_dukcapil, ''), count(*) FROM registered GROUP BY 1"
            ).fetchall()
        )
        programme_list = ", ".join(dbio.text_literal(p) for p in programmes) or "NULL"
        deceased = dict(
            duck.execute(
                f"""
                SELECT source, count(DISTINCT person_ref) FROM (
                  SELECT person_ref, unnest(sources) AS source FROM registered
                  WHERE status_dukcapil = '{DECEASED}')
                WHERE source IN ({programme_list}) GROUP BY 1 ORDER BY 1
                """
            ).fetchall()
        )
        deceased_total = _one(
            duck,
            f"SELECT count(*) FROM registered WHERE status_dukcapil = '{DECEASED}' AND "
            f"len(list_intersect(sources, [{programme_list}])) > 0",
        )
        merged_records = _one(
            duck, "SELECT coalesce(sum(n_records - 1), 0) FROM registered WHERE n_records > 1"
        )
        multi_source = _one(duck, "SELECT count(*) FROM registered WHERE len(sources) > 1")
        same_source = _one(
            duck,
            f"""
            SELECT count(DISTINCT person_ref) FROM (
              SELECT l.person_ref FROM lineage_in l JOIN records_in r USING (record_id)
              WHERE r.source <> {dbio.text_literal(rules.civil_registry)}
                AND l.person_ref IN (SELECT person_ref FROM registered)
              GROUP BY l.person_ref, r.source HAVING count(*) > 1)
            """,
        )
        persons = _one(duck, "SELECT count(*) FROM registered")
        without_civil = _one(duck, "SELECT count(*) FROM registered WHERE NOT has_civil_record")
    finally:
        duck.close()
    total = int(sum(by_source.values()))
    return {
        "version": REPORT_VERSION,
        "model_version": model_version,
        "records": {
            "total": total,
            "by_source": {str(k): int(v) for k, v in by_source.items()},
            "attached": attached,
            "not_attached": total - attached,
        },
        "persons": {
            "register": persons,
            "records_merged": merged_records,
            "multi_source": multi_source,
            "duplicates_within_source": same_source,
            "unplaced": plan.counts.get("unplaced", 0),
            # Clusters of civil-registry records only: known to Dukcapil, to no programme.
            "civil_registry_only": int(golden.counts.get("civil_only", 0)),
        },
        "civil_registry": {
            **{status: int(statuses.get(status, 0)) for status in CIVIL_STATUSES},
            "without_record": without_civil,
        },
        "shared_niks": {
            "niks": int(golden.counts.get("shared_niks", 0)),
            "persons": int(golden.counts.get("persons_sharing_nik", 0)),
        },
        "changes": golden.refs.as_dict(),
        "deceased_listed": {
            "total": deceased_total,
            "by_source": {str(k): int(v) for k, v in deceased.items()},
        },
        "households": dict(plan.counts),
        "review_pairs_pending": review_pairs_queued,
        "linkage": {k: v for k, v in link_counts.items() if isinstance(v, (int, float, str))},
    }


def _one(duck: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = duck.execute(sql).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0
