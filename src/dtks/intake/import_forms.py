from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from dtks.intake.imports import IMPORT_SOURCES


class ImportUploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Sumber data"), choices=[(s, s) for s in IMPORT_SOURCES])
    berkas_1 = forms.FileField(label=_("Berkas individu (wajib)"))
    berkas_2 = forms.FileField(label=_("Berkas anggota rumah tangga (ART)"), required=False)
    berkas_3 = forms.FileField(label=_("Berkas rumah tangga"), required=False)
    to_register = forms.BooleanField(
        label=_("Masukkan rumah tangga lengkap ke registri"), required=False
    )

    def __init__(self, *args: Any, allow_register: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_register:
            del self.fields["to_register"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        limit = settings.DTKS_IMPORT_MAX_BYTES
        for name in ("berkas_1", "berkas_2", "berkas_3"):
            upload = data.get(name)
            if upload is not None and upload.size > limit:
                self.add_error(
                    name,
                    _("Berkas lebih besar dari batas %(mb)s MB") % {"mb": limit // (1 << 20)},
                )
        return data

    def uploads(self) -> list[UploadedFile]:
        return [
            self.cleaned_data[name]
            for name in ("berkas_1", "berkas_2", "berkas_3")
            if self.cleaned_data.get(name) is not None
        ]
