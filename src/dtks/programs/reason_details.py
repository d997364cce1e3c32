"""Reason details in words: ``pengeluaran_rumah_tangga 15990798, umr 3257615`` as
``pengeluaran rumah tangga (perkiraan PMT) Rp 15.990.798, UMR Rp 3.257.615``.

The pipeline writes details as ``field value`` pairs (field names of the rule language,
``docs/programs.md``) so that they stay data; the pages and downloads show them with short
labels, rupiah amounts and yes/no in the reader's language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dtks.domain.eligibility_fields import FIELDS

SHORT_LABELS = {
    "pengeluaran_rumah_tangga": gettext_lazy("pengeluaran rumah tangga (perkiraan PMT)"),
    "konsumsi_prediksi": gettext_lazy("konsumsi per orang (perkiraan PMT)"),
    "umr": gettext_lazy("UMR"),
    "ikut_jamsostek": gettext_lazy("peserta BPJS Ketenagakerjaan"),
    "nik_padan": gettext_lazy("NIK padan Dukcapil"),
    "status_dukcapil": gettext_lazy("status Dukcapil"),
    "status_pekerjaan": gettext_lazy("status pekerjaan"),
    "partisipasi_sekolah": gettext_lazy("partisipasi sekolah"),
    "sekolah_tingkat": gettext_lazy("jenjang sekolah"),
    "jumlah_anggota": gettext_lazy("anggota keluarga yang hidup"),
    "disabilitas_berat": gettext_lazy("disabilitas berat"),
    "kepala": gettext_lazy("kepala keluarga"),
}


def _rupiah(text: str) -> str:
    try:
        return "Rp " + f"{round(float(text)):,}".replace(",", ".")
    except ValueError:
        return text


def _pair(part: str) -> str:
    name, _space, value = part.partition(" ")
    spec = FIELDS.get(name)
    if spec is None and name != "umr":
        return part
    label = str(SHORT_LABELS.get(name, name.replace("_", " ")))
    if name == "umr" or (spec is not None and spec.type == "money"):
        value = _rupiah(value)
    elif value in {"ya", "tidak"}:
        value = _("ya") if value == "ya" else _("tidak")
    return f"{label} {value}" if value else label


def detail_text(detail: str) -> str:
    """The detail of one reason in words; text that is not ``field value`` pairs stays."""
    if not detail:
        return ""
    prefix = ""
    if detail.startswith("kepala: "):
        prefix, detail = str(SHORT_LABELS["kepala"]) + ": ", detail[len("kepala: ") :]
    return prefix + ", ".join(_pair(part) for part in detail.split(", "))
