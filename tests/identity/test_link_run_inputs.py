"""What a link run reads through ADBC: typed right whatever the database returns, also when
a column's first thousands of rows are empty (the SQLite driver types columns by their first
rows)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from dtks.identity.golden import DEFAULT_RULES, RECORD_SCHEMA
from dtks.identity.households import SOURCE_HOUSEHOLD_SCHEMA
from dtks.identity.linkage_db import run_inputs
from dtks.intake.models import ImportBatch, SourceHousehold, SourcePerson
from dtks.jobs.models import Job, JobStatus
from dtks.pipeline import dbio
from dtks.registry.bulk_load import django_database_target
from shared_constants import VILLAGE_A

pytestmark = pytest.mark.django_db(transaction=True)

EMPTY_ROWS = 3000


def _batch(source: str, n: int) -> ImportBatch:
    job = Job.objects.create(kind="import", status=JobStatus.SUCCEEDED)
    return ImportBatch.objects.create(
        source=source, content_sha256=f"{n:064d}", stored_dir="/tmp", job=job
    )


def test_empty_first_rows_do_not_mistype_columns(regions: None) -> None:
    dtks, civil = _batch("DTKS", 1), _batch("DUKCAPIL", 2)
    SourcePerson.objects.bulk_create(
        SourcePerson(batch=dtks, source="DTKS", record_id=f"D{n}", row_number=n, nama=f"Orang {n}")
        for n in range(EMPTY_ROWS)
    )
    last = SourcePerson.objects.create(
        batch=civil,
        source="DUKCAPIL",
        record_id="C1",
        row_number=1,
        nama="Painem",
        nik="1871014101400001",
        jenis_kelamin=2,
        tempat_lahir="Metro",
        tanggal_lahir=date(1940, 1, 1),
        village_id=VILLAGE_A,
        status_dukcapil="meninggal",
        tanggal_meninggal=date(2023, 2, 1),
    )
    SourceHousehold.objects.bulk_create(
        SourceHousehold(
            batch=dtks, source="DTKS", household_ref=f"RT-{n}", row_number=n, village_id="99.99"
        )
        for n in range(EMPTY_ROWS)
    )
    SourceHousehold.objects.create(
        batch=dtks,
        source="DTKS",
        household_ref="RT-X",
        row_number=EMPTY_ROWS,
        village_id=VILLAGE_A,
        luas_lantai=36.5,
        aset_ac=True,
    )
    target = django_database_target()
    connection.close()
    adbc = dbio.connect(target)
    try:
        with adbc.cursor() as cursor:
            inputs = run_inputs(cursor, vendor=target.vendor, rules=DEFAULT_RULES)
    finally:
        adbc.close()
    assert inputs.records.schema == RECORD_SCHEMA
    assert inputs.records.num_rows == EMPTY_ROWS + 1
    (row,) = [r for r in inputs.records.to_pylist() if r["record_id"] == str(last.pk)]
    assert row["nik"] == "1871014101400001"
    assert row["tanggal_lahir"] == date(1940, 1, 1)
    assert (row["status_dukcapil"], row["tanggal_meninggal"]) == ("meninggal", date(2023, 2, 1))
    assert row["village_id"] == VILLAGE_A
    empty = inputs.records.to_pylist()[0]
    assert empty["nik"] is None
    assert empty["village_id"] is None
    assert empty["household_ref"] == ""
    linkage = inputs.linkage_persons.to_pylist()[-1]
    assert (linkage["tanggal_lahir"], linkage["jenis_kelamin"]) == ("1940-01-01", "2")
    households = inputs.source_households
    assert households.schema == SOURCE_HOUSEHOLD_SCHEMA
    (x,) = [h for h in households.to_pylist() if h["household_ref"] == "RT-X"]
    assert (x["luas_lantai"], x["aset_ac"], x["village_id"]) == (36.5, True, VILLAGE_A)
    # A village code the region table does not know reads as unknown.
    assert households.to_pylist()[0]["village_id"] is None
