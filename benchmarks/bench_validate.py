"""Benchmark of the intake validation: a district of about 1,000,000 person rows.

Run: ``.venv/bin/python benchmarks/bench_validate.py [households] [--memory-limit 1GB]``.
Synthesises ``households`` households of Kota Bandar Lampung (default 270,000, about
1,000,000 people; cached in ``/tmp/dtks-bench-synth-<households>`` so re-runs skip it), then
times ``validate_import`` of the clean truth files (``truth/persons.csv`` + ``members.csv`` +
``households.csv``) and of the dirty DTKS extract (``sources/dtks_*``), each in a fresh
process so that the peak resident set size is that of the validation alone. Prints one JSON
line per run: ``{"benchmark": "validate", ...}``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETS = {
    "truth": ("truth/persons.csv", "truth/members.csv", "truth/households.csv"),
    "dirty": (
        "sources/dtks_persons.csv",
        "sources/dtks_members.csv",
        "sources/dtks_households.csv",
    ),
}


def synth_dir(households: int, region: str, seed: int) -> Path:
    """The cached synthetic world; generated (in a child process) when missing."""
    target = Path(f"/tmp/dtks-bench-synth-{households}")
    if (target / "manifest.json").exists():
        return target
    partial = Path(f"{target}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    code = (
        "from pathlib import Path; from dtks.synth import generate; "
        f"generate(region={region!r}, households={households}, seed={seed}, "
        f"out_dir=Path({str(partial)!r}))"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    partial.rename(target)
    print(
        json.dumps({"benchmark": "synth", "households": households, "seconds": _round(start)}),
        flush=True,
    )
    return target


def _round(start: float) -> float:
    return round(time.perf_counter() - start, 2)


def run_one(base: Path, name: str, memory_limit: str) -> dict[str, object]:
    """Validate one set in this process and measure it."""
    from dtks.pipeline.intake import validate_import

    files = [base / relative for relative in SETS[name]]
    with tempfile.TemporaryDirectory(prefix="bench_validate_") as work:
        cpu = time.process_time()
        start = time.perf_counter()
        result = validate_import(
            files=files, source=name.upper(), work_dir=Path(work), memory_limit=memory_limit
        )
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    counts = [result.counts[f.name] for f in result.files]
    persons = result.counts[result.files[0].name]["read"]
    total = sum(c["read"] for c in counts)
    return {
        "benchmark": "validate",
        "set": name,
        "files": [f.name for f in result.files],
        "rows": {f.kind: result.counts[f.name]["read"] for f in result.files},
        "quarantined": sum(c["quarantined"] for c in counts),
        "issues": sum(sum(c["by_rule"].values()) for c in counts),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "person_rows_per_second": round(persons / seconds),
        "rows_per_second": round(total / seconds),
        "peak_rss_mib": round(peak_mib),
        "memory_limit": memory_limit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("households", nargs="?", type=int, default=270_000)
    parser.add_argument("--region", default="18.71")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--set", choices=sorted(SETS), help="validate only this set")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    base = Path(f"/tmp/dtks-bench-synth-{args.households}")
    if args.child:
        print(json.dumps(run_one(base, args.set, args.memory_limit)), flush=True)
        return 0
    synth_dir(args.households, args.region, args.seed)
    failed = 0
    for name in [args.set] if args.set else list(SETS):
        command = [
            sys.executable,
            __file__,
            str(args.households),
            "--set",
            name,
            "--memory-limit",
            args.memory_limit,
            "--child",
        ]
        failed += subprocess.run(command, check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
