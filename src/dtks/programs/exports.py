"""Beneficiary lists and run differences as rows for CSV (streamed) and XLSX.

Rows come from the scoped selectors (``selectors_lists``) and are read in chunks; the writers
in ``dtks.spreadsheets`` escape text a spreadsheet would run as a formula. Labels are resolved
when the rows are made, in the request's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dtks.programs.models import EligibilityDecision
from dtks.programs.presenters import components_text, failed_reasons_text
from dtks.programs.selectors_lists import RunDiff
from dtks.registry.presenters import mask_nik
from dtks.spreadsheets import Cell

CHUNK_SIZE = 2000


def beneficiary_header() -> list[Cell]:
    return [
        _("Program"),
        _("Satuan"),
        _("ID satuan"),
        _("Nama penerima"),
        _("NIK"),
        _("Nomor KK"),
        _("ID rumah tangga"),
        _("Kode desa/kelurahan"),
        _("Layak"),
        _("Nilai per tahun (Rp)"),
        _("Komponen"),
        _("Alasan tidak layak"),
    ]


def beneficiary_rows(
    decisions: QuerySet[EligibilityDecision], *, full_nik: bool
) -> Iterator[list[Cell]]:
    """Header, then one row per decision of ``decisions`` (a ``beneficiary_list`` query)."""
    header = beneficiary_header()
    yes, no = _("Ya"), _("Tidak")

    def rows() -> Iterator[list[Cell]]:
        yield header
        for d in decisions.iterator(chunk_size=CHUNK_SIZE):
            yield [
                d.programme,
                d.unit,
                d.unit_ref,
                d.nama,
                d.nik if full_nik else mask_nik(d.nik),
                d.no_kk if full_nik else mask_nik(d.no_kk),
                d.household_ref,
                d.kode_wilayah,
                yes if d.eligible else no,
                d.amount,
                components_text(d.components),
                "" if d.eligible else failed_reasons_text(d.reasons),
            ]

    return rows()


def diff_header() -> list[Cell]:
    return [
        _("Perubahan"),
        _("ID satuan"),
        _("Nama penerima"),
        _("NIK"),
        _("ID rumah tangga"),
        _("Kode desa/kelurahan"),
        _("Nilai sebelumnya (Rp)"),
        _("Nilai sekarang (Rp)"),
        _("Alasan"),
    ]


def removal_reason(decision: EligibilityDecision) -> str:
    """Why a unit listed before is not now: the rules it fails now, or its absence."""
    if not getattr(decision, "now_present", False):
        return _("Tidak dinilai lagi (tidak ada dalam peringkat atau registri sekarang)")
    return failed_reasons_text(getattr(decision, "now_reasons", "")) or _("Tidak layak")


def diff_rows(diff: RunDiff, *, full_nik: bool) -> Iterator[list[Cell]]:
    """Header, then the added, the removed (with the reasons now) and the changed amounts."""
    header = diff_header()
    # (change, its decisions, amount before, amount now, the last column) per kind of change.
    kinds: list[tuple[str, QuerySet[EligibilityDecision], Any, Any, Any]] = [
        (_("ditambah"), diff.added, lambda d: 0, lambda d: d.amount, _components),
        (_("dikeluarkan"), diff.removed, lambda d: d.amount, lambda d: 0, removal_reason),
        (
            _("nilai berubah"),
            diff.changed,
            lambda d: getattr(d, "old_amount", None),
            lambda d: d.amount,
            _components,
        ),
    ]

    def rows() -> Iterator[list[Cell]]:
        yield header
        for change, decisions, before, now, last in kinds:
            for d in decisions.iterator(chunk_size=CHUNK_SIZE):
                yield [
                    change,
                    d.unit_ref,
                    d.nama,
                    d.nik if full_nik else mask_nik(d.nik),
                    d.household_ref,
                    d.kode_wilayah,
                    before(d),
                    now(d),
                    last(d),
                ]

    return rows()


def _components(decision: EligibilityDecision) -> str:
    return components_text(decision.components)
