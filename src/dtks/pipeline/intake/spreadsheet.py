"""XLSX and Parquet files: staging into DuckDB as text.

XLSX: the first worksheet, streamed with openpyxl in read-only mode (the workbook is never
loaded whole) and cached formula values. Cells become the text a user sees in Excel's General
format: whole numbers without ``.0``; numbers of 16 or more digits in scientific notation
(Excel keeps only 15 significant digits, so a NIK typed as a number has already lost digits
and is flagged as ``nik_notasi_ilmiah``, never repaired); dates as ``YYYY-MM-DD``.
``row_number`` is the worksheet row. Cells right of the header's last named column are ignored
when empty; a non-empty one marks the row as having too many fields.

Parquet: read by DuckDB; every column is cast to text (whole floating-point numbers below
10^15 without ``.0``, midnight timestamps as dates). ``row_number`` is the 0-based row
position + 2, as if the file had a header row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from dtks.pipeline.intake.errors import FileRejected
from dtks.pipeline.intake.headers import Header, resolve_header
from dtks.pipeline.intake.staging import RowSink, quote_ident, quote_literal

Progress = Callable[[str, int, int], None]
_HASH_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_HASH_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def cell_text(value: object) -> str:
    """The text of an XLSX cell value as Excel's General format shows it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**15 else f"{float(value):.15G}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15G}"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def stage_xlsx(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    name: str,
    table: str,
    tmp_dir: Path,
    progress: Progress | None,
) -> Header:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileRejected(
            "berkas_rusak", file=name, detail=f"XLSX tidak dapat dibuka ({error})."
        ) from None
    try:
        if not workbook.worksheets:
            raise FileRejected("berkas_kosong", file=name, detail="Tidak ada lembar kerja.")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # stored dimensions are often wrong
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None or all(cell_text(v).strip() == "" for v in first):
            raise FileRejected("berkas_kosong", file=name, detail="Lembar kerja pertama kosong.")
        header = resolve_header([cell_text(v) for v in first], file=name)
        width = max(header.positions) + 1
        sink = RowSink(tmp_dir / f"{table}.parquet", header.columns)
        row_number = 1
        for values in rows:
            row_number += 1
            record = [cell_text(v) for v in values]
            if not any(text.strip() for text in record):
                continue
            ragged = any(text.strip() for text in record[width:])
            sink.add(row_number, record, header, ragged=ragged)
            if progress is not None and row_number % 50_000 == 0:
                progress(f"membaca {name}", row_number, 0)
        sink.close()
    finally:
        workbook.close()
    con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet({sink.sql_path})")
    return header


def _text_of(column: str, duck_type: str) -> str:
    ident = quote_ident(column)
    if duck_type in ("DOUBLE", "FLOAT") or duck_type.startswith("DECIMAL"):
        return (
            f"CASE WHEN {ident} = trunc({ident}) AND abs({ident}) < 1e15 "
            f"THEN CAST(TRY_CAST({ident} AS BIGINT) AS VARCHAR) ELSE CAST({ident} AS VARCHAR) END"
        )
    if duck_type.startswith("TIMESTAMP"):
        return (
            f"CASE WHEN CAST({ident} AS TIME) = TIME '00:00:00' "
            f"THEN strftime({ident}, '%Y-%m-%d') ELSE CAST({ident} AS VARCHAR) END"
        )
    return f"CAST({ident} AS VARCHAR)"


def stage_parquet(con: duckdb.DuckDBPyConnection, path: Path, *, name: str, table: str) -> Header:
    try:
        names = pq.read_schema(path).names
    except Exception as error:  # pyarrow raises ArrowInvalid/OSError on damaged files
        raise FileRejected(
            "berkas_rusak", file=name, detail=f"Parquet tidak dapat dibaca ({error})."
        ) from None
    header = resolve_header(names, file=name)
    source = f"read_parquet({quote_literal(str(path))}, file_row_number = true)"
    types = {
        row[0]: str(row[1]) for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    }
    selects = ", ".join(
        f"coalesce({_text_of(names[pos], types[names[pos]])}, '') AS {quote_ident(col)}"
        for col, pos in zip(header.columns, header.positions, strict=True)
    )
    con.execute(
        f"CREATE TABLE {table} AS SELECT file_row_number + 2 AS row_number, "
        f"NULL::INTEGER AS _fields, {selects} FROM {source}"
    )
    return header
