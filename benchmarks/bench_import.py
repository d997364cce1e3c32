"""Benchmark: import ~1,000,000 person rows (+ members + households) from `dtks synth`.

Usage: python benchmarks/bench_import.py [sqlite|postgresql] [--households N] [--naive-rows N]

Times the whole import (bulk validation in DuckDB, then ADBC landing of source records and
the register, one transaction) on a fresh database, and a naive ORM loader (csv.DictReader
into ``SourcePerson.objects.bulk_create``) on the same file in the same run. Prints JSON lines.
The synth output is cached in /tmp/dtks-bench-synth-<N> so re-runs skip generating it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", choices=["sqlite", "postgresql"], nargs="?", default="sqlite")
    parser.add_argument("--households", type=int, default=270_000)
    parser.add_argument("--naive-rows", type=int, default=200_000)
    parser.add_argument(
        "--to-register", action="store_true", help="also promote the households to the register"
    )
    args = parser.parse_args()
    synth = Path(f"/tmp/dtks-bench-synth-{args.households}")
    if not (synth / "manifest.json").exists():
        from dtks.synth import generate

        generate(region="18.71", households=args.households, seed=1, out_dir=synth)
    truth = synth / "truth"
    with tempfile.TemporaryDirectory() as tmp:
        _configure(args.database, tmp)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from dtks.regions.services import regions_load

        regions_load()
        rows = _result(args.database, truth, to_register=args.to_register)
        print(json.dumps(rows))
        if args.naive_rows:
            print(json.dumps(_naive(args.database, truth / "persons.csv", args.naive_rows)))


def _configure(database: str, tmp: str) -> None:
    os.environ["DTKS_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtks.config.settings")
    if database == "sqlite":
        os.environ["DTKS_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        return
    base = os.environ.get("DTKS_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
    for sql in ("DROP DATABASE IF EXISTS dtks_bench", "CREATE DATABASE dtks_bench"):
        subprocess.run(["psql", f"{base}/postgres", "-qc", sql], check=True)
    os.environ["DTKS_DATABASE_URL"] = f"{base}/dtks_bench"


def _result(database: str, truth: Path, *, to_register: bool) -> dict[str, object]:
    from dtks.intake.imports import import_batch_create, import_batch_run

    files = [truth / "persons.csv", truth / "members.csv", truth / "households.csv"]
    started = time.perf_counter()
    created = import_batch_create(
        source="DTKS", paths=files, created_by=None, to_register=to_register
    )
    batch = import_batch_run(batch_id=created.batch.pk)
    seconds = time.perf_counter() - started
    if batch.error_message:
        raise SystemExit(batch.error_message)
    people = batch.counts["ditulis"]["individu"]
    return {
        "benchmark": "import",
        "database": database,
        "person_rows": people,
        "household_rows": batch.counts["ditulis"]["rumah_tangga"],
        "to_register": to_register,
        "register_people_added": batch.counts["ditulis"].get("registri_people_added", 0),
        "seconds": round(seconds, 1),
        "person_rows_per_s": round(people / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _naive(database: str, persons: Path, limit: int) -> dict[str, object]:
    """The loader one would write first: csv rows into model instances, bulk_create."""
    from dtks.intake.models import ImportBatch, SourcePerson
    from dtks.jobs.models import Job

    batch = ImportBatch.objects.create(
        source="NAIVE", content_sha256="naive", stored_dir="", job=Job.objects.create(kind="x")
    )
    started = time.perf_counter()
    count = 0
    chunk: list[SourcePerson] = []
    with persons.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if count >= limit:
                break
            chunk.append(
                SourcePerson(
                    batch=batch,
                    source="NAIVE",
                    record_id=row["record_id"],
                    row_number=number,
                    nik=row["nik"] or None,
                    no_kk=row["no_kk"] or None,
                    nama=row["nama"],
                    jenis_kelamin={"L": 1, "P": 2}.get(row["jenis_kelamin"]),
                    tempat_lahir=row["tempat_lahir"],
                    tanggal_lahir=date.fromisoformat(row["tanggal_lahir"])
                    if row["tanggal_lahir"]
                    else None,
                    nama_ibu_kandung=row["nama_ibu_kandung"],
                    alamat=row["alamat"],
                    rt=row["rt"],
                    rw=row["rw"],
                    village_id=row["kode_wilayah"] or None,
                    household_ref=row["household_ref"],
                )
            )
            count += 1
            if len(chunk) == 5000:
                SourcePerson.objects.bulk_create(chunk)
                chunk = []
    SourcePerson.objects.bulk_create(chunk)
    seconds = time.perf_counter() - started
    return {
        "benchmark": "naive_orm_bulk_create",
        "database": database,
        "person_rows": count,
        "validation": "none",
        "seconds": round(seconds, 1),
        "person_rows_per_s": round(count / seconds),
    }


if __name__ == "__main__":
    main()
