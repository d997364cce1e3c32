"""Orchestration of one import's validation: read, stage, judge, write (see ``__init__``)."""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files as package_files
from pathlib import Path

import duckdb
import pyarrow as pa

from dtks.domain import wilayah
from dtks.domain.codes import CIVIL_REGISTRY_SOURCE
from dtks.domain.rules import RULES
from dtks.pipeline.intake import outputs
from dtks.pipeline.intake.crossfile import CrossRules, Staged
from dtks.pipeline.intake.errors import FileRejected
from dtks.pipeline.intake.headers import (
    CIVIL_REGISTRY_COLUMNS,
    HOUSEHOLDS,
    KIND_LABELS,
    KINDS,
    PERSONS,
    Header,
)
from dtks.pipeline.intake.plans import plan_for
from dtks.pipeline.intake.reading import scan_csv, stage_csv
from dtks.pipeline.intake.rules_sql import Plan
from dtks.pipeline.intake.spreadsheet import sha256_of, stage_parquet, stage_xlsx
from dtks.pipeline.intake.staging import quote_ident

Progress = Callable[[str, int, int], None]

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")
OUTPUT_NAMES = (
    *(outputs.VALID_FILE.format(kind=kind) for kind in KINDS),
    outputs.QUARANTINE_FILE,
    outputs.ISSUES_FILE,
)


@dataclass(frozen=True)
class FileInfo:
    name: str
    kind: str  # "persons", "members" or "households"
    format: str  # "csv", "xlsx" or "parquet"
    encoding: str | None  # "utf-8", "utf-8-sig", "windows-1252"; None for xlsx/parquet
    rows_read: int
    sha256: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class ValidationResult:
    source: str
    reference_date: date
    files: tuple[FileInfo, ...]
    persons_valid: Path
    members_valid: Path | None
    households_valid: Path | None
    quarantine: Path
    issues: Path
    counts: dict[str, outputs.FileCounts]  # by file name

    def valid_path(self, kind: str) -> Path | None:
        return {
            "persons": self.persons_valid,
            "members": self.members_valid,
            "households": self.households_valid,
        }[kind]


@functools.cache
def _village_codes() -> tuple[str, ...]:
    text = (package_files("dtks.regions") / "data" / "villages.csv").read_text(encoding="utf-8")
    return tuple(row["code"] for row in csv.DictReader(io.StringIO(text, newline="")))


def _load_references(con: duckdb.DuckDBPyConnection) -> None:
    kecamatan = pa.table({"code": sorted(wilayah.kecamatan_codes())})
    villages = pa.table({"code": list(_village_codes())})
    rules = pa.table({"code": list(RULES), "message": [rule.message for rule in RULES.values()]})
    for name, table in (("ref_kecamatan", kecamatan), ("ref_desa", villages), ("ref_rules", rules)):
        con.register(f"{name}_arrow", table)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
        con.unregister(f"{name}_arrow")
    con.execute(
        "CREATE TABLE issues (file_name VARCHAR, row_number BIGINT, kind VARCHAR, "
        '"column" VARCHAR, col_pos INTEGER, rule_code VARCHAR, severity VARCHAR, '
        "original_value VARCHAR, new_value VARCHAR)"
    )


def _stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    table: str,
    tmp_dir: Path,
    progress: Progress | None,
) -> tuple[Header, str, str | None, str]:
    """Stage one file as DuckDB table ``table``; (header, format, encoding, sha256)."""
    name = path.name
    if not path.is_file():
        raise FileRejected("berkas_kosong", file=name, detail="Berkas tidak ditemukan.")
    if path.stat().st_size == 0:
        raise FileRejected("berkas_kosong", file=name, detail="Ukuran berkas 0 byte.")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        scan = scan_csv(path, name=name, tmp_dir=tmp_dir, progress=progress)
        header = stage_csv(con, scan, name=name, table=table, tmp_dir=tmp_dir)
        return header, "csv", scan.encoding, scan.sha256
    if suffix in XLSX_SUFFIXES:
        header = stage_xlsx(con, path, name=name, table=table, tmp_dir=tmp_dir, progress=progress)
        return header, "xlsx", None, sha256_of(path)
    if suffix in PARQUET_SUFFIXES:
        header = stage_parquet(con, path, name=name, table=table)
        return header, "parquet", None, sha256_of(path)
    hint = " Simpan lembar kerja .xls sebagai .xlsx." if suffix == ".xls" else ""
    raise FileRejected(
        "format_tidak_didukung",
        file=name,
        detail=f"Ekstensi '{suffix or '(tanpa ekstensi)'}' tidak dikenal.{hint}",
    )


