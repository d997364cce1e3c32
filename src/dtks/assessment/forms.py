"""Forms of the assessment pages: upload a model file, start a ranking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dtks.assessment.models import PmtModel
from dtks.assessment.services_models import NAME_MAX_LENGTH
from dtks.pipeline.sql_engines import ENGINE_NAMES

# A model file is JSON of coefficients or trees: a few megabytes at most.
MODEL_FILE_MAX_BYTES = 20 * 1024 * 1024


class ModelUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas model (JSON dari dtks pmt fit)"))
    name = forms.CharField(label=_("Nama"), max_length=NAME_MAX_LENGTH, required=False)

    def clean_file(self) -> str:
        """The file's text (UTF-8), not the upload object."""
        upload = self.cleaned_data["file"]
        if upload.size > MODEL_FILE_MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s bita); paling besar %(max)s bita.")
                % {"size": upload.size, "max": MODEL_FILE_MAX_BYTES}
            )
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("Berkas bukan teks UTF-8 (bita ke-%(at)s); unggah berkas JSON model PMT.")
                % {"at": error.start}
            ) from error


class _ModelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.kind} {obj.short_version} {obj.name}".strip()


class RankingStartForm(forms.Form):
    model = _ModelChoiceField(label=_("Model yang disetujui"), queryset=PmtModel.objects.none())
    engine = forms.ChoiceField(
        label=_("Mesin"), choices=[(e, e) for e in ENGINE_NAMES], initial="duckdb"
    )
    as_of = forms.DateField(
        label=_("Tanggal acuan umur (kosong: hari ini)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, models: QuerySet[PmtModel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["model"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = models
