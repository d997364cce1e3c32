"""Test data of the review-queue tests: landed source records, a linkage run, a pairs table.

Source records are created directly (one import batch, ``bulk_create``); the pairs table is
what a linkage run hands over (``PAIRS_SCHEMA``, record ids ``str(SourcePerson.pk)``, ordered
as strings like the pipeline orders them).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa

from dtks.domain import codes
from dtks.domain.nik import make_kk, make_nik
from dtks.identity.models import LinkRun
from dtks.intake.models import ImportBatch, SourcePerson
from dtks.jobs.models import Job, JobStatus
from dtks.pipeline.linkage.result import PAIRS_SCHEMA


@dataclass
class Record:
    nama: str
    village: str
    born: date = date(1980, 5, 17)
    sex: int = codes.MALE
    serial: int = 1
    mother: str = "Sulastri"
    tempat_lahir: str = "Bandar Lampung"
    alamat: str = "Jl. Teuku Umar No. 5"
    pk: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def source_batch(source: str = "DTKS") -> ImportBatch:
    job = Job.objects.create(kind="import", status=JobStatus.SUCCEEDED)
    return ImportBatch.objects.create(
        source=source,
        content_sha256=uuid.uuid4().hex * 2,
        file_names=[f"{source.lower()}_persons.csv"],
        stored_dir="/tmp/uji",
        job=job,
    )


def source_people(records: Iterable[Record], *, source: str = "DTKS") -> list[SourcePerson]:
    """Landed person records of one batch, in the order given."""
    batch = source_batch(source)
    rows = []
    for row_number, record in enumerate(records, start=1):
        kecamatan = record.village[:8].replace(".", "")
        rows.append(
            SourcePerson(
                id=record.pk,
                batch=batch,
                source=source,
                record_id=f"{source}-{row_number}",
                row_number=row_number,
                nik=make_nik(
                    kecamatan_code=kecamatan,
                    birth_date=record.born,
                    sex=record.sex,
                    serial=record.serial,
                ),
                no_kk=make_kk(
                    kecamatan_code=kecamatan, issue_date=date(2015, 3, 2), serial=record.serial
                ),
                nama=record.nama,
                jenis_kelamin=record.sex,
                tempat_lahir=record.tempat_lahir,
                tanggal_lahir=record.born,
                nama_ibu_kandung=record.mother,
                alamat=record.alamat,
                rt="001",
                rw="002",
                village_id=record.village,
                **record.extra,
            )
        )
    SourcePerson.objects.bulk_create(rows)
    return list(SourcePerson.objects.filter(batch=batch).order_by("row_number"))


def link_run() -> LinkRun:
    return LinkRun.objects.create(engine="duckdb", model_version="uji-1")


def evidence_of(left: SourcePerson, right: SourcePerson) -> dict[str, dict[str, Any]]:
    """Evidence as the linkage writes it: comparison -> level, weight, both values."""
    return {
        "nama": {
            "level": "mirip (Jaro-Winkler >= 0.92)",
            "weight": 4.2,
            "l": left.nama,
            "r": right.nama,
        },
        "tanggal_lahir": {
            "level": "sama persis",
            "weight": 6.1,
            "l": left.tanggal_lahir.isoformat() if left.tanggal_lahir else None,
            "r": right.tanggal_lahir.isoformat() if right.tanggal_lahir else None,
        },
        "nik": {"level": "berbeda", "weight": -3.5, "l": left.nik, "r": right.nik},
        "nama_ibu_kandung": {
            "level": "sama persis",
            "weight": 2.3,
            "l": left.nama_ibu_kandung,
            "r": right.nama_ibu_kandung,
        },
    }


@dataclass(frozen=True)
class Scored:
    left: SourcePerson
    right: SourcePerson
    probability: float
    weight: float = 1.5


def pairs_table(scored: Iterable[Scored]) -> pa.Table:
    """The pairs as the pipeline hands them over: ids as strings, ``record_id_l < record_id_r``
    in string order (the evidence's l/r sides follow the ids)."""
    rows: dict[str, list[Any]] = {name: [] for name in PAIRS_SCHEMA.names}
    for item in scored:
        left, right = item.left, item.right
        if str(left.pk) > str(right.pk):
            left, right = right, left
        rows["record_id_l"].append(str(left.pk))
        rows["record_id_r"].append(str(right.pk))
        rows["match_weight"].append(item.weight)
        rows["match_probability"].append(item.probability)
        rows["evidence"].append(json.dumps(evidence_of(left, right)))
    return pa.table(rows, schema=PAIRS_SCHEMA)