def _not_empty(columns: tuple[str, ...]) -> str:
    """Not every cell empty or blank (the usual row is told by its first cell)."""
    joined = " || ".join(f"coalesce({quote_ident(c)}, '')" for c in columns)
    first = quote_ident(columns[0])
    return (
        f"CASE WHEN ascii({first}) BETWEEN 33 AND 126 THEN true "
        rf"ELSE NOT regexp_full_match({joined}, '[\s\x{{a0}}]*') END"
    )


def validate_import(
    *,
    files: Sequence[Path],
    source: str,
    work_dir: Path,
    progress: Progress | None = None,
    memory_limit: str = "1GB",
    reference_date: date | None = None,
) -> ValidationResult:
    """Validate one import (see the package docstring); FileRejected leaves no outputs."""
    if not 1 <= len(files) <= 3:
        raise ValueError(f"an import has one to three files, not {len(files)}")
    paths = [Path(p) for p in files]
    names = [p.name for p in paths]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise FileRejected("nama_berkas_ganda", file=name)
    reference = reference_date or date.today()
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    for output_name in OUTPUT_NAMES:
        (work_dir / output_name).unlink(missing_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(prefix=".intake-", dir=work_dir))
    say = progress or (lambda _stage, _done, _total: None)
    con = duckdb.connect(
        config={
            "memory_limit": memory_limit,
            "temp_directory": str(tmp_dir / "duckdb"),
            "preserve_insertion_order": True,
        }
    )
    try:
        _load_references(con)
        staged: dict[str, Staged] = {}
        infos: dict[str, tuple[str, str | None, str]] = {}
        for index, path in enumerate(paths):
            table = f"raw_{index}"
            header, fmt, encoding, digest = _stage(
                con, path, table=table, tmp_dir=tmp_dir, progress=progress
            )
            if header.kind in staged:
                raise FileRejected(
                    "jenis_berkas_ganda",
                    file=path.name,
                    detail=f"Berkas '{staged[header.kind].file_name}' juga berkas "
                    f"{KIND_LABELS[header.kind]}.",
                )
            _civil_registry_columns(header, file=path.name, source=source)
            con.execute(f"ALTER TABLE {table} RENAME TO raw_{header.kind}")
            staged[header.kind] = Staged(header.kind, path.name, header.columns)
            infos[header.kind] = (fmt, encoding, digest)
        if PERSONS not in staged:
            raise FileRejected(
                "berkas_individu_tidak_ada",
                file=names[0],
                detail="Sertakan berkas individu (record_id, nik, nama, ...).",
            )
        if HOUSEHOLDS in staged and "household_ref" not in staged[PERSONS].columns:
            raise FileRejected(
                "kolom_wajib_hilang",
                file=staged[PERSONS].file_name,
                row=1,
                column="household_ref",
                detail="Dengan berkas rumah tangga, berkas individu harus memiliki kolom "
                "household_ref.",
            )
        plans = {}
        steps = len(staged) + 2
        for step, (kind, info) in enumerate(staged.items()):
            say(f"memeriksa {info.file_name}", step, steps)
            plan = plan_for(kind, info.columns, reference)
            plans[kind] = plan
            source_rows = f"raw_{kind} WHERE {_not_empty(info.columns)}"
            con.execute(f"CREATE TABLE s_{kind} AS {plan.staged_select(source_rows)}")
            con.execute(f"DROP TABLE raw_{kind}")
            _row_issues(con, info, plan)
        say("memeriksa antarbaris dan antarberkas", steps - 2, steps)
        CrossRules(con, staged, reference).run()
        say("menulis hasil", steps - 1, steps)
        out_dir = tmp_dir / "out"
        out_dir.mkdir()
        for kind, plan in plans.items():
            outputs.mark_outcome(con, plan)
            outputs.write_valid(con, plan, out_dir / outputs.VALID_FILE.format(kind=kind))
        outputs.write_quarantine(con, staged, out_dir / outputs.QUARANTINE_FILE)
        outputs.write_issues(con, staged, out_dir / outputs.ISSUES_FILE)
        counts = outputs.count(con, staged)
        for produced in out_dir.iterdir():
            os.replace(produced, work_dir / produced.name)
        say("selesai", steps, steps)
    finally:
        con.close()
        shutil.rmtree(tmp_dir, ignore_errors=True)

    def valid(kind: str) -> Path | None:
        return work_dir / outputs.VALID_FILE.format(kind=kind) if kind in staged else None

    file_infos = tuple(
        FileInfo(
            name=info.file_name,
            kind=kind,
            format=infos[kind][0],
            encoding=infos[kind][1],
            rows_read=counts[info.file_name]["read"],
            sha256=infos[kind][2],
            columns=info.columns,
        )
        for kind, info in sorted(staged.items(), key=lambda item: names.index(item[1].file_name))
    )
    return ValidationResult(
        source=source,
        reference_date=reference,
        files=file_infos,
        persons_valid=work_dir / outputs.VALID_FILE.format(kind=PERSONS),
        members_valid=valid("members"),
        households_valid=valid(HOUSEHOLDS),
        quarantine=work_dir / outputs.QUARANTINE_FILE,
        issues=work_dir / outputs.ISSUES_FILE,
        counts=counts,
    )


