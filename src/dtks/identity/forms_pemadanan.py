from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dtks.identity.models import PemadananTarget


class PemadananStartForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Sasaran"), choices=PemadananTarget.choices, initial=PemadananTarget.REGISTER
    )
    max_age_days = forms.IntegerField(
        label=_("Pakai hasil tersimpan yang lebih muda dari (hari)"), min_value=0, max_value=3650
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["max_age_days"].initial = settings.DTKS_CIVREG_MAX_AGE_DAYS
