"""The person base table every programme query reads: one row per person with every field.

Each row carries the person's own fields (``umur``, ``sekolah_tingkat``, ``nik_padan``, ...),
the family it belongs to (``fam_ref``: the No. KK, or ``RT-<household_ref>`` without one),
whether it is the family's head in the data (``kepala``), and its household's fields
(``desil``, ``umr``, ``pengeluaran_rumah_tangga``, ``ikut_*``, ...). Portable SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dtks.domain import codes
from dtks.domain.eligibility_fields import (
    ELDERLY_AGE,
    SCHOOL_LEVEL_CODES,
    SEVERE_DISABILITY_CODES,
)

HOUSEHOLDS_VIEW = "elig_households"
PERSONS_VIEW = "elig_persons"
WAGES_VIEW = "elig_wages"
BASE_VIEW = "elig_base"

PARTICIPATION_COLUMNS = tuple(name for name, _, _ in codes.PROGRAMS)
HOUSEHOLD_INPUT_COLUMNS = (
    "household_ref",
    "kode_wilayah",
    "desil",
    "persentil",
    "welfare",
    "konsumsi_prediksi",
    *PARTICIPATION_COLUMNS,
)
PERSON_CODED_COLUMNS = (
    "hubungan",
    "hamil",
    "jenis_cacat",
    "partisipasi_sekolah",
    "jenjang",
    "bekerja",
    "status_pekerjaan",
)
PERSON_INPUT_COLUMNS = (
    "person_ref",
    "household_ref",
    "no_kk",
    "nik",
    "jenis_kelamin",
    "tanggal_lahir",
    *PERSON_CODED_COLUMNS,
    "status_dukcapil",
)
WAGE_INPUT_COLUMNS = ("kode_wilayah", "amount")


def _in(column: str, values: tuple[int, ...]) -> str:
    return f"{column} IN ({', '.join(str(v) for v in values)})"


def age_sql(birth_date: str, as_of: date) -> str:
    """Whole years from ``birth_date`` (a DATE expression) to ``as_of`` (portable)."""
    return (
        f"({as_of.year} - year({birth_date}) - CASE WHEN month({birth_date}) > {as_of.month}"
        f" OR (month({birth_date}) = {as_of.month} AND day({birth_date}) > {as_of.day})"
        " THEN 1 ELSE 0 END)"
    )


# Base columns every programme query reads, besides the fields its rules name.
ALWAYS = (
    "person_ref",
    "household_ref",
    "fam_ref",
    "hidup",
    "kepala",
    "kode_wilayah",
    "desil",
    "welfare",
)


def _output_column(name: str) -> str:
    if name == "kepala":
        return "p.head_key = f.head_key AS kepala"
    if name == "jumlah_anggota":
        return "f.jumlah_anggota"
    if name == "jumlah_anggota_rumah_tangga":
        return "coalesce(l.jumlah_anggota_rumah_tangga, 0) AS jumlah_anggota_rumah_tangga"
    if name == "pengeluaran_rumah_tangga":
        return (
            "h.konsumsi_prediksi * CAST(coalesce(l.jumlah_anggota_rumah_tangga, 0) AS DOUBLE)"
            " AS pengeluaran_rumah_tangga"
        )
    if name in HOUSEHOLD_FIELDS:
        return f"h.{name}"
    return f"p.{name}"


HOUSEHOLD_FIELDS = (
    "kode_wilayah",
    "kab_kota",
    "provinsi",
    "desil",
    "persentil",
    "welfare",
    "konsumsi_prediksi",
    "umr",
    *PARTICIPATION_COLUMNS,
)


def base_sql(as_of: date, fields: Iterable[str]) -> str:
    """The query of the person base table (``elig_base``) with the columns ``fields`` need.

    Only the fields the rules name are kept (besides ``ALWAYS``): the table is materialised
    once and read by every programme query, and narrow is faster.
    """
    columns = ", ".join(_output_column(name) for name in dict.fromkeys([*ALWAYS, *fields]))
    school = " ".join(
        f"WHEN {_in('p.jenjang', jenjang)} THEN '{level}'"
        for level, jenjang in SCHOOL_LEVEL_CODES.items()
    )
    coded = ", ".join(f"CAST(p.{name} AS INT) AS {name}" for name in PERSON_CODED_COLUMNS)
    flags = ", ".join(f"h.{name}" for name in PARTICIPATION_COLUMNS)
    # Families and households are counted from p0, which DuckDB materialises once (reading
    # the input three times instead measured slower).
    household_ref = "CAST(p.household_ref AS STRING)"
    fam_ref = f"coalesce(nullif(trim(p.no_kk), ''), 'RT-' || {household_ref})"
    hidup = "CASE WHEN coalesce(trim(p.status_dukcapil), '') = 'meninggal' THEN 0 ELSE 1 END"
    head_key = (
        f"concat(CAST(1 - {hidup} AS STRING),"
        " lpad(CAST(coalesce(CAST(p.hubungan AS INT), 99) AS STRING), 2, '0'),"
        " CAST(p.person_ref AS STRING))"
    )
    return f"""
