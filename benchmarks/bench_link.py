"""Benchmark of ``dtks link`` against stock Splink 5, measured in the same run.

    .venv/bin/python benchmarks/bench_link.py accuracy      # FEBRL3, FEBRL4, synth
    .venv/bin/python benchmarks/bench_link.py speed [N]     # N person records (1,000,000)

Accuracy: pairwise precision/recall/F1 of the clusters; dtks trains on each input (no
labels), stock Splink uses the settings of its published examples (``linkage_stock.py``).
Speed: ``dtks link`` as a subprocess on a synth province (sources + civil-registry extract,
about N records), with the model dtks ships (trained on another synth world), then
stock Splink on the same file; wall time and peak RSS of each. One JSON line per result.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import linkage_data as data  # noqa: E402
import linkage_stock as stock  # noqa: E402

from dtks.pipeline.linkage import link_persons  # noqa: E402
from dtks.pipeline.linkage.model import default_model_path  # noqa: E402


def _world(households: int, region: str, seed: int) -> Path:
    target = Path(f"/tmp/dtks-bench-link-{region}-{households}-{seed}")
    if not (target / "manifest.json").exists():
        from dtks.synth import generate

        generate(region=region, households=households, seed=seed, out_dir=target)
    return target


def _emit(**fields: object) -> None:
    print(json.dumps({"benchmark": "link", **fields}), flush=True)


def accuracy() -> None:
    a, b = data.febrl4()
    cases = {
        "febrl3": (data.febrl_as_interchange(data.febrl3()), lambda: stock.febrl3(data.febrl3())),
        "febrl4": (
            pa.concat_tables([data.febrl_as_interchange(a), data.febrl_as_interchange(b)]),
            lambda: stock.febrl4(a, b),
        ),
    }
    synth = data.synth_persons(_world(20_000, "18.71", 7))
    cases["synth_18.71_20k"] = (synth, lambda: stock.synth(synth.drop(["truth"])))
    for name, (persons, run_stock) in cases.items():
        truth = persons.select(["record_id", "truth"])
        started = time.monotonic()
        result = link_persons(persons.drop(["truth"]))
        dtks_seconds = time.monotonic() - started
        started = time.monotonic()
        stock_clusters = run_stock()
        stock_seconds = time.monotonic() - started
        _emit(
            case=name,
            records=persons.num_rows,
            dtks={**data.pairwise_scores(result.clusters, truth), "seconds": round(dtks_seconds, 1),
                  "review_pairs": result.review_pairs.num_rows},
            stock_splink={**data.pairwise_scores(stock_clusters, truth),
                          "seconds": round(stock_seconds, 1)},
        )  # fmt: skip


def _timed(command: list[str]) -> tuple[float, float, str]:
    """Wall time, peak RSS (GB, from GNU time) and the last line the command printed."""
    started = time.monotonic()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, check=False
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[:3]} failed: {done.stderr[-2000:]}")
    lines = done.stderr.strip().splitlines()
    return seconds, int(lines[-1]) / 1024**2, lines[-2] if len(lines) > 1 else ""


STOCK_SCRIPT = """
import sys, time, duckdb
sys.path.insert(0, {here!r})
import linkage_stock
persons = duckdb.sql("select * from read_parquet({path!r})").to_arrow_table()
clusters = linkage_stock.synth(persons, u_pairs=1e7)
print(clusters.num_rows, file=sys.stderr)
"""


def speed(records: int) -> None:
    households = int(records / 7.8) + 1
    world = _world(households, "18", 1)
    # The model dtks ships, trained on another world (Kota Bandar Lampung, seed 7).
    model = default_model_path()
    persons = data.synth_persons(world)
    path = Path(f"/tmp/dtks-bench-link-{persons.num_rows}.parquet")
    pq.write_table(persons.drop(["truth"]), path)
    out = path.with_suffix(".clusters.csv")
    dtks = [sys.executable, "-m", "dtks", "link", str(path), "--out", str(out)]
    seconds, peak_gb, summary = _timed([*dtks, "--model", str(model)])
    clusters = duckdb.sql(f"select * from read_csv('{out}', all_varchar=true)").to_arrow_table()
    scores = data.pairwise_scores(clusters, persons.select(["record_id", "truth"]))
    _emit(case="speed_dtks_stored_model", records=persons.num_rows, seconds=round(seconds, 1),
          peak_rss_gb=round(peak_gb, 2), summary=summary, **scores)  # fmt: skip
    trained_seconds, trained_peak, trained_summary = _timed(dtks)
    _emit(case="speed_dtks_trains_on_input", records=persons.num_rows,
          seconds=round(trained_seconds, 1), peak_rss_gb=round(trained_peak, 2),
          summary=trained_summary)  # fmt: skip
    stock_seconds, stock_peak, _ = _timed(
        [sys.executable, "-c", STOCK_SCRIPT.format(here=str(HERE), path=str(path))]
    )
    _emit(case="speed_stock_splink_trains", records=persons.num_rows,
          seconds=round(stock_seconds, 1), peak_rss_gb=round(stock_peak, 2),
          ratio_stock_over_dtks_stored_model=round(stock_seconds / seconds, 2),
          ratio_stock_over_dtks_training=round(stock_seconds / trained_seconds, 2))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("accuracy", "speed"))
    parser.add_argument("records", nargs="?", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.what == "accuracy":
        accuracy()
    else:
        speed(args.records)


if __name__ == "__main__":
    main()
