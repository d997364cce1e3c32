"""``dtks link INPUT --out OUTPUT [--engine duckdb|spark] [--model PATH] [--save-model PATH]``.

Input: a person interchange file (CSV or Parquet, docs/formats.md). Output: a CSV
``record_id,person_id`` with every input record exactly once. Without ``--model`` the model
is trained on the input (and saved with ``--save-model``); with it, the stored model is
reused. No database, no Django.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from .errors import LinkageError, LinkInputError
from .link import link_persons
from .result import Thresholds


def read_persons(path: Path) -> pa.Table:
    """Read a person interchange file; every column as text."""
    if not path.is_file():
        raise LinkInputError(f"{path}: berkas tidak ada")
    if path.stat().st_size == 0:
        raise LinkInputError(f"{path}: berkas kosong")
    con = duckdb.connect()
    try:
        if path.suffix.lower() == ".parquet":
            relation = con.read_parquet(str(path))
            table = relation.to_arrow_table()
            return table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
        return con.sql(
            "select * from read_csv(?, all_varchar = true, header = true)", params=[str(path)]
        ).to_arrow_table()
    except duckdb.Error as error:
        raise LinkInputError(f"{path}: tidak terbaca sebagai CSV/Parquet ({error})") from None
    finally:
        con.close()


def write_clusters(clusters: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pacsv.write_csv(clusters, tmp, write_options=pacsv.WriteOptions(quoting_style="needed"))
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dtks link", description="Padankan rekaman individu menjadi satu identitas per orang."
    )
    parser.add_argument("input", type=Path, help="berkas individu (CSV atau Parquet)")
    parser.add_argument("--out", type=Path, required=True, help="CSV keluaran record_id,person_id")
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--model", type=Path, help="model tersimpan (JSON) untuk dipakai ulang")
    parser.add_argument("--save-model", type=Path, help="simpan model yang dilatih ke sini")
    parser.add_argument("--review-out", type=Path, help="CSV pasangan yang perlu ditinjau")
    parser.add_argument("--accept", type=float, default=Thresholds().accept)
    parser.add_argument("--review", type=float, default=Thresholds().review)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()

    def progress(step: str, done: int, total: int) -> None:
        if not args.quiet:
            print(f"[{done}/{total}] {step} ({time.monotonic() - started:.1f} s)", file=sys.stderr)

    try:
        thresholds = Thresholds(accept=args.accept, review=args.review)
        persons = read_persons(args.input)
        result = link_persons(
            persons,
            engine=args.engine,
            model_path=args.model,
            thresholds=thresholds,
            progress=progress,
        )
    except (LinkageError, ValueError) as error:
        print(f"dtks link: {error}", file=sys.stderr)
        return 2
    write_clusters(result.clusters, args.out)
    if args.review_out:
        write_clusters(result.review_pairs.drop(["evidence"]), args.review_out)
    if args.save_model and result.model is not None:
        result.model.save(args.save_model)
    if not args.quiet:
        counts = result.counts
        print(
            f"{counts['records']} rekaman -> {counts['persons']} orang; "
            f"{counts['pairs_review']} pasangan perlu ditinjau; model {result.model_version}; "
            f"{time.monotonic() - started:.1f} s",
            file=sys.stderr,
        )
    return 0
