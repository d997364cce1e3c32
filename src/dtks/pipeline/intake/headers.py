"""Header matching: which kind of file this is and where each of its columns is.

Names are matched case-insensitively after stripping a BOM and surrounding whitespace;
inner spaces and hyphens count as underscores (``Tanggal Lahir`` is ``tanggal_lahir``). The
annotation columns our own quarantine export appends (``ANNOTATION_COLUMNS``) are ignored, so
a corrected quarantine file can be imported again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dtks.pipeline import interchange
from dtks.pipeline.intake.errors import FileRejected

PERSONS = "persons"
MEMBERS = "members"
HOUSEHOLDS = "households"
KINDS = (PERSONS, MEMBERS, HOUSEHOLDS)
KIND_LABELS = {PERSONS: "individu", MEMBERS: "anggota (ART)", HOUSEHOLDS: "rumah tangga"}

ANNOTATION_COLUMNS = ("baris_asal", "kolom_galat", "kode_aturan", "pesan_galat")

REQUIRED: dict[str, tuple[str, ...]] = {
    PERSONS: interchange.PERSON_COLUMNS,
    MEMBERS: interchange.MEMBER_FILE_COLUMNS,
    HOUSEHOLDS: interchange.HOUSEHOLD_FILE_COLUMNS,
}
# The civil-registry extract's own columns (docs/synth.md): accepted on a person file of
# source DUKCAPIL only (``validate_import`` refuses them for any other source).
CIVIL_REGISTRY_COLUMNS = ("status", "tanggal_meninggal")
OPTIONAL: dict[str, tuple[str, ...]] = {
    PERSONS: ("household_ref", *CIVIL_REGISTRY_COLUMNS),
    MEMBERS: (),
    HOUSEHOLDS: ("konsumsi_per_kapita",),
}


def _distinctive(kind: str) -> frozenset[str]:
    others = {c for k in KINDS if k != kind for c in REQUIRED[k] + OPTIONAL[k]}
    return frozenset(c for c in REQUIRED[kind] if c not in others)


DISTINCTIVE = {kind: _distinctive(kind) for kind in KINDS}


def _documented(kind: str) -> tuple[str, ...]:
    """The columns any source's file of ``kind`` may have (for error messages)."""
    return tuple(c for c in REQUIRED[kind] + OPTIONAL[kind] if c not in CIVIL_REGISTRY_COLUMNS)


_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_name(name: object) -> str:
    text = "" if name is None else str(name)
    return _SEPARATORS.sub("_", text.replace("\ufeff", "").strip()).lower()


@dataclass(frozen=True)
class Header:
    """A resolved header. ``positions[i]`` is the 0-based field index of ``columns[i]`` in
    the file; ``width`` the number of header fields (annotation columns included)."""

    kind: str
    columns: tuple[str, ...]
    positions: tuple[int, ...]
    width: int


def resolve_header(names: Sequence[object], *, file: str) -> Header:
    """Detect the file's kind from its header and check the columns; FileRejected if not."""
    normalised = [normalise_name(n) for n in names]
    while normalised and normalised[-1] == "":
        normalised.pop()  # empty trailing header cells (spreadsheet formatting)
    if not normalised:
        raise FileRejected("header_salah", file=file, row=1, detail="Baris judul kosong.")
    scores = {kind: len(DISTINCTIVE[kind].intersection(normalised)) for kind in KINDS}
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    if best == 0 or len(winners) > 1:
        raise FileRejected(
            "header_salah",
            file=file,
            row=1,
            detail="Nama kolom tidak dikenali (mis. record_id, nik, nama untuk berkas individu; "
            "record_id, hubungan untuk berkas anggota; household_ref, kode_wilayah, lantai untuk "
            "berkas rumah tangga). Baris pertama mungkin berisi data, bukan nama kolom.",
        )
    kind = winners[0]
    known = set(REQUIRED[kind] + OPTIONAL[kind])
    columns: list[str] = []
    positions: list[int] = []
    unknown: list[str] = []
    for index, name in enumerate(normalised):
        if name in ANNOTATION_COLUMNS:
            continue
        if name == "":
            raise FileRejected(
                "header_salah", file=file, row=1, detail=f"Kolom ke-{index + 1} tidak bernama."
            )
        if name in columns:
            raise FileRejected(
                "header_salah", file=file, row=1, column=name, detail="Nama kolom muncul dua kali."
            )
        if name not in known:
            unknown.append(name)
        columns.append(name)
        positions.append(index)
    missing = [c for c in REQUIRED[kind] if c not in columns]
    label = KIND_LABELS[kind]
    if missing:
        extra = f" Kolom tidak dikenal: {', '.join(unknown)}." if unknown else ""
        raise FileRejected(
            "kolom_wajib_hilang",
            file=file,
            row=1,
            column=missing[0],
            detail=f"Berkas {label} harus memiliki kolom: {', '.join(missing)}.{extra}",
        )
    if unknown:
        raise FileRejected(
            "kolom_tidak_dikenal",
            file=file,
            row=1,
            column=unknown[0],
            detail=f"Kolom {', '.join(unknown)} bukan kolom berkas {label}; "
            f"kolom yang dikenal: {', '.join(_documented(kind))}.",
        )
    return Header(kind=kind, columns=tuple(columns), positions=tuple(positions), width=len(names))
