"""Survivorship: one golden record per linkage cluster, every value traced to its record.

Pure (no Django): Arrow tables in, Arrow tables out, set-based in DuckDB so a million records
take seconds. Per golden person and field the value comes from the best record of the cluster
that has one, records ranked

1. the civil registry (``DUKCAPIL``) first,
2. then a verified source (``DTKS``), most recent batch first,
3. then any other source, most recent batch first.

Some values only make sense together and come from one record: the address (village, alamat,
RT, RW), the member variables of the verivali form (relation, schooling, work, ...), and the
civil-registry status with the date of death (from civil-registry records only). A NIK held by
several golden persons stays with the one whose NIK record ranks best; the others lose it.

Person identity is stable across runs: a cluster keeps the ``person_ref`` of the previous
run's person with which it shares the most source records (each old ref goes to one cluster,
largest overlap first); any other cluster gets a new ref.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from dtks.domain import codes
from dtks.pipeline import dbio

IDENTITY_FIELDS = (
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nama_ibu_kandung",
)
ADDRESS_FIELDS = ("village_id", "alamat", "rt", "rw")
MEMBER_FIELDS = (
    "hubungan",
    "status_kawin",
    "hamil",
    "jenis_cacat",
    "penyakit_kronis",
    "partisipasi_sekolah",
    "jenjang",
    "ijazah",
    "bekerja",
    "lapangan_usaha",
    "status_pekerjaan",
)
CIVIL_FIELDS = ("status_dukcapil", "tanggal_meninggal")
GOLDEN_FIELDS = (*IDENTITY_FIELDS, *ADDRESS_FIELDS, *MEMBER_FIELDS, *CIVIL_FIELDS)
_TEXT_FIELDS = {"nik", "no_kk", "nama", "tempat_lahir", "nama_ibu_kandung", "village_id"}
_TEXT_FIELDS |= {"alamat", "rt", "rw", "status_dukcapil"}

RECORD_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),  # str(SourcePerson.pk)
        ("pk", pa.int64()),
        ("batch_id", pa.int64()),
        ("batch_created_at", pa.timestamp("us")),
        ("source", pa.string()),
        ("household_ref", pa.string()),  # the source's own household or family key
        ("nik", pa.string()),
        ("no_kk", pa.string()),
        ("nama", pa.string()),
        ("jenis_kelamin", pa.int32()),
        ("tempat_lahir", pa.string()),
        ("tanggal_lahir", pa.date32()),
        ("nama_ibu_kandung", pa.string()),
        ("village_id", pa.string()),  # dotted village code, None when unknown
        ("alamat", pa.string()),
        ("rt", pa.string()),
        ("rw", pa.string()),
        *((name, pa.int32()) for name in MEMBER_FIELDS),
        ("status_dukcapil", pa.string()),  # hidup / meninggal / pindah on civil-registry records
        ("tanggal_meninggal", pa.date32()),
    ]
)
"""One landed source record with its batch; the input of survivorship."""

PREVIOUS_SCHEMA = pa.schema([("record_id", pa.string()), ("person_ref", pa.string())])
"""The previous run's lineage: which register person each source record belonged to."""

DECEASED = "meninggal"


@dataclass(frozen=True)
class SurvivorshipRules:
    civil_registry: str = "DUKCAPIL"
    verified: tuple[str, ...] = ("DTKS",)
    # A cluster of civil-registry records only is someone the civil registry knows but no
    # programme or survey does: not a person of the register (counted as ``civil_only``).
    register_civil_only: bool = False


DEFAULT_RULES = SurvivorshipRules()


@dataclass(frozen=True)
class RefChanges:
    """How the clusters relate to the previous run's persons."""

    kept: int = 0  # clusters that kept a previous person_ref
    new: int = 0  # clusters with a new ref
    retired: int = 0  # previous refs no cluster kept
    merged: int = 0  # clusters holding records of two or more previous persons
    split: int = 0  # previous persons whose records now lie in two or more clusters

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("kept", "new", "retired", "merged", "split")}


@dataclass
class GoldenResult:
    # person_ref, cluster_id, the GOLDEN_FIELDS, and src_<field> = record_id of each value.
    persons: pa.Table
    # record_id, person_ref, fields (comma-separated golden fields the record supplied).
    lineage: pa.Table
    refs: RefChanges
    counts: dict[str, Any] = field(default_factory=dict)


def empty_records() -> pa.Table:
    return RECORD_SCHEMA.empty_table()


