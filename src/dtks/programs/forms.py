"""Forms of the programme pages: rule edits, minimum wages, starting a run, list filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dtks.pipeline.sql_engines import ENGINE_NAMES
from dtks.programs.selectors_lists import BeneficiaryFilters
from dtks.programs.services import NOTE_MAX_LENGTH


class RuleSetForm(forms.Form):
    document = forms.CharField(
        label=_("Dokumen aturan (JSON)"),
        widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "false", "class": "code"}),
    )
    note = forms.CharField(
        label=_("Catatan perubahan"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("mis. besaran 2026 menurut Kepmensos")}),
    )


class MinimumWageForm(forms.Form):
    kode_wilayah = forms.CharField(
        label=_("Kode wilayah (provinsi atau kabupaten/kota)"),
        max_length=5,
        widget=forms.TextInput(attrs={"placeholder": "18.71"}),
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    amount = forms.IntegerField(label=_("Upah minimum per bulan (Rp)"), min_value=1)
    source = forms.CharField(label=_("Sumber"), required=False, max_length=300)


class RunStartForm(forms.Form):
    engine = forms.ChoiceField(
        label=_("Mesin"), choices=[(name, name) for name in ENGINE_NAMES], initial="duckdb"
    )
    as_of = forms.DateField(
        label=_("Tanggal acuan (umur dihitung pada tanggal ini)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


DECISION_FILTER = [
    ("layak", _("Layak saja")),
    ("tidak", _("Tidak layak saja")),
    ("semua", _("Semua")),
]


class BeneficiaryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nama, NIK atau nomor KK"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)
    keputusan = forms.ChoiceField(label=_("Keputusan"), required=False, choices=DECISION_FILTER)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        """``regions``: (code, label) the region filter offers, already limited to the scope."""
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = [("", _("Semua wilayah")), *regions]  # type: ignore[attr-defined]

    def filters(self) -> BeneficiaryFilters:
        """The filters of a bound form; invalid fields are ignored rather than rejected."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return BeneficiaryFilters(
            region_code=data.get("wilayah") or "",
            query=data.get("q") or "",
            decision=data.get("keputusan") or "layak",
        )
