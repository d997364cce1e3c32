"""Households rebuilt from golden persons: one family per family card (KK), families into
the DTKS household most of their members belong to.

Pure (no Django), set-based in DuckDB:

- each golden person's DTKS household is the one of its most recent verified-source record
  whose ``household_ref`` names a household record of the same batch;
- a family (golden ``no_kk``) goes to the DTKS household shared by most of its members (ties:
  the smaller household key); a family with none becomes a household of its own, housing
  unknown, at its head's address;
- a person without a ``no_kk`` joins their own DTKS household, else stands alone;
- every household gets exactly one head (hubungan 1): a living member first, the DTKS
  household's own head first, then anyone recorded as head, then the oldest, then the
  smallest ``person_ref``. Other members recorded as head lose the code (unknown relation
  to the new head); both adjustments are counted;
- a household whose village is unknown (no known village code anywhere) cannot be registered:
  its members are returned as ``unplaced``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from dtks.identity.golden import DEFAULT_RULES, SurvivorshipRules
from dtks.pipeline import dbio, interchange

HOUSING_COLUMNS = (
    *interchange.HOUSEHOLD_CODED_COLUMNS,
    *interchange.HOUSEHOLD_COUNT_COLUMNS,
    *interchange.HOUSEHOLD_AREA_COLUMNS,
    *interchange.HOUSEHOLD_YES_NO_COLUMNS,
)


def _housing_type(name: str) -> pa.DataType:
    if name in interchange.HOUSEHOLD_AREA_COLUMNS:
        return pa.float64()
    if name in interchange.HOUSEHOLD_YES_NO_COLUMNS:
        return pa.bool_()
    return pa.int32()


SOURCE_HOUSEHOLD_SCHEMA = pa.schema(
    [
        ("batch_id", pa.int64()),
        ("batch_created_at", pa.timestamp("us")),
        ("source", pa.string()),
        ("household_ref", pa.string()),
        ("village_id", pa.string()),  # None when not a village of the register's regions
        ("alamat", pa.string()),
        ("rt", pa.string()),
        ("rw", pa.string()),
        *((name, _housing_type(name)) for name in HOUSING_COLUMNS),
    ]
)

REGISTER_REF_LENGTH = 40
DTKS, CARD, ALONE = "dtks", "kk", "individu"


@dataclass
class HouseholdPlan:
    # household_ref, origin (dtks/kk/individu), source_household_ref, source_batch_id,
    # village_id, alamat, rt, rw and the HOUSING_COLUMNS.
    households: pa.Table
    families: pa.Table  # no_kk, household_ref
    members: pa.Table  # person_ref, household_ref, hubungan (with exactly one head each)
    unplaced: pa.Table  # person_ref of golden persons without any known village
    counts: dict[str, int] = field(default_factory=dict)


def households_build(
    *,
    persons: pa.Table,
    records: pa.Table,
    lineage: pa.Table,
    source_households: pa.Table,
    rules: SurvivorshipRules = DEFAULT_RULES,
) -> HouseholdPlan:
    """Place every golden person of ``persons`` (golden.GoldenResult.persons) in a household.

    ``records`` follow golden.RECORD_SCHEMA, ``lineage`` has record_id and person_ref,
    ``source_households`` follows SOURCE_HOUSEHOLD_SCHEMA.
    """
    duck = duckdb.connect()
    try:
        duck.register(
            "persons_in",
            persons.select(
                [
                    "person_ref",
                    "no_kk",
                    "hubungan",
                    "tanggal_lahir",
                    "status_dukcapil",
                    "village_id",
                    "alamat",
                    "rt",
                    "rw",
                ]
            ),
        )
        duck.register(
            "records_in",
            records.select(
                ["record_id", "pk", "batch_id", "batch_created_at", "source", "household_ref"]
            ),
        )
        duck.register("lineage_in", lineage.select(["record_id", "person_ref"]))
        duck.register(
            "source_households_in", source_households.select(SOURCE_HOUSEHOLD_SCHEMA.names)
        )
        verified = ", ".join(dbio.text_literal(s) for s in rules.verified) or "NULL"
        for sql in _steps(verified):
            duck.execute(sql)
        plan = HouseholdPlan(
            households=duck.sql("SELECT * FROM households ORDER BY household_ref").to_arrow_table(),
            families=duck.sql(
                "SELECT DISTINCT m.no_kk, h.household_ref FROM placed m "
                "JOIN households h USING (hkey) WHERE m.no_kk IS NOT NULL ORDER BY 1"
            ).to_arrow_table(),
            members=duck.sql(
                "SELECT m.person_ref, h.household_ref, m.hubungan_new AS hubungan FROM placed m "
                "JOIN households h USING (hkey) ORDER BY h.household_ref, m.head_rank"
            ).to_arrow_table(),
            unplaced=duck.sql(
                "SELECT person_ref FROM members WHERE hkey NOT IN (SELECT hkey FROM households) "
                "ORDER BY 1"
            ).to_arrow_table(),
        )
        counts = duck.execute(
            f"""
            SELECT
              (SELECT count(*) FROM households),
              (SELECT count(*) FROM households WHERE origin = '{DTKS}'),
              (SELECT count(*) FROM households WHERE origin = '{CARD}'),
              (SELECT count(*) FROM households WHERE origin = '{ALONE}'),
              (SELECT count(*) FROM placed WHERE head_rank = 1 AND hubungan IS DISTINCT FROM 1),
              (SELECT count(*) FROM placed WHERE head_rank > 1 AND hubungan = 1)
            """
        ).fetchall()[0]
    finally:
        duck.close()
    keys = (
        "households",
        "households_dtks",
        "households_kk",
        "households_alone",
        "heads_assigned",
        "heads_demoted",
    )
    plan.counts = dict(zip(keys, (int(c) for c in counts), strict=True))
    plan.counts["families"] = plan.families.num_rows
    plan.counts["unplaced"] = plan.unplaced.num_rows
    return plan


def _steps(verified: str) -> list[str]:
    housing = ", ".join(f"s.{c}" for c in HOUSING_COLUMNS)
    return [
        # The DTKS household of each person: their newest verified record naming one.
        f"""
        CREATE TABLE person_dtks AS
        SELECT person_ref, household_ref AS dtks_ref FROM (
          SELECT l.person_ref, r.household_ref, row_number() OVER (PARTITION BY l.person_ref
            ORDER BY r.batch_created_at DESC NULLS LAST, r.batch_id DESC, r.pk DESC) AS n
          FROM lineage_in l JOIN records_in r USING (record_id)
          WHERE r.source IN ({verified}) AND r.household_ref <> '' AND EXISTS (
            SELECT 1 FROM source_households_in s
            WHERE s.batch_id = r.batch_id AND s.household_ref = r.household_ref))
        WHERE n = 1
        """,
        # Each family's DTKS household: the one most of its members belong to.
        """
        CREATE TABLE family_dtks AS
        SELECT no_kk, dtks_ref FROM (
          SELECT no_kk, dtks_ref, row_number() OVER (PARTITION BY no_kk
            ORDER BY count(*) DESC, dtks_ref) AS n
          FROM persons_in JOIN person_dtks USING (person_ref)
          WHERE no_kk IS NOT NULL GROUP BY no_kk, dtks_ref)
        WHERE n = 1
        """,
        """
        CREATE TABLE members AS
        SELECT p.*, d.dtks_ref,
          CASE WHEN p.no_kk IS NOT NULL THEN coalesce('D:' || f.dtks_ref, 'K:' || p.no_kk)
               ELSE coalesce('D:' || d.dtks_ref, 'P:' || p.person_ref) END AS hkey
        FROM persons_in p
        LEFT JOIN person_dtks d USING (person_ref)
        LEFT JOIN family_dtks f USING (no_kk)
        """,
        # One head per household, chosen deterministically.
        """
        CREATE TABLE ranked AS
        SELECT *, row_number() OVER (PARTITION BY hkey ORDER BY
            coalesce(status_dukcapil = 'meninggal', false),
            NOT coalesce(hubungan = 1 AND 'D:' || dtks_ref = hkey, false),
            NOT coalesce(hubungan = 1, false),
            tanggal_lahir ASC NULLS LAST, person_ref) AS head_rank
        FROM members
        """,
        # Where a household without a DTKS record (or with an unknown village) lies: the
        # address of its best-ranked member with a known village.
        """
        CREATE TABLE member_address AS
        SELECT hkey, village_id, alamat, rt, rw FROM (
          SELECT *, row_number() OVER (PARTITION BY hkey ORDER BY head_rank) AS n
          FROM ranked WHERE village_id IS NOT NULL)
        WHERE n = 1
        """,
        f"""
        CREATE TABLE dtks_households AS
        SELECT household_ref AS dtks_ref, batch_id, village_id, alamat, rt, rw,
          {", ".join(HOUSING_COLUMNS)} FROM (
          SELECT *, row_number() OVER (PARTITION BY household_ref
            ORDER BY batch_created_at DESC NULLS LAST, batch_id DESC) AS n
          FROM source_households_in WHERE source IN ({verified}))
        WHERE n = 1
        """,
        f"""
        CREATE TABLE households AS
        SELECT k.hkey,
          CASE WHEN k.hkey LIKE 'D:%' THEN
                 CASE WHEN length(s.dtks_ref) <= {REGISTER_REF_LENGTH} THEN s.dtks_ref
                      ELSE 'RT-' || substr(md5(s.dtks_ref), 1, 16) END
               WHEN k.hkey LIKE 'K:%' THEN 'KK' || substr(k.hkey, 3)
               ELSE 'ART-' || substr(k.hkey, 3) END AS household_ref,
          CASE WHEN k.hkey LIKE 'D:%' THEN '{DTKS}' WHEN k.hkey LIKE 'K:%' THEN '{CARD}'
               ELSE '{ALONE}' END AS origin,
          s.dtks_ref AS source_household_ref, s.batch_id AS source_batch_id,
          CASE WHEN s.village_id IS NOT NULL THEN s.village_id ELSE a.village_id END
            AS village_id,
          coalesce(CASE WHEN s.village_id IS NOT NULL THEN s.alamat ELSE a.alamat END, '')
            AS alamat,
          coalesce(CASE WHEN s.village_id IS NOT NULL THEN s.rt ELSE a.rt END, '') AS rt,
          coalesce(CASE WHEN s.village_id IS NOT NULL THEN s.rw ELSE a.rw END, '') AS rw,
          {housing}
        FROM (SELECT DISTINCT hkey FROM ranked) k
        LEFT JOIN dtks_households s ON k.hkey = 'D:' || s.dtks_ref
        LEFT JOIN member_address a ON a.hkey = k.hkey
        WHERE coalesce(s.village_id, a.village_id) IS NOT NULL
        """,
        """
        CREATE TABLE placed AS
        SELECT *, CASE WHEN head_rank = 1 THEN 1 WHEN hubungan = 1 THEN NULL
                       ELSE hubungan END AS hubungan_new
        FROM ranked WHERE hkey IN (SELECT hkey FROM households)
        """,
    ]
