"""Targeting report: OLS against boosted trees, on the synth survey and on the whole population.

Run: ``.venv/bin/python benchmarks/bench_pmt_targeting.py [households] [--region 18.71]``.
Generates a synth world (its survey is 5 % of the households, at least 2,000), fits both
learners with ``dtks.pipeline.pmt.fit`` and prints a markdown table: R2, RMSE, inclusion and
exclusion error at the 40 % cut-off on the survey's held-out part, and the same errors when the
model (refitted on the whole survey) ranks every household of the synth population against its
true consumption (``truth/households.csv``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import numpy as np

from dtks.domain.pmt import targeting_errors
from dtks.pipeline.pmt.fit import fit_survey
from dtks.pipeline.pmt.model import PmtModel, welfare_sql
from dtks.pipeline.pmt.proxies import proxy_sql
from dtks.synth import generate


def population_errors(model: PmtModel, truth: Path, as_of: date) -> dict[str, float]:
    """Rank the whole synth population with ``model`` (its SQL, on DuckDB) against the truth."""
    con = duckdb.connect()
    for name in ("households", "persons", "members"):
        path = truth / f"{name}.csv"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv('{path}', header = true)")
    rows = con.sql(
        f"SELECT {welfare_sql(model, table='p')} AS welfare, "
        "ln(CAST(h.konsumsi_per_kapita AS DOUBLE)) AS actual "
        f"FROM ({proxy_sql(as_of=as_of)}) p JOIN households h USING (household_ref)"
    ).fetchnumpy()
    con.close()
    predicted, actual = rows["welfare"], rows["actual"]
    errors = targeting_errors(predicted, actual, share=0.4)
    residual = actual - predicted
    return {
        "r2": 1 - float((residual**2).sum()) / float(((actual - actual.mean()) ** 2).sum()),
        "rmse": float(np.sqrt((residual**2).mean())),
        "inclusion_error": errors.inclusion_error,
        "exclusion_error": errors.exclusion_error,
        "households": len(actual),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("households", nargs="?", type=int, default=100_000)
    parser.add_argument("--region", default="18.71")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_pmt_") as tmp:
        root = Path(tmp)
        generate(region=args.region, households=args.households, seed=args.seed, out_dir=root)
        manifest = json.loads((root / "manifest.json").read_text())
        as_of = date.fromisoformat(manifest.get("reference_date", "2024-06-30"))
        results = {}
        for learner in ("ols", "gbm"):
            started = time.perf_counter()
            fitted = fit_survey(root / "survey", as_of=as_of, learner=learner, seed=args.seed)
            seconds = time.perf_counter() - started
            population = population_errors(fitted.model, root / "truth", as_of)
            results[learner] = (fitted, seconds, population)
    report = results["ols"][0].report
    print(
        f"Synth {args.region}, {args.households:,} households, seed {args.seed}; survey "
        f"{report['survey_households']:,} households (held out {report['holdout']['test']:,}); "
        f"cut-off 40 %; population {results['ols'][2]['households']:,} households.\n"
    )
    print(
        "| learner | held-out R2 | held-out RMSE | held-out inclusion | held-out exclusion "
        "| population R2 | population inclusion | population exclusion | fit time |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for learner, (fitted, seconds, population) in results.items():
        held = report["learners"][learner]
        extra = f" ({len(fitted.model.trees)} trees)" if learner == "gbm" else ""
        print(
            f"| {learner}{extra} | {held['r2']:.3f} | {held['rmse']:.3f} | "
            f"{held['inclusion_error']:.3f} | {held['exclusion_error']:.3f} | "
            f"{population['r2']:.3f} | {population['inclusion_error']:.3f} | "
            f"{population['exclusion_error']:.3f} | {seconds:.1f} s |"
        )
    print(f"\nBetter on held-out data (RMSE): {report['better_on_holdout']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