WITH wages AS (
  SELECT kode_wilayah, max(CAST(amount AS BIGINT)) AS amount FROM {WAGES_VIEW}
  GROUP BY kode_wilayah
),
hh AS (
  SELECT CAST(h.household_ref AS STRING) AS household_ref, h.kode_wilayah,
    substr(h.kode_wilayah, 1, 5) AS kab_kota, substr(h.kode_wilayah, 1, 2) AS provinsi,
    CAST(h.desil AS INT) AS desil, CAST(h.persentil AS INT) AS persentil,
    CAST(h.welfare AS DOUBLE) AS welfare, CAST(h.konsumsi_prediksi AS DOUBLE) AS konsumsi_prediksi,
    coalesce(wk.amount, wp.amount) AS umr, {flags}
  FROM {HOUSEHOLDS_VIEW} h
  LEFT JOIN wages wk ON wk.kode_wilayah = substr(h.kode_wilayah, 1, 5)
  LEFT JOIN wages wp ON wp.kode_wilayah = substr(h.kode_wilayah, 1, 2)
),
p0 AS (
  SELECT CAST(p.person_ref AS STRING) AS person_ref,
    {household_ref} AS household_ref, {fam_ref} AS fam_ref, {head_key} AS head_key,
    {age_sql("CAST(p.tanggal_lahir AS DATE)", as_of)} AS umur,
    p.jenis_kelamin, {coded},
    coalesce(trim(p.status_dukcapil), '') AS status_dukcapil,
    CASE WHEN trim(p.nik) <> '' AND coalesce(trim(p.status_dukcapil), '') <> ''
      THEN true ELSE false END AS nik_padan,
    {hidup} AS hidup
  FROM {PERSONS_VIEW} p
),
p1 AS (
  SELECT p.*,
    CASE {school} END AS sekolah_tingkat,
    CASE WHEN {_in("p.jenis_cacat", SEVERE_DISABILITY_CODES)} THEN true ELSE false END
      AS disabilitas_berat,
    CASE WHEN p.umur >= {ELDERLY_AGE} THEN true ELSE false END AS lansia
  FROM p0 p
),
fam AS (
  SELECT fam_ref, CAST(sum(hidup) AS INT) AS jumlah_anggota, min(head_key) AS head_key
  FROM p0 GROUP BY fam_ref
),
living AS (
  SELECT household_ref, CAST(sum(hidup) AS INT) AS jumlah_anggota_rumah_tangga
  FROM p0 GROUP BY household_ref
)
SELECT {columns}
FROM p1 p
JOIN fam f ON f.fam_ref = p.fam_ref
LEFT JOIN living l ON l.household_ref = p.household_ref
LEFT JOIN hh h ON h.household_ref = p.household_ref
"""
