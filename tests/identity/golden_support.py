"""Hand-built source records and clusters for the survivorship and household tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pyarrow as pa

from dtks.identity.golden import RECORD_SCHEMA

BATCH_TIMES = {
    1: datetime(2021, 1, 10),
    2: datetime(2022, 3, 5),
    3: datetime(2023, 7, 1),
    4: datetime(2024, 6, 30),
}


def record(pk: int, batch_id: int, source: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {name: None for name in RECORD_SCHEMA.names}
    row.update(
        record_id=str(pk),
        pk=pk,
        batch_id=batch_id,
        batch_created_at=BATCH_TIMES[batch_id],
        source=source,
        household_ref="",
    )
    row.update(values)
    return row


def records_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=RECORD_SCHEMA)


def clusters_table(groups: list[list[int]]) -> pa.Table:
    """Each group of record pks is one cluster, its id the smallest record id (as text)."""
    record_ids, person_ids = [], []
    for group in groups:
        ids = [str(pk) for pk in group]
        for record_id in ids:
            record_ids.append(record_id)
            person_ids.append(min(ids))
    return pa.table({"record_id": record_ids, "person_id": person_ids})


def previous_table(mapping: dict[str, list[int]]) -> pa.Table:
    record_ids, refs = [], []
    for ref, pks in mapping.items():
        for pk in pks:
            record_ids.append(str(pk))
            refs.append(ref)
    return pa.table({"record_id": record_ids, "person_ref": refs})


def born(year: int, month: int = 1, day: int = 1) -> date:
    return date(year, month, day)


PERSON_COLUMNS = (
    "person_ref",
    "no_kk",
    "hubungan",
    "tanggal_lahir",
    "status_dukcapil",
    "village_id",
    "alamat",
    "rt",
    "rw",
)


def persons_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Golden persons with just the columns households_build reads."""
    schema = pa.schema(
        [
            ("person_ref", pa.string()),
            ("no_kk", pa.string()),
            ("hubungan", pa.int32()),
            ("tanggal_lahir", pa.date32()),
            ("status_dukcapil", pa.string()),
            ("village_id", pa.string()),
            ("alamat", pa.string()),
            ("rt", pa.string()),
            ("rw", pa.string()),
        ]
    )
    full = [{name: row.get(name) for name in PERSON_COLUMNS} for row in rows]
    return pa.Table.from_pylist(full, schema=schema)


def source_households_table(rows: list[dict[str, Any]]) -> pa.Table:
    from dtks.identity.households import SOURCE_HOUSEHOLD_SCHEMA

    full = []
    for row in rows:
        values: dict[str, Any] = {name: None for name in SOURCE_HOUSEHOLD_SCHEMA.names}
        values.update(source="DTKS", alamat="", rt="", rw="")
        values["batch_created_at"] = BATCH_TIMES[row["batch_id"]]
        values.update(row)
        full.append(values)
    return pa.Table.from_pylist(full, schema=SOURCE_HOUSEHOLD_SCHEMA)
