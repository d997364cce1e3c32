"""``make bench``: run every benchmark, print its JSON line; figures go to docs/benchmarks.md."""

from __future__ import annotations

import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent
BENCHMARKS = [
    ["bench_regions.py", "sqlite"],
    ["bench_regions.py", "postgresql"],
    ["bench_synth.py"],
    ["bench_validate.py"],
    ["bench_import.py", "sqlite"],
    ["bench_import.py", "postgresql"],
    ["bench_import.py", "sqlite", "--to-register", "--naive-rows", "0"],
    ["bench_import.py", "postgresql", "--to-register", "--naive-rows", "0"],
    ["bench_civreg.py"],
    ["bench_link.py", "accuracy"],
    ["bench_link.py", "speed"],
    ["bench_pmt_targeting.py"],
    # The first run writes a 10,000,000-household register as Parquet under /tmp (minutes).
    ["bench_pmt_rank.py"],
    ["bench_eligibility.py"],
]


def main() -> int:
    cpu = platform.processor() or platform.machine()
    now = datetime.now(UTC)
    print(f"# {now:%Y-%m-%d %H:%M} UTC, {cpu}, Python {platform.python_version()}")
    failed = 0
    for script, *args in BENCHMARKS:
        result = subprocess.run([sys.executable, str(HERE / script), *args], check=False)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
