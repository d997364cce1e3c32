"""The interchange files' columns (docs/formats.md), in order, grouped by how they are typed."""

from __future__ import annotations

from dtks.domain import codes

HOUSEHOLD_CODED_COLUMNS = tuple(cl.field for cl in codes.HOUSEHOLD_CODED)
HOUSEHOLD_YES_NO_COLUMNS = (
    *(name for name, _, _ in codes.ASSETS),
    codes.ASET_LAHAN[0],
    codes.ASET_RUMAH_LAIN[0],
    *(name for name, _, _ in codes.PROGRAMS),
)
HOUSEHOLD_COUNT_COLUMNS = ("jumlah_kamar", *(name for name, _, _ in codes.LIVESTOCK))
HOUSEHOLD_AREA_COLUMNS = ("luas_lantai", "luas_lahan")
MEMBER_CODED_COLUMNS = tuple(cl.field for cl in codes.MEMBER_CODED)

# The household file's columns, in the order of docs/formats.md.
HOUSEHOLD_FILE_COLUMNS = (
    "household_ref",
    "kode_wilayah",
    "alamat",
    "rt",
    "rw",
    "sta_bangunan",
    "sta_lahan",
    "luas_lantai",
    "lantai",
    "dinding",
    "kondisi_dinding",
    "atap",
    "kondisi_atap",
    "jumlah_kamar",
    *(c for c in HOUSEHOLD_CODED_COLUMNS[7:]),
    *(name for name, _, _ in codes.ASSETS),
    codes.ASET_LAHAN[0],
    "luas_lahan",
    codes.ASET_RUMAH_LAIN[0],
    *(name for name, _, _ in codes.LIVESTOCK),
    *(name for name, _, _ in codes.PROGRAMS),
)
MEMBER_FILE_COLUMNS = ("record_id", *MEMBER_CODED_COLUMNS)

PERSON_COLUMNS = (
    "record_id",
    "source",
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nama_ibu_kandung",
    "alamat",
    "rt",
    "rw",
    "kode_wilayah",
)
