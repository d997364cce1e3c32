"""From person interchange records to the standardised columns the comparisons use.

Runs once per input, in DuckDB plus the domain's name rules (applied to each distinct name,
not to each record), and is the same for every engine: the engines only compare what this
module produced, so they cannot disagree about what a name or a date is.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from dtks.domain import names

from .errors import LinkInputError

REQUIRED_COLUMNS = ("record_id", "nama")
OPTIONAL_COLUMNS = (
    "source",
    "nik",
    "no_kk",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nama_ibu_kandung",
    "alamat",
    "rt",
    "rw",
    "kode_wilayah",
)

# The columns a prepared table has; the comparisons and blocking rules use only these.
FEATURE_COLUMNS = (
    "unique_id",
    "source",
    "nama_norm",
    "nama_ph",
    "nama_sorted",
    "nama_first_ph",
    "nama_last_ph",
    "nama_nick",
    "dob",
    "dob_swapped",
    "dob_md",
    "dob_year",
    "sex",
    "nik",
    "nik12",
    "nik_stem",
    "nik_ok",
    "no_kk",
    "ibu_norm",
    "ibu_ph",
    "tempat_norm",
    "desa",
    "kecamatan",
    "kabupaten",
    "alamat_norm",
    "rt",
    "rw",
)


# Above this many distinct names the work is shared among worker processes.
PARALLEL_NAMES = 50_000


def _name_values(value: str) -> tuple[list[str] | None, str | None, str | None, str | None]:
    """Tokens, normalised name, phonetic key and nickname base of one raw name."""
    tokens = names.name_tokens(value)
    if not tokens:
        return None, None, None, None
    nick = names.nickname_base(tokens[0]) or tokens[0]
    return list(tokens), " ".join(tokens), names.phonetic_key_of_tokens(tokens), nick


def _name_values_chunk(values: list[str]) -> list[tuple[Any, ...]]:
    return [_name_values(value) for value in values]


def _apply(values: list[str], fn: Callable[[list[str]], list[Any]]) -> list[Any]:
    workers = min(os.cpu_count() or 1, 8)
    if len(values) < PARALLEL_NAMES or workers < 2:
        return fn(values)
    size = -(-len(values) // (workers * 4))
    chunks = [values[i : i + size] for i in range(0, len(values), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return [item for part in pool.map(fn, chunks) for item in part]


def _distinct(column: pa.ChunkedArray | pa.Array) -> tuple[list[str], pa.Array]:
    """Distinct values (lower-cased: the name rules fold case anyway) and each row's index."""
    combined = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    encoded = pc.dictionary_encode(pc.utf8_lower(combined))
    return encoded.dictionary.to_pylist(), encoded.indices


def _name_columns(raw: pa.ChunkedArray, prefix: str) -> dict[str, pa.Array]:
    values, indices = _distinct(raw)
    results = _apply(values, _name_values_chunk)
    columns = list(zip(*results, strict=True)) if results else [(), (), (), ()]
    types = (pa.list_(pa.string()), pa.string(), pa.string(), pa.string())
    tokens, norm, phonetic, nick = (
        pc.take(pa.array(list(col), type=t), indices) for col, t in zip(columns, types, strict=True)
    )
    out = {f"{prefix}_norm": norm, f"{prefix}_ph": phonetic}
    if prefix == "nama":
        out["nama_tokens"] = tokens
        out["nama_nick"] = nick
    return out


def _check_columns(table: pa.Table) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in table.column_names]
    if missing:
        raise LinkInputError(f"kolom wajib tidak ada: {', '.join(missing)}")
    if table.num_rows == 0:
        raise LinkInputError("berkas tidak berisi rekaman")
    ids = table.column("record_id")
    if ids.null_count:
        raise LinkInputError("record_id kosong pada sebagian baris")
    if pc.count_distinct(ids).as_py() != table.num_rows:
        counts = pc.value_counts(ids)
        dupes = [v["values"] for v in counts.to_pylist() if v["counts"] > 1][:5]
        raise LinkInputError(f"record_id tidak unik, misalnya: {', '.join(map(str, dupes))}")


def _as_strings(table: pa.Table) -> pa.Table:
    columns = {}
    for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
        if name in table.column_names:
            col = table.column(name)
            columns[name] = col if pa.types.is_string(col.type) else pc.cast(col, pa.string())
        else:
            columns[name] = pa.nulls(table.num_rows, pa.string())
    return pa.table(columns)


# Dates as the sources write them: ISO, DD/MM/YYYY, YYYYMMDD, or an Excel serial number.
_DOB_SQL = """
case
  when tanggal_lahir is null or trim(tanggal_lahir) = '' then null
  when regexp_full_match(trim(tanggal_lahir), '\\d{4}-\\d{2}-\\d{2}')
    then try_strptime(trim(tanggal_lahir), '%Y-%m-%d')::date
  when regexp_full_match(trim(tanggal_lahir), '\\d{1,2}/\\d{1,2}/\\d{4}')
    then try_strptime(trim(tanggal_lahir), '%d/%m/%Y')::date
  when regexp_full_match(trim(tanggal_lahir), '\\d{8}')
    then try_strptime(trim(tanggal_lahir), '%Y%m%d')::date
  when regexp_full_match(trim(tanggal_lahir), '\\d{4,5}')
    then date '1899-12-30' + cast(trim(tanggal_lahir) as integer)
  else null
end
"""

