"""Exports of a household list as CSV (streamed) and XLSX (openpyxl, write-only).

Both take the rows of a scoped selector query and iterate it in chunks; neither holds the
whole list in memory. Text cells that a spreadsheet would run as a formula are escaped.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from dtks.domain import codes
from dtks.registry.models import Household
from dtks.registry.presenters import code_label, english_active, mask_nik

CHUNK_SIZE = 1000
# A leading = + - @ (or tab / carriage return) makes Excel and LibreOffice evaluate a cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def escape_formula(value: Cell) -> Cell:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def header() -> list[str]:
    return [
        _("ID rumah tangga"),
        _("Kode desa/kelurahan"),
        _("Desa/kelurahan"),
        _("Kecamatan"),
        _("Alamat"),
        "RT",
        "RW",
        _("Kepala rumah tangga"),
        _("NIK kepala rumah tangga"),
        _("Jumlah anggota"),
        _("Jenis lantai"),
        _("Sumber penerangan"),
        _("Peserta PKH"),
    ]


def household_rows(households: QuerySet[Household], *, full_nik: bool) -> Iterator[list[Cell]]:
    """One row per household of ``households`` (a ``household_list`` query), header first.

    Labels are resolved now, in the request's language: a streamed response iterates the
    rows after the view has returned.
    """
    english = english_active()
    labels: list[Cell] = list(header())
    yes, no = _("Ya"), _("Tidak")

    def rows() -> Iterator[list[Cell]]:
        yield labels
        for household in households.iterator(chunk_size=CHUNK_SIZE):
            heads = getattr(household, "heads", [])
            head = heads[0] if heads else None
            nik = (head.nik or "") if head else ""
            village = household.village
            yield [
                household.household_ref,
                village.code,
                village.name,
                village.parent.name if village.parent else "",
                household.alamat,
                household.rt,
                household.rw,
                head.nama if head else "",
                nik if full_nik else mask_nik(nik),
                getattr(household, "member_count", None),
                code_label(codes.LANTAI, household.lantai, english=english),
                code_label(codes.SUMBER_PENERANGAN, household.sumber_penerangan, english=english),
                "" if household.ikut_pkh is None else (yes if household.ikut_pkh else no),
            ]

    return rows()


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[Cell]]) -> Iterator[str]:
    """CSV text, one line at a time (docs/formats.md: UTF-8, comma, RFC 4180 quoting)."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    for row in rows:
        yield writer.writerow([escape_formula(v) for v in row])


def xlsx_file(rows: Iterable[list[Cell]], *, title: str) -> IO[bytes]:
    """An XLSX workbook of ``rows`` in a temporary file (rewound), written row by row.

    Every text cell is stored as text, so 16-digit NIKs keep their digits and no text is
    ever read as a formula, even if escaping were bypassed.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
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
