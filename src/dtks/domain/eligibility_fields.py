"""The fields a programme rule may test: name, level, type, Indonesian label, allowed values.

``rumah_tangga`` fields describe the unit's household or family (the same for every member);
``anggota`` fields describe one person. Derived fields are computed by the eligibility
pipeline (``dtks.pipeline.eligibility``) and documented in ``docs/programs.md``.
Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dtks.domain import codes

Level = Literal["rumah_tangga", "anggota"]
FieldType = Literal["int", "float", "money", "str", "bool"]

# jenis_cacat codes counted as a severe disability (PKH component "disabilitas berat"):
# multiple impairments (05-09), intellectual (10) and physical plus mental (12). A single
# impairment (01-04) and former mental illness (11) are not counted.
SEVERE_DISABILITY_CODES = (5, 6, 7, 8, 9, 10, 12)
# jenjang codes by school level (sekolah_tingkat): 01-03 SD, 04-06 SMP, 07-09 SMA.
SCHOOL_LEVEL_CODES = {"SD": (1, 2, 3), "SMP": (4, 5, 6), "SMA": (7, 8, 9)}
# Age from which a person counts as elderly (lansia), the PKH component.
ELDERLY_AGE = 70
DUKCAPIL_STATUSES = ("", "hidup", "meninggal", "pindah")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    level: Level
    type: FieldType
    label: str
    choices: tuple[int | str, ...] | None = None


def _coded(name: str, label: str) -> FieldSpec:
    return FieldSpec(name, "anggota", "int", label, codes.coded_field(name).values)


def _household(name: str, type_: FieldType, label: str) -> FieldSpec:
    return FieldSpec(name, "rumah_tangga", type_, label)


_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "desil", "rumah_tangga", "int", "Desil kesejahteraan (1 termiskin)", tuple(range(1, 11))
    ),
    FieldSpec("persentil", "rumah_tangga", "int", "Persentil kesejahteraan", tuple(range(1, 101))),
    _household("welfare", "float", "Skor kesejahteraan PMT (log konsumsi per kapita)"),
    _household("konsumsi_prediksi", "money", "Konsumsi per kapita prediksi PMT (Rp/bulan)"),
    _household(
        "pengeluaran_rumah_tangga",
        "money",
        "Pengeluaran rumah tangga prediksi PMT (Rp/bulan; konsumsi per kapita x anggota hidup)",
    ),
    _household("umr", "money", "Upah minimum kab/kota, atau provinsi (Rp/bulan)"),
    _household("kode_wilayah", "str", "Kode desa/kelurahan"),
    _household("kab_kota", "str", "Kode kabupaten/kota"),
    _household("provinsi", "str", "Kode provinsi"),
    _household("jumlah_anggota", "int", "Jumlah anggota keluarga (KK) yang masih hidup"),
    _household(
        "jumlah_anggota_rumah_tangga", "int", "Jumlah anggota rumah tangga yang masih hidup"
    ),
    *(_household(name, "bool", f"Peserta {label}") for name, label, _ in codes.PROGRAMS),
    FieldSpec("umur", "anggota", "int", "Umur (tahun penuh pada tanggal acuan)"),
    FieldSpec("jenis_kelamin", "anggota", "str", "Jenis kelamin (L/P)", ("L", "P")),
    _coded("hubungan", "Hubungan dengan kepala rumah tangga"),
    _coded("hamil", "Sedang hamil/nifas (1 ya, 2 tidak)"),
    _coded("jenis_cacat", "Jenis cacat"),
    FieldSpec(
        "disabilitas_berat",
        "anggota",
        "bool",
        "Disabilitas berat (cacat ganda, mental/intelektual)",
    ),
    _coded("partisipasi_sekolah", "Partisipasi sekolah (1 masih sekolah)"),
    _coded("jenjang", "Jenjang pendidikan yang sedang/pernah diikuti"),
    FieldSpec(
        "sekolah_tingkat",
        "anggota",
        "str",
        "Tingkat sekolah (SD/SMP/SMA)",
        tuple(SCHOOL_LEVEL_CODES),
    ),
    _coded("bekerja", "Bekerja (1 ya, 2 tidak)"),
    _coded("status_pekerjaan", "Status kedudukan dalam pekerjaan"),
    FieldSpec("status_dukcapil", "anggota", "str", "Status Dukcapil", DUKCAPIL_STATUSES),
    FieldSpec("nik_padan", "anggota", "bool", "NIK padan dengan Dukcapil"),
    FieldSpec("lansia", "anggota", "bool", f"Lanjut usia ({ELDERLY_AGE} tahun ke atas)"),
    FieldSpec("kepala", "anggota", "bool", "Kepala keluarga (KK) dalam data"),
)

FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _SPECS}

OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "in", "not_in", "is_null", "not_null")
ORDERING_OPERATORS = ("<", "<=", ">", ">=")
# A value that stands for the regional minimum wage of the unit's kab/kota (else province).
UMR_VALUE = "$umr"
