"""How a review pair is shown: both records field by field, and the evidence per comparison.

Pure display logic (no queries): NIK and KK numbers are masked unless the reader may see them
in full (``registry.selectors.can_see_full_nik``), in the records and in the evidence alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dtks.domain import codes
from dtks.intake.models import SourcePerson
from dtks.registry.presenters import code_label, mask_nik

# Evidence bars: the longest bar stands for at least this weight (in either direction).
BAR_MIN_SCALE = 5.0
BAR_HALF_WIDTH = 100  # SVG units each side of the zero line

# Labels of the linkage's comparisons; any other comparison is shown by its own name.
COMPARISON_LABELS = {
    "nama": gettext_lazy("Nama"),
    "nik": gettext_lazy("NIK"),
    "no_kk": gettext_lazy("Nomor KK"),
    "kk": gettext_lazy("Nomor KK"),
    "jenis_kelamin": gettext_lazy("Jenis kelamin"),
    "sex": gettext_lazy("Jenis kelamin"),
    "tanggal_lahir": gettext_lazy("Tanggal lahir"),
    "dob": gettext_lazy("Tanggal lahir"),
    "tempat_lahir": gettext_lazy("Tempat lahir"),
    "nama_ibu_kandung": gettext_lazy("Nama ibu kandung"),
    "ibu": gettext_lazy("Nama ibu kandung"),
    "alamat": gettext_lazy("Alamat"),
    "rt_rw": gettext_lazy("RT/RW"),
    "wilayah": gettext_lazy("Wilayah"),
    "kode_wilayah": gettext_lazy("Wilayah"),
    "desa": gettext_lazy("Desa/kelurahan"),
    "kecamatan": gettext_lazy("Kecamatan"),
}
_SECRET_COMPARISON = re.compile(r"(^|_)(nik|kk)(\d*|_.*)?$")
_LONG_NUMBER = re.compile(r"\d{8,}")


@dataclass(frozen=True)
class FieldRow:
    label: str
    left: str
    right: str
    differs: bool
    mono: bool = False


@dataclass(frozen=True)
class EvidenceRow:
    label: str
    level: str
    weight: float
    left: str
    right: str
    bar_x: int  # where the bar starts, in SVG units of a 2 * BAR_HALF_WIDTH wide axis
    bar_width: int

    @property
    def positive(self) -> bool:
        return self.weight >= 0


def _date(value: Any) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _village(person: SourcePerson) -> str:
    village = person.village
    if village is None:
        return ""
    kecamatan = f" · {_('Kec.')} {village.parent.name}" if village.parent else ""
    return f"{village.name} ({village.code}){kecamatan}"


def _address(person: SourcePerson) -> str:
    parts = [person.alamat]
    if person.rt or person.rw:
        parts.append(f"RT {person.rt or '-'} / RW {person.rw or '-'}")
    return ", ".join(p for p in parts if p)


def record_rows(left: SourcePerson, right: SourcePerson, *, full_nik: bool) -> list[FieldRow]:
    """Both records' identity fields, one row each, with where they came from."""

    def number(value: str | None) -> str:
        return (value or "") if full_nik else mask_nik(value)

    def batch(person: SourcePerson) -> str:
        return f"#{person.batch_id} · {person.record_id} ({_('baris')} {person.row_number})"

    def received(person: SourcePerson) -> str:
        return timezone.localtime(person.batch.created_at).strftime("%d-%m-%Y")

    # (label, value of a record, monospaced, compared between the two records)
    fields: list[tuple[str, Any, bool, bool]] = [
        (_("Sumber"), lambda p: p.source, False, True),
        (_("Impor (ID rekaman)"), batch, True, False),
        (_("Tanggal diterima"), received, False, True),
        (_("NIK"), lambda p: number(p.nik), True, True),
        (_("Nama"), lambda p: p.nama, False, True),
        (
            _("Jenis kelamin"),
            lambda p: code_label(codes.JENIS_KELAMIN, p.jenis_kelamin),
            False,
            True,
        ),
        (_("Tempat lahir"), lambda p: p.tempat_lahir, False, True),
        (_("Tanggal lahir"), lambda p: _date(p.tanggal_lahir), False, True),
        (_("Nama ibu kandung"), lambda p: p.nama_ibu_kandung, False, True),
        (_("Nomor KK"), lambda p: number(p.no_kk), True, True),
        (_("Alamat"), _address, False, True),
        (_("Desa/kelurahan"), _village, False, True),
    ]
    rows = []
    for label, value_of, mono, compared in fields:
        a, b = str(value_of(left) or ""), str(value_of(right) or "")
        rows.append(
            FieldRow(
                label=label, left=a or "-", right=b or "-", differs=compared and a != b, mono=mono
            )
        )
    return rows


def _shown(name: str, value: Any, *, full_nik: bool) -> str:
    if value is None or value == "":
        return "-"
    text = str(value)
    if full_nik:
        return text
    if _SECRET_COMPARISON.search(name):
        return mask_nik(text)
    return _LONG_NUMBER.sub(lambda m: mask_nik(m.group(0)), text)


def evidence_rows(evidence: dict[str, Any], *, full_nik: bool) -> list[EvidenceRow]:
    """One row per comparison, in the linkage's order, with a bar scaled to the pair."""
    items = [(name, item) for name, item in evidence.items() if isinstance(item, dict)]
    weights = [_weight(item) for _name, item in items]
    scale = max([BAR_MIN_SCALE, *(abs(w) for w in weights)])
    rows = []
    for (name, item), weight in zip(items, weights, strict=True):
        width = round(BAR_HALF_WIDTH * min(abs(weight) / scale, 1.0))
        rows.append(
            EvidenceRow(
                label=str(COMPARISON_LABELS.get(name, name.replace("_", " "))),
                level=str(item.get("level") or "-"),
                weight=weight,
                left=_shown(name, item.get("l"), full_nik=full_nik),
                right=_shown(name, item.get("r"), full_nik=full_nik),
                bar_x=BAR_HALF_WIDTH if weight >= 0 else BAR_HALF_WIDTH - width,
                bar_width=width,
            )
        )
    return rows


def _weight(item: dict[str, Any]) -> float:
    try:
        return float(item.get("weight") or 0.0)
    except (TypeError, ValueError):
        return 0.0
