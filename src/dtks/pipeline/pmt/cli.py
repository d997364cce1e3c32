"""``dtks pmt fit SURVEY --out MODEL [--learner ols|gbm] [--holdout 0.2] [--seed N]
[--as-of YYYY-MM-DD] [--report PATH.json] [--without PROXY ...]``.

Fits a PMT model on a survey folder (docs/pmt.md), prints OLS against boosted trees on the
held-out part, and writes the chosen learner's model file. No database, no Django.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dtks.domain.pmt import PmtError
from dtks.pipeline.sql_engines import ENGINE_NAMES, sql_engine

from .fit import LEARNERS, FitResult, fit_survey
from .model import PmtModelError, save_model

_NAMES = {"ols": "OLS", "gbm": "GBM (boosted trees)"}


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal tidak sah: {text!r} (YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dtks pmt fit",
        description="Latih model PMT dari folder survei konsumsi (households.csv, persons.csv, "
        "members.csv).",
    )
    parser.add_argument("survey", type=Path, help="folder survei")
    parser.add_argument("--out", type=Path, required=True, help="berkas model (JSON) keluaran")
    parser.add_argument("--learner", choices=LEARNERS, default="ols", help="model yang ditulis")
    parser.add_argument("--holdout", type=float, default=0.2, help="bagian uji (default 0,2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--as-of", type=_as_of, default=None, help="tanggal acuan umur (default hari ini)"
    )
    parser.add_argument("--report", type=Path, help="tulis laporan kecocokan (JSON) ke sini")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="PROKSI",
        help="tinggalkan proksi ini (boleh berulang), mis. yang bernilai tetap di survei",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINE_NAMES,
        default="duckdb",
        help="mesin yang menghitung proksi (default duckdb; spark: sama dengan pemeringkatan)",
    )
    parser.add_argument("--quiet", action="store_true")
    return parser


def _print(result: FitResult, out: Path, console: Console) -> None:
    report = result.report
    table = Table(title=f"Data uji: {report['holdout']['test']} rumah tangga survei")
    for column in ("Model", "R2", "RMSE", "Galat inklusi 40%", "Galat eksklusi 40%"):
        table.add_column(column, justify="left" if column == "Model" else "right")
    for name in LEARNERS:
        figures = report["learners"][name]
        table.add_row(
            _NAMES[name],
            f"{figures['r2']:.3f}",
            f"{figures['rmse']:.4f}",
            f"{figures['inclusion_error']:.3f}",
            f"{figures['exclusion_error']:.3f}",
        )
    console.print(table)
    better, chosen = report["better_on_holdout"], report["chosen"]
    for proxy, reason in report["proxies_left_out"].items():
        console.print(f"Proksi {proxy} tidak dipakai: {reason}.")
    if better != chosen:
        console.print(
            f"[bold]{better.upper()} lebih baik pada data uji[/bold] (RMSE "
            f"{report['learners'][better]['rmse']:.4f} lawan "
            f"{report['learners'][chosen]['rmse']:.4f}); pakai --learner {better} untuk "
            "menuliskannya."
        )
    console.print(
        f"Model {chosen.upper()} (dilatih ulang pada semua {report['survey_households']} rumah "
        f"tangga) ditulis ke {out}; versi {result.model.version[:12]}."
    )


def fit_main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    console = Console(stderr=True, quiet=args.quiet, soft_wrap=True)
    if not args.out.parent.is_dir():
        print(f"dtks pmt fit: {args.out.parent}: folder keluaran tidak ada", file=sys.stderr)
        return 2
    try:
        engine = sql_engine(args.engine) if args.engine != "duckdb" else None
        try:
            result = fit_survey(
                args.survey,
                as_of=args.as_of or date.today(),
                learner=args.learner,
                holdout=args.holdout,
                seed=args.seed,
                without=tuple(args.without),
                engine=engine,
            )
        finally:
            if engine is not None:
                engine.close()
    except (PmtError, PmtModelError) as error:
        print(f"dtks pmt fit: {error}", file=sys.stderr)
        return 2
    save_model(result.model, args.out)
    if args.report:
        tmp = args.report.with_name(args.report.name + ".tmp")
        tmp.write_text(json.dumps(result.report, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(args.report)
    _print(result, args.out, console)
    return 0
