"""Exports of a household list as CSV (streamed) and XLSX (openpyxl, write-only).

Both take the rows of a scoped selector query and iterate it in chunks; neither holds the
whole list in memory. Text cells that a spreadsheet would run as a formula are escaped.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dtks.domain import codes
from dtks.registry.models import Household
from dtks.registry.presenters import code_label, english_active, mask_nik
from dtks.spreadsheets import Cell

CHUNK_SIZE = 1000


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
