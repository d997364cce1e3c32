"""Benchmark of PMT scoring and national ranking: 10,000,000 households on DuckDB.

Run: ``.venv/bin/python benchmarks/bench_pmt_rank.py [households] [--memory-limit 5GB]
[--learner ols|gbm|both] [--input parquet|arrow|both] [--data DIR]``.

1. A register of ``households`` households (default 10,000,000; about 3.77 persons each) is
   written as Parquet by DuckDB SQL alone (``range()`` and ``hash()``: plausible, correlated
   codes for every column of the interchange layout; synth is far too slow for this size) into
   ``/tmp/dtks-bench-pmt-<households>`` (or ``--data``), reused when present.
2. A model is fitted on a small synth survey (cached in ``/tmp/dtks-bench-pmt-survey``).
3. Each run (learner x input) is timed in a fresh process, so the peak resident set size is
   that of the ranking alone: ``score_and_rank`` on a ``DuckDBSqlEngine`` with the memory
   limit, reading the Parquet files directly (``register_parquet``) or first loaded as Arrow.

Prints one JSON line per run: ``{"benchmark": "pmt_rank", ...}``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

AS_OF = date(2025, 6, 30)
SURVEY_DIR = Path("/tmp/dtks-bench-pmt-survey")
SURVEY_HOUSEHOLDS = 20_000
FILES = ("households", "persons", "members")

# Household size 1..7 with these weights (per mille): mean about 3.77 persons.
SIZE_WEIGHTS = (70, 150, 220, 250, 170, 90, 50)


def _pick(values: list[int], salt: int) -> str:
    """A code from ``values`` (poorest first), driven by the household's wealth and noise."""
    score = f"(0.6 * w + 0.4 * (hh(i, {salt}) % 1000) / 1000.0)"
    index = f"least(CAST(floor({score} * {len(values)}) AS INT), {len(values) - 1})"
    return f"[{', '.join(str(v) for v in values)}][{index} + 1]"


def _owns(threshold: float, salt: int) -> str:
    return f"(0.7 * w + 0.3 * (hh(i, {salt}) % 1000) / 1000.0) > {threshold}"


# Per coded column: codes from poor to rich (repeats weight a code).
HOUSEHOLD_CODES = {
    "sta_bangunan": [3, 2, 1, 1, 1, 1, 4],
    "sta_lahan": [3, 2, 1, 1, 1, 4],
    "lantai": [9, 8, 7, 6, 6, 4, 2, 2, 2, 1],
    "dinding": [6, 4, 5, 3, 2, 1, 1, 1, 1],
    "kondisi_dinding": [2, 2, 1, 1, 1],
    "atap": [9, 8, 6, 6, 5, 4, 4, 3, 2, 1],
    "kondisi_atap": [2, 2, 1, 1, 1],
    "sumber_airminum": [10, 9, 7, 6, 5, 2, 2, 4, 3, 1],
    "sumber_penerangan": [3, 2, 1, 1, 1, 1, 1, 1, 1, 1],
    "daya": [6, 1, 1, 2, 2, 2, 3, 3, 4, 5],
    "bb_masak": [8, 8, 5, 3, 3, 3, 3, 2, 1],
    "fasbab": [4, 3, 2, 1, 1, 1, 1],
    "kloset": [4, 3, 2, 1, 1, 1, 1],
    "buang_tinja": [5, 4, 3, 2, 1, 1, 1, 1],
}
# Asset -> ownership threshold on the wealth scale (0..1).
ASSET_THRESHOLDS = {
    "aset_tabung_gas": 0.55,
    "aset_lemari_es": 0.45,
    "aset_ac": 0.82,
    "aset_pemanas_air": 0.85,
    "aset_telepon_rumah": 0.9,
    "aset_televisi": 0.2,
    "aset_emas": 0.7,
    "aset_komputer": 0.72,
    "aset_sepeda": 0.5,
    "aset_sepeda_motor": 0.3,
    "aset_mobil": 0.88,
    "aset_perahu": 0.97,
    "aset_motor_tempel": 0.98,
    "aset_perahu_motor": 0.985,
    "aset_kapal": 0.995,
    "aset_smartphone": 0.25,
    "aset_lahan": 0.6,
    "aset_rumah_lain": 0.9,
}
PROGRAMS = ("kks", "kip", "kis_pbi", "bpjs_mandiri", "jamsostek", "pkh", "sembako", "kur")


def _size(salt_of: str) -> str:
    cases = " ".join(
        f"WHEN hh({salt_of}, 1) % 1000 < {sum(SIZE_WEIGHTS[: k + 1])} THEN {k + 1}"
        for k in range(len(SIZE_WEIGHTS) - 1)
    )
    return f"CASE {cases} ELSE {len(SIZE_WEIGHTS)} END"


