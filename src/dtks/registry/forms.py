"""The household list's search and filter form (GET), turned into ``HouseholdFilters``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dtks.domain import codes
from dtks.domain.codes import CodeList
from dtks.registry.presenters import code_label, english_active
from dtks.registry.selectors import HouseholdFilters

_YES_NO = {"1": True, "2": False}


def _code_choices(code_list: CodeList) -> list[tuple[str, str | Promise]]:
    english = english_active()
    return [("", _("Semua"))] + [
        (str(c.value), code_label(code_list, c.value, english=english)) for c in code_list.codes
    ]


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nama, NIK atau nomor KK"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("nama, NIK atau No. KK"),
                "inputmode": "search",
            }
        ),
    )
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)
    lantai = forms.TypedChoiceField(
        label=_("Jenis lantai"), required=False, coerce=int, empty_value=None
    )
    penerangan = forms.TypedChoiceField(
        label=_("Sumber penerangan"), required=False, coerce=int, empty_value=None
    )
    pkh = forms.ChoiceField(label=_("Peserta PKH"), required=False)

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        """``regions``: (code, label) the region filter offers, already limited to the scope."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["wilayah"].choices = [("", _("Semua wilayah")), *regions]  # type: ignore[attr-defined]
        self.fields["lantai"].choices = _code_choices(codes.LANTAI)  # type: ignore[attr-defined]
        self.fields["penerangan"].choices = _code_choices(codes.SUMBER_PENERANGAN)  # type: ignore[attr-defined]
        self.fields["pkh"].choices = [("", _("Semua")), ("1", _("Ya")), ("2", _("Tidak"))]  # type: ignore[attr-defined]

    def filters(self) -> HouseholdFilters:
        """The filters of a bound form; invalid fields are ignored rather than rejected."""
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else self._valid_part()
        return HouseholdFilters(
            region_code=data.get("wilayah") or "",
            query=data.get("q") or "",
            lantai=data.get("lantai"),
            sumber_penerangan=data.get("penerangan"),
            ikut_pkh=_YES_NO.get(data.get("pkh") or ""),
        )

    def _valid_part(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
