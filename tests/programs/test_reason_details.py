"""Reason details in words on the household page and in the downloads."""

from __future__ import annotations

import json

from django.utils import translation

from dtks.programs.presenters import failed_reasons_text, reasons_of
from dtks.programs.reason_details import detail_text


def test_money_fields_and_the_minimum_wage_read_as_rupiah() -> None:
    text = detail_text("pengeluaran_rumah_tangga 15990798, umr 3257615")
    assert text == "pengeluaran rumah tangga (perkiraan PMT) Rp 15.990.798, UMR Rp 3.257.615"


def test_field_names_become_labels_and_yes_no_is_translated() -> None:
    assert detail_text("kepala: nik_padan tidak") == "kepala keluarga: NIK padan Dukcapil tidak"
    with translation.override("en"):
        assert detail_text("nik_padan tidak").endswith(" no")


def test_text_that_is_not_field_value_pairs_stays_as_written() -> None:
    assert detail_text("desil 6") == "desil 6"
    assert detail_text("3 komponen") == "3 komponen"
    assert detail_text("") == ""


def test_failed_exclusions_say_excluded_and_passed_ones_are_not_failures() -> None:
    reasons = json.dumps(
        [
            {"code": "desil", "label": "Desil 1-4", "passed": True, "detail": "desil 3"},
            {"code": "meninggal", "label": "Meninggal", "passed": True, "detail": ""},
            {
                "code": "di_atas_umr",
                "label": "Di atas UMR",
                "passed": False,
                "detail": "pengeluaran_rumah_tangga 4000000, umr 3257615",
            },
        ]
    )
    parsed = reasons_of(reasons)
    assert [r.exclusion for r in parsed] == [False, True, True]
    assert failed_reasons_text(reasons) == (
        "Dikecualikan: Di atas UMR: pengeluaran rumah tangga (perkiraan PMT) Rp 4.000.000, "
        "UMR Rp 3.257.615"
    )
