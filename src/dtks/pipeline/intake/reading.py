"""CSV files: encoding detection, streaming transcoding and staging into DuckDB.

A CSV file is scanned once in chunks of ``CHUNK`` bytes (never whole in memory): its SHA-256
is computed, binary content is refused (``bukan_teks``), and its encoding is found:

- UTF-8, with or without BOM (pure ASCII counts as UTF-8);
- Windows-1252, when the first non-ASCII line is not valid UTF-8;
- a file whose lines disagree (some valid multibyte UTF-8, others not) is refused with
  ``encoding_campuran`` naming the first line that disagrees with the earlier ones;
- UTF-16 (Excel's "Unicode text") is refused with ``encoding_tidak_didukung``.

Anything but BOM-less UTF-8 is transcoded to a UTF-8 temporary file beside the work
directory's other temporaries. The delimiter (``,``, ``;``, tab or ``|``) is the one most used
in the header line. Rows are then read by DuckDB's parallel CSV reader (strict mode), and
``row_number`` is the record's position (header = 1). When that is not exact (blank lines,
which DuckDB skips) or the file is not strictly well formed (a row with too many or too few
fields, stray quotes), a Python ``csv`` reader stages the rows instead, keeping the numbering
of a spreadsheet and marking rows whose field count differs from the header's (``_fields``).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dtks.pipeline.intake.errors import FileRejected
from dtks.pipeline.intake.headers import Header, resolve_header
from dtks.pipeline.intake.staging import RowSink, quote_ident, quote_literal

CHUNK = 1 << 18
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "arsip ZIP (mis. XLSX/DOCX)"),
    (b"%PDF", "PDF"),
    (b"\x89PNG", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
    (b"\xd0\xcf\x11\xe0", "berkas Office lama (XLS/DOC)"),
    (b"\x1f\x8b", "arsip GZIP"),
    (b"PAR1", "Parquet"),
    (b"7z\xbc\xaf", "arsip 7z"),
    (b"Rar!", "arsip RAR"),
)
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_QUOTED = re.compile(r'"[^"]*"')
_DELIMITERS = (",", ";", "\t", "|")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class CsvScan:
    encoding: str
    text_path: Path
    sha256: str
    inner_blank_line: bool


class _Scanner:
    def __init__(self, path: Path, name: str, tmp_dir: Path) -> None:
        self.path = path
        self.name = name
        self.out_path = tmp_dir / f"{path.stem}.{id(self)}.utf8.csv"
        self.mode: str | None = None  # "utf-8" or "cp1252" once known
        self.bom = False
        self.writer: io.BufferedWriter | None = None
        self.lines_before = 0
        self.piece_offset = 0  # offset in the source of the current piece
        self.first_non_ascii_line = 0
        self.first_blank: int | None = None
        self.last_content = 0

    def _line(self, piece: bytes, position: int) -> int:
        return self.lines_before + piece.count(b"\n", 0, position) + 1

    def _open_writer(self) -> None:
        self.writer = open(self.out_path, "wb")  # noqa: SIM115 - closed in scan()
        start = 3 if self.bom else 0
        with open(self.path, "rb") as source:
            source.seek(start)
            remaining = self.piece_offset - start
            while remaining > 0:
                block = source.read(min(CHUNK, remaining))
                self.writer.write(block)
                remaining -= len(block)

    @property
    def inner_blank_line(self) -> bool:
        """Whether a blank line comes before the last non-blank content."""
        return self.first_blank is not None and self.first_blank < self.last_content

    def process(self, piece: bytes, *, first: bool) -> None:
        zero = piece.find(b"\x00")
        if zero >= 0:
            raise FileRejected(
                "bukan_teks",
                file=self.name,
                row=self._line(piece, zero),
                detail="Berkas berisi karakter NUL (data biner).",
            )
        if self.first_blank is None:
            blanks = [i for i in (piece.find(b"\n\n"), piece.find(b"\n\r\n")) if i >= 0]
            if not first and piece[:1] in (b"\n", b"\r"):
                blanks.append(0)
            if blanks:
                self.first_blank = self.piece_offset + min(blanks)
        content = len(piece.rstrip())
        if content:
            self.last_content = self.piece_offset + content
        if piece.isascii():
            self._write(piece)
        elif self.mode != "cp1252":
            try:
                piece.decode("utf-8")
            except UnicodeDecodeError as error:
                if self.mode == "utf-8" or not piece[: error.start].isascii():
                    if self.mode is None:
                        self.first_non_ascii_line = self._line(piece, _first_high(piece))
                    self._mixed(piece, error.start, "bukan UTF-8")
                self.mode = "cp1252"
                self.first_non_ascii_line = self._line(piece, error.start)
                if self.writer is None:
                    self._open_writer()
                self._cp1252(piece)
            else:
                if self.mode is None:
                    self.mode = "utf-8"
                    self.first_non_ascii_line = self._line(piece, _first_high(piece))
                self._write(piece)
        else:
            self._cp1252(piece)
        self.lines_before += piece.count(b"\n")
        self.piece_offset += len(piece)

    def _write(self, piece: bytes) -> None:
        if self.writer is not None:
            self.writer.write(piece)

    def _mixed(self, piece: bytes, position: int, what: str) -> None:
        other = "UTF-8" if what == "bukan UTF-8" else "Windows-1252"
        raise FileRejected(
            "encoding_campuran",
            file=self.name,
            row=self._line(piece, position),
            detail=f"Baris ini {what}, padahal baris {self.first_non_ascii_line} {other}. "
            "Simpan ulang seluruh berkas sebagai CSV UTF-8.",
        )

    def _cp1252(self, piece: bytes) -> None:
        for match in _NON_ASCII_LINE.finditer(piece):
            try:
                match.group().decode("utf-8")
            except UnicodeDecodeError:
                continue
            self._mixed(piece, match.start(), "UTF-8")
        try:
            text = piece.decode("cp1252")
        except UnicodeDecodeError as error:
            raise FileRejected(
                "encoding_tidak_didukung",
                file=self.name,
                row=self._line(piece, error.start),
                detail=f"Byte 0x{piece[error.start]:02X} bukan UTF-8 maupun Windows-1252.",
            ) from None
        assert self.writer is not None
        self.writer.write(text.encode("utf-8"))


def _first_high(piece: bytes) -> int:
    match = _HIGH_BYTE.search(piece)
    return match.start() if match else 0


def scan_csv(path: Path, *, name: str, tmp_dir: Path, progress: Progress | None) -> CsvScan:
    """Hash, check and (if needed) transcode a CSV file to UTF-8; see the module docstring."""
    size = path.stat().st_size
    digest = hashlib.sha256()
    scanner = _Scanner(path, name, tmp_dir)
    try:
        with open(path, "rb") as source:
            head = source.read(CHUNK)
            digest.update(head)
            _check_start(head, name)
            if head.startswith(codecs.BOM_UTF8):
                scanner.bom = True
                scanner.mode = "utf-8"
                scanner.first_non_ascii_line = 1  # the BOM says UTF-8
                scanner.piece_offset = 3
                scanner._open_writer()
                head = head[3:]
            block, carry, first, done = head, b"", True, len(head)
            while True:
                last = not block
                data = carry + block
                if last:
                    piece, carry = data, b""
                else:
                    cut = data.rfind(b"\n") + 1
                    piece, carry = data[:cut], data[cut:]
                if piece:
                    scanner.process(piece, first=first)
                    first = False
                if progress is not None:
                    progress(f"membaca {name}", done, size)
                if last:
                    break
                block = source.read(CHUNK)
                digest.update(block)
                done += len(block)
    finally:
        if scanner.writer is not None:
            scanner.writer.close()
    if scanner.mode == "cp1252":
        encoding = "windows-1252"
    else:
        encoding = "utf-8-sig" if scanner.bom else "utf-8"
    text_path = scanner.out_path if scanner.writer is not None else path
    return CsvScan(encoding, text_path, digest.hexdigest(), scanner.inner_blank_line)


def _check_start(head: bytes, name: str) -> None:
    if not head.strip(codecs.BOM_UTF8 + b" \t\r\n"):
        raise FileRejected("berkas_kosong", file=name)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise FileRejected("bukan_teks", file=name, detail=f"Isinya {what}.")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRejected(
            "encoding_tidak_didukung",
            file=name,
            detail="Berkas UTF-16 (Unicode text Excel); simpan ulang sebagai CSV UTF-8.",
        )


def read_csv_header(text_path: Path, *, name: str) -> tuple[str, list[str]]:
    """The delimiter and the header fields of a UTF-8 CSV file."""
    with open(text_path, encoding="utf-8", newline="") as handle:
        head = handle.read(1 << 16)
    first_line = head.split("\n", 1)[0]
    if not first_line.strip():
        raise FileRejected("header_salah", file=name, row=1, detail="Baris pertama kosong.")
    unquoted = _QUOTED.sub("", first_line)
    delimiter = max(_DELIMITERS, key=lambda d: (unquoted.count(d), -_DELIMITERS.index(d)))
    reader = csv.reader(io.StringIO(head), delimiter=delimiter, strict=False)
    return delimiter, next(reader)


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    scan: CsvScan,
    *,
    name: str,
    table: str,
    tmp_dir: Path,
) -> Header:
    """Create DuckDB table ``table`` (row_number, _fields, one VARCHAR per column)."""
    delimiter, fields = read_csv_header(scan.text_path, name=name)
    header = resolve_header(fields, file=name)
    if not scan.inner_blank_line and _stage_duckdb(con, scan.text_path, header, delimiter, table):
        return header
    _stage_python(con, scan.text_path, header, delimiter, table, name=name, tmp_dir=tmp_dir)
    return header


def _stage_duckdb(
    con: duckdb.DuckDBPyConnection, path: Path, header: Header, delimiter: str, table: str
) -> bool:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(header.width)) + "}"
    selects = ", ".join(
        f"coalesce(c{pos}, '') AS {quote_ident(col)}"
        for col, pos in zip(header.columns, header.positions, strict=True)
    )
    sql = (
        f"CREATE TABLE {table} AS SELECT row_number() OVER () + 1 AS row_number, "
        f"NULL::INTEGER AS _fields, {selects} FROM read_csv({quote_literal(str(path))}, "
        f"header = true, auto_detect = false, delim = {quote_literal(delimiter)}, "
        f"quote = '\"', escape = '\"', columns = {columns}, strict_mode = true)"
    )
    try:
        con.execute(sql)
    except duckdb.InvalidInputException:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return False
    return True


def _stage_python(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    header: Header,
    delimiter: str,
    table: str,
    *,
    name: str,
    tmp_dir: Path,
) -> None:
    sink = RowSink(tmp_dir / f"{table}.parquet", header.columns)
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, quotechar='"', strict=False)
        row_number = 1
        try:
            next(reader)
            for record in reader:
                row_number += 1
                if not record:
                    continue
                sink.add(row_number, record, header, ragged=len(record) != header.width)
        except csv.Error as error:
            raise FileRejected(
                "berkas_rusak",
                file=name,
                row=reader.line_num,
                detail=f"CSV tidak dapat diurai ({error}); periksa tanda kutip yang tidak ditutup.",
            ) from None
    sink.close()
    con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet({sink.sql_path})")