def _civil_registry_columns(header: Header, *, file: str, source: str) -> None:
    """``status``/``tanggal_meninggal`` only on a DUKCAPIL person file, and never the date
    without the status."""
    present = [c for c in CIVIL_REGISTRY_COLUMNS if c in header.columns]
    if not present:
        return
    if source.strip().upper() != CIVIL_REGISTRY_SOURCE:
        raise FileRejected(
            "kolom_tidak_dikenal",
            file=file,
            row=1,
            column=present[0],
            detail=f"Kolom {', '.join(present)} hanya untuk ekstrak Dukcapil "
            f"(sumber {CIVIL_REGISTRY_SOURCE}), bukan sumber {source}.",
        )
    if "status" not in header.columns:
        raise FileRejected(
            "kolom_wajib_hilang",
            file=file,
            row=1,
            column="status",
            detail="Ekstrak Dukcapil dengan kolom tanggal_meninggal harus memiliki kolom status.",
        )


def _row_issues(con: duckdb.DuckDBPyConnection, info: Staged, plan: Plan) -> None:
    """The row-level issues: the checks are evaluated again, only on rows where one fired."""
    raw = ", ".join(("row_number", "_fields", *(quote_ident(c) for c in info.columns)))
    source = f"(SELECT {raw} FROM s_{info.kind} WHERE _any)"
    con.execute(f"CREATE TEMP TABLE x_{info.kind} AS {plan.checks_select(source)}")
    file_name = info.file_name.replace("'", "''")
    selects = []
    for index, check in enumerate(plan.checks):
        original = quote_ident(check.column) if check.column else "NULL"
        selects.append(
            f"SELECT '{file_name}', row_number, '{info.kind}', '{check.column}', "
            f"{info.position(check.column)}, '{check.rule}', '{check.severity}', {original}, "
            f"{check.new_value} FROM x_{info.kind} WHERE c{index}"
        )
    con.execute(f"INSERT INTO issues {' UNION ALL '.join(selects)}")
    con.execute(f"DROP TABLE x_{info.kind}")