# Every household: its number i, wealth w (village part + own part, 0..1), size, head's age.
BASE_SQL = """
SELECT i, (hh(i // 1000, 8) % 300) / 1000.0 + (hh(i, 0) % 700) / 1000.0 AS w,
       {size} AS size, 22 + hh(i, 9) % 55 AS head_age
FROM range({households}) t(i)
"""


# 20 kecamatan x 4 villages per kab/kota, 15 kab/kota per "province": about 1,000 households
# a village, 10,000 villages, 833 kab/kota.
VILLAGE_CODE = (
    "printf('%02d.%02d.%02d.%d%03d', 11 + (i // 1000) // 1200, 1 + ((i // 1000) // 80) % 15,"
    " 1 + ((i // 1000) % 80) // 4, 1 + hh(i // 1000, 8) % 2, 1 + (i // 1000) % 4)"
)


def households_sql(households: int) -> str:
    from dtks.pipeline.interchange import HOUSEHOLD_FILE_COLUMNS

    columns = {
        "household_ref": "printf('H%010d', i)",
        "kode_wilayah": VILLAGE_CODE,
        "alamat": "printf('Jl. Melati No. %d', 1 + hh(i, 2) % 200)",
        "rt": "printf('%03d', 1 + hh(i, 3) % 15)",
        "rw": "printf('%03d', 1 + hh(i, 4) % 8)",
        "luas_lantai": "CASE WHEN hh(i, 5) % 100 = 0 THEN NULL"
        " ELSE round(size * (4 + 30 * w * w) * (0.7 + (hh(i, 6) % 600) / 1000.0), 1) END",
        "jumlah_kamar": "CAST(1 + floor(size * (0.3 + w) / 2) AS SMALLINT)",
        "luas_lahan": f"CASE WHEN {_owns(ASSET_THRESHOLDS['aset_lahan'], 216)}"
        " THEN round(100 + hh(i, 7) % 20000, 0) END",
    }
    for n, (column, values) in enumerate(HOUSEHOLD_CODES.items()):
        columns[column] = f"CAST({_pick(values, 100 + n)} AS SMALLINT)"
    for n, (column, threshold) in enumerate(ASSET_THRESHOLDS.items()):
        columns[column] = _owns(threshold, 200 + n)
    livestock = [("sapi", 8), ("kerbau", 3), ("kuda", 1), ("babi", 2), ("kambing", 10)]
    for n, (animal, share) in enumerate(livestock):
        columns[f"jumlah_{animal}"] = (
            f"CAST(CASE WHEN hh(i, {300 + n}) % 100 < {share}"
            f" THEN 1 + hh(i, {310 + n}) % 6 ELSE 0 END AS INT)"
        )
    for n, name in enumerate(PROGRAMS):
        columns[f"ikut_{name}"] = f"(w + (hh(i, {400 + n}) % 1000) / 2000.0) < 0.45"
    assert set(columns) == set(HOUSEHOLD_FILE_COLUMNS), set(HOUSEHOLD_FILE_COLUMNS) ^ set(columns)
    selected = ",\n  ".join(f"{columns[c]} AS {c}" for c in HOUSEHOLD_FILE_COLUMNS)
    base = BASE_SQL.format(size=_size("i"), households=households)
    return f"SELECT\n  {selected}\nFROM ({base})"


def persons_sql(households: int) -> str:
    """Persons with what their member variables need (j: a number unique per person)."""
    base = BASE_SQL.format(size=_size("i"), households=households)
    day = f"DATE '{AS_OF.isoformat()}'"
    return f"""
SELECT *, year({day}) - year(tanggal_lahir) AS age
FROM (
  SELECT *, CAST({day} - to_years(CAST(CASE hubungan
        WHEN 1 THEN head_age WHEN 2 THEN greatest(17, head_age - 6 + hh(j, 3) % 10)
        WHEN 6 THEN least(95, head_age + 20 + hh(j, 4) % 10)
        ELSE hh(j, 5) % greatest(1, least(30, head_age - 16)) END AS INT))
      - to_days(CAST(hh(j, 6) % 365 AS INT)) AS DATE) AS tanggal_lahir
  FROM (
    SELECT *, i * 8 + k AS j,
      printf('H%010d', i) AS household_ref,
      printf('P%010d%d', i, k) AS record_id,
      CASE WHEN k = 1 THEN 1
           WHEN k = 2 AND hh(i * 8 + k, 1) % 10 < 8 THEN 2
           WHEN k > 2 AND hh(i * 8 + k, 2) % 20 = 0 THEN 6
           ELSE 3 END AS hubungan
    FROM (SELECT *, unnest(range(1, size + 1)) AS k FROM ({base}))
  )
)
"""


