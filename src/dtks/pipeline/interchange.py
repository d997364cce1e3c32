"""Read interchange files (docs/formats.md) into register-shaped Arrow tables with DuckDB.

The files here are already valid (synth truth, or rows the intake validation accepted): these
readers type and rename, they do not judge. Column names of the results are the register's.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

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


def _csv(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    return f"read_csv('{quoted}', header=true, all_varchar=true, delim=',', quote='\"')"


def _text(column: str) -> str:
    return f"coalesce(trim({column}), '')"


def _neighbourhood(column: str) -> str:
    value = f"trim({column})"
    return f"CASE WHEN coalesce({value}, '') = '' THEN '' ELSE lpad({value}, 3, '0') END"


def read_households(path: Path) -> pa.Table:
    """Household file -> columns of ``registry_household`` (village_id for kode_wilayah)."""
    selects = [
        "trim(household_ref) AS household_ref",
        "trim(kode_wilayah) AS village_id",
        f"{_text('alamat')} AS alamat",
        f"{_neighbourhood('rt')} AS rt",
        f"{_neighbourhood('rw')} AS rw",
        *(f"CAST(nullif(trim({c}), '') AS SMALLINT) AS {c}" for c in HOUSEHOLD_CODED_COLUMNS),
        *(f"CAST(nullif(trim({c}), '') AS INTEGER) AS {c}" for c in HOUSEHOLD_COUNT_COLUMNS),
        *(f"CAST(nullif(trim({c}), '') AS DOUBLE) AS {c}" for c in HOUSEHOLD_AREA_COLUMNS),
        *(
            f"CASE trim({c}) WHEN '1' THEN true WHEN '2' THEN false END AS {c}"
            for c in HOUSEHOLD_YES_NO_COLUMNS
        ),
    ]
    sql = f"SELECT {', '.join(selects)} FROM {_csv(path)}"
    return duckdb.connect().sql(sql).to_arrow_table()


def read_members(*, persons: Path, members: Path) -> pa.Table:
    """Person file joined to its member file -> columns of ``registry_person``.

    Adds ``household_ref`` and ``no_kk`` for the loader to resolve foreign keys.
    """
    selects = [
        "trim(p.record_id) AS person_ref",
        "trim(p.household_ref) AS household_ref",
        "nullif(trim(p.no_kk), '') AS no_kk",
        "nullif(trim(p.nik), '') AS nik",
        "trim(p.nama) AS nama",
        "CASE upper(trim(p.jenis_kelamin)) WHEN 'L' THEN 1 WHEN 'P' THEN 2 END::SMALLINT"
        " AS jenis_kelamin",
        f"{_text('p.tempat_lahir')} AS tempat_lahir",
        "CAST(nullif(trim(p.tanggal_lahir), '') AS DATE) AS tanggal_lahir",
        f"{_text('p.nama_ibu_kandung')} AS nama_ibu_kandung",
        *(f"CAST(nullif(trim(m.{c}), '') AS SMALLINT) AS {c}" for c in MEMBER_CODED_COLUMNS),
    ]
    sql = (
        f"SELECT {', '.join(selects)} FROM {_csv(persons)} p "
        f"LEFT JOIN {_csv(members)} m ON trim(m.record_id) = trim(p.record_id)"
    )
    return duckdb.connect().sql(sql).to_arrow_table()
