"""Writing rows as CSV (streamed) and XLSX (openpyxl write-only), safe to open in Excel.

Pure Python (no Django): registry exports, quarantine downloads and the pipeline share it.
Text that a spreadsheet would evaluate as a formula is escaped on the way out.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# A leading = + - @ (or tab / carriage return) makes Excel and LibreOffice evaluate a cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def escape_formula(value: Cell) -> Cell:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """CSV text, one line at a time (docs/formats.md: UTF-8, comma, RFC 4180 quoting)."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    for row in rows:
        yield writer.writerow([escape_formula(v) for v in row])


def xlsx_file(sheets: Iterable[tuple[str, Iterable[Sequence[Cell]]]]) -> IO[bytes]:
    """An XLSX workbook, one sheet per (title, rows), in a rewound temporary file.

    Written row by row; every text cell is stored as text, so 16-digit NIKs keep their
    digits and no text is ever read as a formula, even if escaping were bypassed.
    """
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller's response closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def _xlsx_cell(sheet: object, value: Cell) -> WriteOnlyCell | Cell:
    value = escape_formula(value)
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
