"""Benchmark of programme eligibility: 1,000,000 families (about 3.8 M people), four programmes.

Run: ``.venv/bin/python benchmarks/bench_eligibility.py [families] [--engine duckdb]``.
Generates ranked households and their members with DuckDB SQL (seeded hashes, no files),
then times ``eligibility_decide`` with the default rule documents of PKH, SEMBAKO, PBI_JKN
and PIP. Prints one JSON line: ``{"benchmark": "eligibility", ...}`` with the wall time of the
decision, the peak resident set size of the process (inputs included) and the counts.
Target (issue 5): under 30 s for 1,000,000 families on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from dtks.domain.eligibility import parse_rules
from dtks.pipeline.eligibility import default_rule_documents, eligibility_decide
from dtks.pipeline.sql_engines import sql_engine

AS_OF = date(2026, 1, 1)
FLAGS = (
    "ikut_kks",
    "ikut_kip",
    "ikut_kis_pbi",
    "ikut_bpjs_mandiri",
    "ikut_jamsostek",
    "ikut_pkh",
    "ikut_sembako",
    "ikut_kur",
)


def _u(expr: str, salt: int) -> str:
    """A deterministic pseudo-random number in [0, 1) from ``expr``."""
    return f"((hash({expr}, {salt}) % 1000000) / 1000000.0)"


def generate(families: int) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Households (one family each, a few with two KKs), persons and minimum wages."""
    con = duckdb.connect()
    flags = ", ".join(f"{_u('i', 20 + n)} < 0.1 AS {flag}" for n, flag in enumerate(FLAGS))
    con.execute(f"""
        CREATE TABLE h AS
        SELECT i, 'H' || lpad(CAST(i AS VARCHAR), 8, '0') AS household_ref,
          printf('%02d.%02d.01.%04d', 11 + CAST(i % 30 AS INT), 1 + CAST((i // 30) % 12 AS INT),
                 1001 + CAST(i % 7 AS INT)) AS kode_wilayah,
          1 + CAST(floor({_u("i", 1)} * 7) AS INT) AS size,
          {_u("i", 2)} AS score, {flags}
        FROM range({families}) t(i)
    """)
    households = con.sql("""
        SELECT household_ref, kode_wilayah,
          CAST(ceil(pr / 10.0) AS SMALLINT) AS desil, CAST(pr AS SMALLINT) AS persentil,
          12.5 + score * 2.5 AS welfare, exp(12.5 + score * 2.5) / 1000 AS konsumsi_prediksi,
          ikut_kks, ikut_kip, ikut_kis_pbi, ikut_bpjs_mandiri, ikut_jamsostek, ikut_pkh,
          ikut_sembako, ikut_kur
        FROM (SELECT *, 1 + CAST(floor(score * 100) AS INT) AS pr FROM h)
        ORDER BY household_ref
    """).to_arrow_table()
    persons = con.sql(f"""
        WITH m AS (SELECT h.i, h.household_ref, j FROM h, range(h.size) r(j))
        SELECT household_ref || '-' || CAST(j AS VARCHAR) AS person_ref, household_ref,
          CASE WHEN {_u("i", 3)} < 0.05 THEN NULL
               WHEN j >= 3 AND {_u("i", 4)} < 0.1 THEN '19' || lpad(CAST(i AS VARCHAR), 14, '0')
               ELSE '18' || lpad(CAST(i AS VARCHAR), 14, '0') END AS no_kk,
          CASE WHEN {_u("i * 10 + j", 5)} < 0.02 THEN NULL
               ELSE '18' || lpad(CAST(i * 10 + j AS VARCHAR), 14, '0') END AS nik,
          CASE WHEN j = 1 THEN 'P' WHEN j = 0 THEN 'L'
               WHEN {_u("i * 10 + j", 6)} < 0.5 THEN 'P' ELSE 'L' END AS jenis_kelamin,
          DATE '2026-01-01' - CAST(365.25 * CASE WHEN j < 2 THEN 25 + {_u("i", 7)} * 55
               ELSE {_u("i * 10 + j", 8)} * 24 END AS INT) AS tanggal_lahir,
          CASE WHEN j = 0 THEN 1 WHEN j = 1 THEN 2 ELSE 3 END AS hubungan,
          CASE WHEN j = 1 AND {_u("i", 9)} < 0.05 THEN 1 ELSE 2 END AS hamil,
          CASE WHEN {_u("i * 10 + j", 10)} < 0.02 THEN 7 ELSE 0 END AS jenis_cacat,
          CASE WHEN j >= 2 THEN 1 ELSE 2 END AS partisipasi_sekolah,
          CASE WHEN j >= 2 THEN 1 + CAST(floor({_u("i * 10 + j", 11)} * 9) AS INT) END AS jenjang,
          CASE WHEN j < 2 THEN 1 ELSE 2 END AS bekerja,
          CASE WHEN j = 0 AND {_u("i", 12)} < 0.03 THEN 5 WHEN j = 0 THEN 4 END AS status_pekerjaan,
          CASE WHEN {_u("i * 10 + j", 13)} < 0.02 THEN 'meninggal'
               WHEN {_u("i * 10 + j", 14)} < 0.15 THEN '' ELSE 'hidup' END AS status_dukcapil
        FROM m ORDER BY household_ref, j
    """).to_arrow_table()
    wages = con.sql("""
        SELECT printf('%02d', 11 + p) AS kode_wilayah, CAST(2500000 + p * 20000 AS BIGINT) AS amount
        FROM range(30) t(p)
        UNION ALL SELECT '12.01', CAST(3500000 AS BIGINT)
    """).to_arrow_table()
    con.close()
    return households, persons, wages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("families", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--engine", default="duckdb", choices=["duckdb", "spark"])
    args = parser.parse_args()
    start = time.perf_counter()
    households, persons, wages = generate(args.families)
    generate_seconds = time.perf_counter() - start
    programmes = [parse_rules(document) for document in default_rule_documents()]
    engine = sql_engine(args.engine)
    cpu = time.process_time()
    start = time.perf_counter()
    decisions = eligibility_decide(
        engine=engine,
        households=households,
        persons=persons,
        minimum_wages=wages,
        programmes=programmes,
        as_of=AS_OF,
    )
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    engine.close()
    summary = decisions.select(["programme", "eligible", "amount"])
    eligible = summary.filter(summary["eligible"])
    by_programme = {}
    for code in pc.unique(summary["programme"]).to_pylist():
        rows = eligible.filter(pc.equal(eligible["programme"], code))
        by_programme[code] = {"eligible": rows.num_rows, "amount": pc.sum(rows["amount"]).as_py()}
    print(
        json.dumps(
            {
                "benchmark": "eligibility",
                "engine": args.engine,
                "families": args.families,
                "persons": persons.num_rows,
                "decisions": decisions.num_rows,
                "generate_seconds": round(generate_seconds, 2),
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu_seconds, 2),
                "peak_rss_mib": round(peak_mib),
                "reasons_mib": round(decisions["reasons"].nbytes / 2**20),
                "programmes": by_programme,
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
