"""Benchmark of the synthetic population generator: 100,000 households into a temp dir.

Run: ``.venv/bin/python benchmarks/bench_synth.py [households] [--profile]``. Prints the wall
time of ``generate`` and the peak resident set size of the process.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

from dtks.synth import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("households", nargs="?", type=int, default=100_000)
    parser.add_argument("--region", default="18.71")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="print the top 25 functions")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_synth_") as tmp:
        profiler = cProfile.Profile() if args.profile else None
        start = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        summary = generate(
            region=args.region, households=args.households, seed=args.seed, out_dir=Path(tmp)
        )
        if profiler is not None:
            profiler.disable()
        elapsed = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        f"households={summary.households} persons={summary.persons} "
        f"source_records={sum(summary.source_records.values())} errors={summary.errors}"
    )
    print(
        f"wall time {elapsed:.1f} s, peak RSS {peak_kib / 1024:.0f} MiB, "
        f"output {size / 2**20:.0f} MiB"
    )
    if profiler is not None:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
