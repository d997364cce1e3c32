"""Benchmark: load all 91,599 Kemendagri regions (83,762 villages) into a fresh database.

Usage: python benchmarks/bench_regions.py [sqlite|postgresql]
Prints one JSON line: first load and idempotent re-load in seconds, peak RSS in MB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time


def main() -> None:
    vendor = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DTKS_VAR_DIR"] = tmp
        if vendor == "sqlite":
            os.environ["DTKS_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            base = os.environ.get("DTKS_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
            subprocess.run(
                ["psql", f"{base}/postgres", "-qc", "DROP DATABASE IF EXISTS dtks_bench"],
                check=True,
            )
            subprocess.run(
                ["psql", f"{base}/postgres", "-qc", "CREATE DATABASE dtks_bench"], check=True
            )
            os.environ["DTKS_DATABASE_URL"] = f"{base}/dtks_bench"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtks.config.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from dtks.regions.services import regions_load

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        result = regions_load()
        first = time.perf_counter() - started
        started = time.perf_counter()
        regions_load()
        again = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "benchmark": "regions_load",
                "database": vendor,
                "villages": result.counts[4],
                "regions": result.total,
                "first_load_s": round(first, 2),
                "reload_s": round(again, 2),
                "peak_rss_mb": round(peak_mb),
            }
        )
    )


if __name__ == "__main__":
    main()
