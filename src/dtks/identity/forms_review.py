"""Forms of the review queue: its filter (GET) and a reviewer's decision (POST)."""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dtks.identity.models import ReviewDecisionChoice
from dtks.identity.selectors_review import (
    ORDER_UNCERTAIN,
    ORDER_WEIGHT_HIGH,
    ORDER_WEIGHT_LOW,
)
from dtks.identity.services_review import NOTE_MAX_LENGTH
from dtks.regions.models import Region

ORDER_CHOICES = [
    (ORDER_UNCERTAIN, _("Paling meragukan dulu")),
    (ORDER_WEIGHT_HIGH, _("Bobot tertinggi dulu")),
    (ORDER_WEIGHT_LOW, _("Bobot terendah dulu")),
]


class ReviewQueueFilterForm(forms.Form):
    wilayah = forms.ChoiceField(label=_("Kecamatan atau desa/kelurahan"), required=False)
    urut = forms.ChoiceField(label=_("Urutan"), required=False, choices=ORDER_CHOICES)

    def __init__(self, *args: object, regions: list[Region], **kwargs: object) -> None:
        """``regions``: what the region filter offers, already limited to the user's scope."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices: list[tuple[str, str | Promise]] = [("", _("Semua wilayah"))]
        for region in regions:
            indent = "\u2003" if region.level in (2, 4) else ""
            choices.append((region.code, f"{indent}{region.name} ({region.code})"))
        self.fields["wilayah"].choices = choices  # type: ignore[attr-defined]

    def region_code(self) -> str:
        return self.cleaned_data.get("wilayah", "") if self.is_valid() else ""

    def order(self) -> str:
        return (self.cleaned_data.get("urut") if self.is_valid() else "") or ORDER_UNCERTAIN


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=ReviewDecisionChoice.choices)
    note = forms.CharField(
        label=_("Catatan (tidak wajib)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