def golden_records(
    *,
    records: pa.Table,
    clusters: pa.Table,
    previous: pa.Table | None = None,
    new_ref_prefix: str,
    rules: SurvivorshipRules = DEFAULT_RULES,
) -> GoldenResult:
    """Golden persons and lineage of ``clusters`` (record_id, person_id) over ``records``.

    ``records`` follows RECORD_SCHEMA; ``previous`` (PREVIOUS_SCHEMA) gives stable refs; new
    refs are ``new_ref_prefix`` plus a 7-digit number, in order of the cluster ids.
    """
    duck = duckdb.connect()
    try:
        duck.register("records_in", records.select(RECORD_SCHEMA.names))
        duck.register("clusters_in", clusters.select(["record_id", "person_id"]))
        duck.register("previous_in", (previous or PREVIOUS_SCHEMA.empty_table()))
        _ranked(duck, rules)
        duck.execute(_golden_sql(keep_civil_only=rules.register_civil_only))
        _coherent(duck)
        refs, ref_table = _assign_refs(duck, new_ref_prefix)
        duck.register("refs_in", ref_table)
        nik_counts = _unique_niks(duck)
        duck.execute(
            "CREATE TABLE persons AS SELECT r.person_ref, g.* RENAME (person_id AS cluster_id) "
            "FROM golden g JOIN refs_in r ON r.person_id = g.person_id ORDER BY r.person_ref"
        )
        persons = duck.sql("SELECT * FROM persons").to_arrow_table()
        lineage = duck.sql(_lineage_sql()).to_arrow_table()
        counts = {
            "records": _row(duck, "SELECT count(*) FROM ranked")[0],
            "persons": persons.num_rows,
            "civil_only": _row(
                duck,
                "SELECT count(*) FROM (SELECT person_id FROM ranked GROUP BY 1 "
                "HAVING bool_and(civil))",
            )[0]
            if not rules.register_civil_only
            else 0,
            **nik_counts,
        }
    finally:
        duck.close()
    return GoldenResult(persons=persons, lineage=lineage, refs=refs, counts=counts)


def _ranked(duck: duckdb.DuckDBPyConnection, rules: SurvivorshipRules) -> None:
    """Records with their cluster and one global rank (1 = the best source of any value)."""
    verified = ", ".join(dbio.text_literal(s) for s in rules.verified) or "NULL"
    cleaned = ", ".join(
        f"nullif(trim(r.{name}), '') AS {name}" if name in _TEXT_FIELDS else f"r.{name}"
        for name in GOLDEN_FIELDS
    )
    duck.execute(
        f"""
        CREATE TABLE ranked AS
        SELECT c.person_id, r.record_id, r.source, r.batch_id, r.household_ref, {cleaned},
          row_number() OVER (ORDER BY
            CASE WHEN r.source = {dbio.text_literal(rules.civil_registry)} THEN 0
                 WHEN r.source IN ({verified}) THEN 1 ELSE 2 END,
            r.batch_created_at DESC NULLS LAST, r.batch_id DESC, r.pk DESC) AS rank,
          r.source = {dbio.text_literal(rules.civil_registry)} AS civil
        FROM records_in r JOIN clusters_in c USING (record_id)
        """
    )


def _golden_sql(*, keep_civil_only: bool) -> str:
    """One row per cluster: each value with the record that supplied it."""
    parts = []
    for name in IDENTITY_FIELDS:
        parts.append(f"arg_min({name}, rank) FILTER (WHERE {name} IS NOT NULL) AS {name}")
        parts.append(f"arg_min(record_id, rank) FILTER (WHERE {name} IS NOT NULL) AS src_{name}")
        if name == "nik":
            parts.append("min(rank) FILTER (WHERE nik IS NOT NULL) AS nik_rank")
    any_member = " OR ".join(f"{m} IS NOT NULL" for m in MEMBER_FIELDS)
    parts.append("arg_min(record_id, rank) FILTER (WHERE village_id IS NOT NULL) AS src_address")
    parts.append(f"arg_min(record_id, rank) FILTER (WHERE {any_member}) AS src_member")
    parts.append(
        "arg_min(record_id, rank) FILTER (WHERE civil AND status_dukcapil IS NOT NULL) AS src_civil"
    )
    parts.append("count(*) AS n_records")
    parts.append("bool_or(civil) AS has_civil_record")
    parts.append("list_sort(list_distinct(list(source))) AS sources")
    group_values = []
    for group, names in (
        ("address", ADDRESS_FIELDS),
        ("member", MEMBER_FIELDS),
        ("civil", CIVIL_FIELDS),
    ):
        for name in names:
            group_values.append(f"{group}.{name} AS {name}")
            group_values.append(
                f"CASE WHEN {group}.{name} IS NOT NULL THEN b.src_{group} END AS src_{name}"
            )
    identity = ", ".join(f"b.{n}, b.src_{n}" for n in IDENTITY_FIELDS)
    return f"""
        CREATE TABLE golden AS
        WITH best AS (SELECT person_id, {", ".join(parts)} FROM ranked GROUP BY person_id
                      {"" if keep_civil_only else "HAVING NOT bool_and(civil)"})
        SELECT b.person_id, {identity}, {", ".join(group_values)}, b.nik_rank,
          b.n_records, b.has_civil_record, b.sources
        FROM best b
        LEFT JOIN ranked address ON address.record_id = b.src_address
        LEFT JOIN ranked member ON member.record_id = b.src_member
        LEFT JOIN ranked civil ON civil.record_id = b.src_civil
    """


