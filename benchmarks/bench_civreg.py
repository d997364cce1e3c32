"""Benchmark of pemadanan against the reference civil registry: 1,000,000 NIKs.

Run: ``.venv/bin/python benchmarks/bench_civreg.py [records]`` (default 1,000,000). Reuses the
extract of ``/tmp/dtks-bench-synth-270000`` when present, else synthesises a district big
enough (cached in ``/tmp/dtks-bench-synth-<households>``). Starts the server as a subprocess
(its SQLite load is timed apart), verifies ``records`` NIKs through ``HttpCivilRegistry`` with
``batch_size=1000`` and prints one JSON line. Target: 1,000,000 records in under 5 minutes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import date
from pathlib import Path

from dtks.identity.civreg_client import HttpCivilRegistry, VerifyRecord

KEY = "bench-civreg"


def extract_dir(records: int) -> Path:
    reused = Path("/tmp/dtks-bench-synth-270000")
    if (reused / "civil_registry" / "persons.csv").exists() and records <= 1_012_629:
        return reused
    households = int(records / 3.7) + 100
    target = Path(f"/tmp/dtks-bench-synth-{households}")
    if not (target / "manifest.json").exists():
        code = (
            "from pathlib import Path; from dtks.synth import generate; "
            f"generate(region='18.71', households={households}, seed=1, "
            f"out_dir=Path({str(target)!r}))"
        )
        subprocess.run([sys.executable, "-c", code], check=True)
    return target


def read_records(data: Path, limit: int) -> list[VerifyRecord]:
    out: list[VerifyRecord] = []
    with (data / "civil_registry" / "persons.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if len(out) >= limit:
                break
            out.append(
                VerifyRecord(
                    ref=row["record_id"],
                    nik=row["nik"],
                    nama=row["nama"],
                    tanggal_lahir=date.fromisoformat(row["tanggal_lahir"]),
                    jenis_kelamin=row["jenis_kelamin"],
                    nama_ibu_kandung=row["nama_ibu_kandung"] or None,
                )
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("records", nargs="?", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    data = extract_dir(args.records)
    records = read_records(data, args.records)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="bench_civreg_") as work:
        command = [sys.executable, "-m", "dtks.civreg", "serve", "--data", str(data)]
        command += ["--port", str(port), "--db", str(Path(work) / "civreg.sqlite3")]
        env = {**os.environ, "DTKS_CIVREG_API_KEY": KEY}
        start = time.perf_counter()
        server = subprocess.Popen(command, env=env)
        try:
            url = f"http://127.0.0.1:{port}"
            while True:
                if server.poll() is not None:
                    raise SystemExit("civreg server exited")
                try:
                    with urllib.request.urlopen(url + "/v1/health", timeout=1):
                        break
                except OSError:
                    time.sleep(0.2)
            load_seconds = time.perf_counter() - start
            client = HttpCivilRegistry(url, KEY, batch_size=1000, timeout=60)
            start = time.perf_counter()
            results = client.verify(records)
            seconds = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        json.dumps(
            {
                "benchmark": "civreg_verify",
                "records": len(results),
                "batch_size": 1000,
                "seconds": round(seconds, 2),
                "records_per_second": round(len(results) / seconds),
                "server_load_seconds": round(load_seconds, 2),
                "statuses": dict(Counter(r.status for r in results)),
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