def write_register(households: int, target: Path) -> None:
    import duckdb

    partial = Path(f"{target}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    con = duckdb.connect()
    con.execute("SET memory_limit = '6GB'")
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET temp_directory = '{partial}/tmp'")
    # hash() as a signed integer (list indexes and printf want BIGINT).
    con.execute("CREATE TEMP MACRO hh(a, b) AS CAST(hash(a, b) >> 1 AS BIGINT)")
    con.execute(f"COPY ({households_sql(households)}) TO '{partial}/households.parquet'")
    con.execute(f"CREATE TEMP VIEW people AS {persons_sql(households)}")
    names = "['Siti', 'Budi', 'Agus', 'Sri', 'Dewi', 'Andi', 'Rina', 'Joko', 'Putri', 'Rizky']"
    con.execute(f"""
COPY (
  SELECT record_id, 'BENCH' AS source,
    printf('%02d%02d%02d%02d%02d%02d%04d', 11 + hh(j, 20) % 80, 1 + hh(j, 21) % 70,
           1 + hh(j, 22) % 30, day(tanggal_lahir), month(tanggal_lahir),
           year(tanggal_lahir) % 100, 1 + hh(j, 23) % 9000) AS nik,
    printf('%02d%04d%010d', 11 + hh(i, 20) % 80, 1 + hh(i, 21) % 9000, i) AS no_kk,
    {names}[1 + hh(j, 24) % 10] || ' ' || {names}[1 + hh(j, 25) % 10] AS nama,
    CASE WHEN hubungan = 1 THEN (CASE WHEN hh(i, 26) % 100 < 85 THEN 'L' ELSE 'P' END)
         WHEN hubungan = 2 THEN (CASE WHEN hh(i, 26) % 100 < 85 THEN 'P' ELSE 'L' END)
         WHEN hh(j, 27) % 2 = 0 THEN 'L' ELSE 'P' END AS jenis_kelamin,
    'Bandar Lampung' AS tempat_lahir, tanggal_lahir,
    {names}[1 + hh(j, 28) % 10] AS nama_ibu_kandung,
    printf('Jl. Melati No. %d', 1 + hh(i, 2) % 200) AS alamat,
    printf('%03d', 1 + hh(i, 3) % 15) AS rt, printf('%03d', 1 + hh(i, 4) % 8) AS rw,
    {VILLAGE_CODE} AS kode_wilayah, household_ref
  FROM people
) TO '{partial}/persons.parquet'""")
    con.execute(f"""
COPY (
  SELECT record_id,
    CAST(hubungan AS SMALLINT) AS hubungan,
    CAST(CASE WHEN hubungan IN (1, 2, 6) THEN (CASE WHEN hh(j, 30) % 10 = 0 THEN 4 ELSE 2 END)
              WHEN age >= 22 AND hh(j, 31) % 2 = 0 THEN 2 ELSE 1 END AS SMALLINT) AS status_kawin,
    CAST(CASE WHEN hubungan = 2 AND age < 45 AND hh(j, 32) % 20 = 0 THEN 1 ELSE 2 END
         AS SMALLINT) AS hamil,
    CAST(CASE WHEN hh(j, 33) % 70 = 0 THEN 1 + hh(j, 34) % 12 ELSE 0 END AS SMALLINT)
      AS jenis_cacat,
    CAST(CASE WHEN hh(j, 35) % 12 = 0 THEN 1 + hh(j, 36) % 9 ELSE 0 END AS SMALLINT)
      AS penyakit_kronis,
    CAST(CASE WHEN age < 7 THEN 0 WHEN age <= 18 THEN 1 ELSE 2 END AS SMALLINT)
      AS partisipasi_sekolah,
    CAST(CASE WHEN age < 7 THEN NULL WHEN age <= 12 THEN 1 WHEN age <= 15 THEN 4
              WHEN age <= 18 OR w < 0.7 THEN 7 ELSE 10 END AS SMALLINT) AS jenjang,
    CAST(CASE WHEN age < 12 THEN 0 ELSE least(6, CAST(floor(w * 5 + (hh(j, 37) % 100) / 60.0)
         AS INT)) END AS SMALLINT) AS ijazah,
    CAST(CASE WHEN age >= 15 AND age < 70 AND hh(j, 38) % 100 < 65 THEN 1 ELSE 2 END
         AS SMALLINT) AS bekerja,
    CAST(CASE WHEN age >= 15 AND age < 70 AND hh(j, 38) % 100 < 65
              THEN 1 + hh(j, 39) % 21 END AS SMALLINT) AS lapangan_usaha,
    CAST(CASE WHEN age >= 15 AND age < 70 AND hh(j, 38) % 100 < 65
              THEN [6, 7, 8, 1, 2, 4, 4, 3, 5][1 + least(8, CAST(floor(w * 7
                   + (hh(j, 40) % 100) / 50.0) AS INT))] END AS SMALLINT) AS status_pekerjaan
  FROM people
) TO '{partial}/members.parquet'""")
    con.close()
    shutil.rmtree(partial / "tmp", ignore_errors=True)
    partial.rename(target)


def register_dir(households: int, data: Path | None) -> Path:
    target = data or Path(f"/tmp/dtks-bench-pmt-{households}")
    if all((target / f"{name}.parquet").exists() for name in FILES):
        return target
    start = time.perf_counter()
    write_register(households, target)
    print(
        json.dumps(
            {
                "benchmark": "pmt_rank_data",
                "households": households,
                "seconds": round(time.perf_counter() - start, 1),
                "bytes": sum((target / f"{n}.parquet").stat().st_size for n in FILES),
            }
        ),
        flush=True,
    )
    return target


def model_file(learner: str) -> Path:
    """A model of ``learner`` fitted on a cached synth survey."""
    path = SURVEY_DIR / f"model-{learner}.json"
    if path.exists():
        return path
    from dtks.pipeline.pmt.fit import fit_survey
    from dtks.pipeline.pmt.model import model_to_json
    from dtks.synth import generate

    world = SURVEY_DIR / "world"
    if not (world / "manifest.json").exists():
        generate(region="18.71", households=SURVEY_HOUSEHOLDS, seed=5, out_dir=world)
    result = fit_survey(world / "survey", learner=learner, as_of=AS_OF)
    path.write_text(model_to_json(result.model))
    return path


def run_one(data: Path, learner: str, source: str, memory_limit: str) -> dict[str, object]:
    """Score and rank in this process and measure it."""
    import pyarrow.parquet as pq

    from dtks.pipeline.pmt.model import load_model
    from dtks.pipeline.pmt.rank import REQUIRED_COLUMNS, TableInput, score_and_rank
    from dtks.pipeline.sql_engines import DuckDBSqlEngine

    model = load_model(model_file(learner))
    engine = DuckDBSqlEngine(memory_limit=memory_limit, temp_directory=data / "spill")
    start = time.perf_counter()
    cpu = time.process_time()
    tables: dict[str, TableInput] = {}
    for name in FILES:
        path = data / f"{name}.parquet"
        if source == "parquet":
            engine.register_parquet(f"bench_{name}", [path])
            tables[name] = f"bench_{name}"
        else:
            tables[name] = pq.read_table(path, columns=list(REQUIRED_COLUMNS[name]))
    loaded = time.perf_counter() - start
    ranked = score_and_rank(
        engine=engine,
        households=tables["households"],
        persons=tables["persons"],
        members=tables["members"],
        model=model,
        as_of=AS_OF,
    )
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    desil = ranked.column("desil").value_counts().to_pylist()
    engine.close()
    return {
        "benchmark": "pmt_rank",
        "households": ranked.num_rows,
        "learner": learner,
        "input": source,
        "seconds": round(seconds, 1),
        "load_seconds": round(loaded, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "households_per_second": round(ranked.num_rows / seconds),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "memory_limit": memory_limit,
        "desil_sizes": sorted((d["values"], d["counts"]) for d in desil),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("households", nargs="?", type=int, default=10_000_000)
    parser.add_argument("--memory-limit", default="5GB")
    parser.add_argument("--learner", choices=("ols", "gbm", "both"), default="both")
    parser.add_argument("--input", choices=("parquet", "arrow", "both"), default="parquet")
    parser.add_argument("--data", type=Path, help="register folder (default under /tmp)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    data = args.data or Path(f"/tmp/dtks-bench-pmt-{args.households}")
    if args.child:
        print(json.dumps(run_one(data, args.learner, args.input, args.memory_limit)), flush=True)
        return 0
    register_dir(args.households, data)
    learners = ["ols", "gbm"] if args.learner == "both" else [args.learner]
    sources = ["parquet", "arrow"] if args.input == "both" else [args.input]
    for learner in learners:
        model_file(learner)  # fitted once, outside the measured process
    failed = 0
    for learner in learners:
        for source in sources:
            command = [
                sys.executable,
                __file__,
                str(args.households),
                "--data",
                str(data),
                "--learner",
                learner,
                "--input",
                source,
                "--memory-limit",
                args.memory_limit,
                "--child",
            ]
            failed += subprocess.run(command, check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
