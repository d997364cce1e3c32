"""Command line of the generator: ``dtks synth`` and ``python -m dtks.synth``.

python -m dtks.synth --region 18.71 --households 1000 --seed 1 --out /tmp/x
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dtks.synth.generator import generate


def build_parser(prog: str = "dtks synth") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Generate a synthetic DTKS world: truth, civil registry, dirty sources, "
        "a consumption survey and the ground truth (see docs/synth.md).",
    )
    parser.add_argument("--region", required=True, help="kab/kota (18.71) or province (18) code")
    parser.add_argument("--households", type=int, required=True, help="number of households")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    return parser


def main(argv: list[str] | None = None, prog: str = "dtks synth") -> int:
    args = build_parser(prog).parse_args(argv)

    def progress(message: str, step: int, total: int) -> None:
        if not args.quiet:
            print(f"[{step}/{total}] {message}", file=sys.stderr, flush=True)

    start = time.perf_counter()
    try:
        summary = generate(
            region=args.region, households=args.households, seed=args.seed, out_dir=args.out,
            progress=progress,
        )  # fmt: skip
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    sources = ", ".join(f"{k} {v}" for k, v in summary.source_records.items())
    print(
        f"{summary.region_name} ({summary.region}), seed {summary.seed}: "
        f"{summary.households} households, {summary.persons} persons "
        f"({summary.dead} dead, {summary.moved} moved); sources: {sources}; "
        f"{summary.errors} injected errors; survey {summary.survey_households} households. "
        f"Written to {summary.out_dir} in {elapsed:.1f} s."
    )
    return 0