def _coherent(duck: duckdb.DuckDBPyConnection) -> None:
    """Values from different records that the register's checks would refuse together."""
    duck.execute(
        f"UPDATE golden SET hamil = NULL, src_hamil = NULL "
        f"WHERE hamil = 1 AND jenis_kelamin IS DISTINCT FROM {codes.FEMALE}"
    )
    duck.execute(
        f"UPDATE golden SET tanggal_meninggal = NULL, src_tanggal_meninggal = NULL "
        f"WHERE status_dukcapil IS DISTINCT FROM '{DECEASED}'"
    )


def _assign_refs(duck: duckdb.DuckDBPyConnection, prefix: str) -> tuple[RefChanges, pa.Table]:
    """person_id -> person_ref: largest overlap with a previous person first, then new refs."""
    overlaps = duck.execute(
        """
        SELECT r.person_id, p.person_ref, count(*) AS shared
        FROM ranked r JOIN previous_in p USING (record_id)
        GROUP BY ALL ORDER BY shared DESC, r.person_id, p.person_ref
        """
    ).fetchall()
    assigned: dict[str, str] = {}
    taken: set[str] = set()
    for person_id, person_ref, _shared in overlaps:
        if person_id not in assigned and person_ref not in taken:
            assigned[person_id] = person_ref
            taken.add(person_ref)
    kept = len(assigned)
    clusters = [
        row[0] for row in duck.execute("SELECT person_id FROM golden ORDER BY 1").fetchall()
    ]
    number = 0
    for person_id in clusters:
        if person_id not in assigned:
            number += 1
            assigned[person_id] = f"{prefix}{number:07d}"
    previous_refs = _row(duck, "SELECT count(DISTINCT person_ref) FROM previous_in")[0]
    merged, split = _row(
        duck,
        """
        SELECT
          (SELECT count(*) FROM (SELECT r.person_id FROM ranked r JOIN previous_in p
             USING (record_id) GROUP BY 1 HAVING count(DISTINCT p.person_ref) > 1)),
          (SELECT count(*) FROM (SELECT p.person_ref FROM ranked r JOIN previous_in p
             USING (record_id) GROUP BY 1 HAVING count(DISTINCT r.person_id) > 1))
        """,
    )
    changes = RefChanges(
        kept=kept,
        new=number,
        retired=int(previous_refs) - kept,
        merged=int(merged),
        split=int(split),
    )
    table = pa.table(
        {"person_id": list(assigned), "person_ref": list(assigned.values())},
        schema=pa.schema([("person_id", pa.string()), ("person_ref", pa.string())]),
    )
    return changes, table


def _unique_niks(duck: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """A NIK held by several golden persons stays with the best-ranked holder only."""
    shared = _row(
        duck,
        "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT nik, count(*) AS n FROM golden "
        "WHERE nik IS NOT NULL GROUP BY nik HAVING count(*) > 1)",
    )
    duck.execute(
        """
        UPDATE golden SET nik = NULL, src_nik = NULL
        FROM (SELECT g.person_id, row_number() OVER (PARTITION BY g.nik
                ORDER BY g.nik_rank, r.person_ref) AS holder
              FROM golden g JOIN refs_in r USING (person_id) WHERE g.nik IS NOT NULL) h
        WHERE golden.person_id = h.person_id AND h.holder > 1
        """
    )
    duck.execute("ALTER TABLE golden DROP COLUMN nik_rank")
    return {
        "shared_niks": int(shared[0]),
        "persons_sharing_nik": int(shared[1]),
    }


def _lineage_sql() -> str:
    """Every record of a golden person, with the fields it supplied."""
    supplied = " UNION ALL ".join(
        f"SELECT src_{name} AS record_id, '{name}' AS field, {i} AS position FROM persons "
        f"WHERE src_{name} IS NOT NULL"
        for i, name in enumerate(GOLDEN_FIELDS)
    )
    return f"""
        WITH supplied AS ({supplied}),
        per_record AS (
          SELECT record_id, string_agg(field, ',' ORDER BY position) AS fields
          FROM supplied GROUP BY record_id)
        SELECT r.record_id, p.person_ref, coalesce(s.fields, '') AS fields
        FROM ranked r JOIN persons p ON p.cluster_id = r.person_id
        LEFT JOIN per_record s USING (record_id)
        ORDER BY p.person_ref, r.rank
    """


def attach_probability(linked_pairs: pa.Table) -> pa.Table:
    """record_id -> the highest probability among the linked pairs that touch it."""
    duck = duckdb.connect()
    try:
        duck.register(
            "pairs", linked_pairs.select(["record_id_l", "record_id_r", "match_probability"])
        )
        return duck.sql(
            "SELECT record_id, max(match_probability) AS match_probability FROM ("
            "SELECT record_id_l AS record_id, match_probability FROM pairs UNION ALL "
            "SELECT record_id_r, match_probability FROM pairs) GROUP BY record_id"
        ).to_arrow_table()
    finally:
        duck.close()


def _row(duck: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...]:
    """The first row of ``sql`` (fetched whole: a partly fetched result blocks the connection)."""
    rows = duck.execute(sql).fetchall()
    return tuple(rows[0]) if rows else ()