_PREPARE_SQL = f"""
with base as (
  select *, {_DOB_SQL} as dob_d,
    case when regexp_full_match(trim(nik), '\\d{{5,20}}') then trim(nik) end as nik_digits,
    case when regexp_full_match(trim(no_kk), '\\d{{16}}') then trim(no_kk) end as kk_digits,
    case
      when regexp_full_match(trim(kode_wilayah), '\\d{{10}}')
        then substr(trim(kode_wilayah), 1, 2) || '.' || substr(trim(kode_wilayah), 3, 2) || '.'
          || substr(trim(kode_wilayah), 5, 2) || '.' || substr(trim(kode_wilayah), 7, 4)
      else nullif(trim(kode_wilayah), '')
    end as desa_code,
    case upper(trim(jenis_kelamin)) when '1' then 1 when 'L' then 1 when 'M' then 1
      when '2' then 2 when 'P' then 2 when 'F' then 2 end as sex_code
  from persons
)
select
  record_id as unique_id,
  source,
  nama_norm, nama_ph, nama_tokens, nama_nick,
  array_to_string(list_sort(nama_tokens), ' ') as nama_sorted,
  split_part(nama_ph, ' ', 1) as nama_first_ph,
  nullif(split_part(nama_ph, ' ', -1), '') as nama_last_ph,
  strftime(dob_d, '%Y-%m-%d') as dob,
  case when day(dob_d) <= 12 and day(dob_d) <> month(dob_d)
    then strftime(dob_d, '%Y') || '-' || strftime(dob_d, '%d') || '-' || strftime(dob_d, '%m')
  end as dob_swapped,
  strftime(dob_d, '%m-%d') as dob_md,
  year(dob_d) as dob_year,
  case when sex_code in (1, 2) then sex_code end as sex,
  nik_digits as nik,
  case when length(nik_digits) = 16 then substr(nik_digits, 1, 12) end as nik12,
  -- A NIK that went through a float ends in zeros: its stem is what is left.
  case when length(nik_digits) = 16 and rtrim(nik_digits, '0') <> nik_digits
    and length(rtrim(nik_digits, '0')) >= 12 then rtrim(nik_digits, '0') end as nik_stem,
  -- The NIK agrees with the record's own birth date and sex (day + 40 for women).
  coalesce(length(nik_digits) = 16 and dob_d is not null
    and substr(nik_digits, 9, 2) = strftime(dob_d, '%m')
    and substr(nik_digits, 11, 2) = strftime(dob_d, '%y')
    and cast(substr(nik_digits, 7, 2) as integer)
        = day(dob_d) + case when sex_code = 2 then 40 else 0 end, false) as nik_ok,
  kk_digits as no_kk,
  ibu_norm, ibu_ph, tempat_norm,
  desa_code as desa,
  case when length(desa_code) >= 8 and desa_code like '__.__.__%'
    then substr(desa_code, 1, 8) end as kecamatan,
  case when length(desa_code) >= 5 and desa_code like '__.__%'
    then substr(desa_code, 1, 5) end as kabupaten,
  nullif(trim(regexp_replace(regexp_replace(regexp_replace(lower(coalesce(alamat, '')),
    '\\b(jalan|jln|jl)\\b\\.?', 'jl', 'g'), '\\b(gang|gg)\\b\\.?', 'gg', 'g'),
    '[^a-z0-9]+', ' ', 'g')), '') as alamat_norm,
  try_cast(trim(rt) as integer) as rt,
  try_cast(trim(rw) as integer) as rw
from base
"""


def prepare(table: pa.Table) -> pa.Table:
    """Check an input table and compute the comparison columns (``FEATURE_COLUMNS``)."""
    _check_columns(table)
    persons = _as_strings(table)
    derived = {
        **_name_columns(persons["nama"], "nama"),
        **_name_columns(persons["nama_ibu_kandung"], "ibu"),
        "tempat_norm": _place_column(persons["tempat_lahir"]),
    }
    for name, array in derived.items():
        persons = persons.append_column(name, array)
    con = duckdb.connect()
    try:
        con.register("persons", persons)
        return con.sql(_PREPARE_SQL).to_arrow_table().select(list(FEATURE_COLUMNS))
    finally:
        con.close()


def _place_column(raw: pa.ChunkedArray) -> pa.Array:
    values, indices = _distinct(raw)
    return pc.take(pa.array([_place(value) for value in values], type=pa.string()), indices)


def _place(value: str) -> str | None:
    words = "".join(c if c.isalnum() else " " for c in value.casefold()).split()
    drop = {"kota", "kab", "kabupaten", "adm", "administrasi"}
    kept = [w for w in words if w not in drop]
    return " ".join(kept) or None
