"""Columns of the interchange files (docs/formats.md) and fast CSV writing with pyarrow.

Values are numpy arrays: object arrays of ``str``/``None`` for text, integer arrays for codes
and amounts where a negative value means "empty". Files are UTF-8 without BOM, ``\\n`` line
ends, RFC 4180 quoting (pyarrow quotes every text value); the header is written unquoted.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from dtks.domain import codes

PERSON_COLUMNS: tuple[str, ...] = (
    "record_id", "source", "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir",
    "tanggal_lahir", "nama_ibu_kandung", "alamat", "rt", "rw", "kode_wilayah",
)  # fmt: skip
HOUSEHOLD_REF = "household_ref"
CIVIL_EXTRA: tuple[str, ...] = ("status", "tanggal_meninggal")
MEMBER_FIELDS: tuple[str, ...] = tuple(c.field for c in codes.MEMBER_CODED)
MEMBER_COLUMNS: tuple[str, ...] = ("record_id", *MEMBER_FIELDS)


def _housing_fields() -> tuple[str, ...]:
    """Housing columns in form order; the two measured ones sit among the coded fields."""
    out: list[str] = []
    for code_list in codes.HOUSEHOLD_CODED:
        out.append(code_list.field)
        if code_list.field == "sta_lahan":
            out.append("luas_lantai")
        elif code_list.field == "kondisi_atap":
            out.append("jumlah_kamar")
    return tuple(out)


HOUSING_FIELDS = _housing_fields()
ASSET_FIELDS: tuple[str, ...] = (
    *(a[0] for a in codes.ASSETS),
    codes.ASET_LAHAN[0],
    "luas_lahan",
    codes.ASET_RUMAH_LAIN[0],
)
LIVESTOCK_FIELDS: tuple[str, ...] = tuple(x[0] for x in codes.LIVESTOCK)
PROGRAM_FIELDS: tuple[str, ...] = tuple(x[0] for x in codes.PROGRAMS)
HOUSEHOLD_DATA_FIELDS = HOUSING_FIELDS + ASSET_FIELDS + LIVESTOCK_FIELDS + PROGRAM_FIELDS
HOUSEHOLD_COLUMNS: tuple[str, ...] = (
    HOUSEHOLD_REF, "kode_wilayah", "alamat", "rt", "rw", *HOUSEHOLD_DATA_FIELDS,
)  # fmt: skip
CONSUMPTION = "konsumsi_per_kapita"


def _arrow(values: np.ndarray | list[str | None]) -> pa.Array:
    arr = np.asarray(values) if isinstance(values, list) else values
    if arr.dtype.kind in "iu":
        return pa.array(arr, mask=arr < 0, type=pa.int64())
    if arr.dtype.kind == "f":
        return pa.array(arr, mask=np.isnan(arr), type=pa.float64())
    return pa.array(arr.tolist(), type=pa.string())


def write_csv(path: Path, columns: tuple[str, ...], data: Mapping[str, np.ndarray]) -> int:
    """Write ``data`` (every name of ``columns``) to ``path``; returns the number of rows."""
    missing = [c for c in columns if c not in data]
    if missing:
        raise KeyError(f"{path.name}: no data for columns {missing}")
    table = pa.table([_arrow(data[c]) for c in columns], names=list(columns))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write((",".join(columns) + "\n").encode("utf-8"))
        pacsv.write_csv(table, handle, pacsv.WriteOptions(include_header=False))
    return table.num_rows


def person_id(index: np.ndarray) -> np.ndarray:
    return np.array([f"P{i + 1:08d}" for i in index.tolist()], dtype=object)


def household_id(index: np.ndarray, prefix: str = "H") -> np.ndarray:
    return np.array([f"{prefix}{i + 1:07d}" for i in index.tolist()], dtype=object)
