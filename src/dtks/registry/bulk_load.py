"""Bulk writes into the register from staged tables: set-based SQL inside one transaction.

Intake stages validated rows as Arrow through ADBC (COPY on PostgreSQL) and calls
``insert_staged``; nothing moves row by row through the ORM. Households whose
``household_ref`` is already in the register are skipped whole, so a re-run adds nothing; any
other conflict (a NIK or KK already held by someone else) aborts the caller's transaction and
leaves the register exactly as it was.
"""

from __future__ import annotations

from typing import Any

from django.db import connection as django_connection
from django.utils import timezone

from dtks.pipeline import dbio, interchange


def django_database_target() -> dbio.DatabaseTarget:
    """The ADBC target of Django's default database (the test database under pytest)."""
    settings = django_connection.settings_dict
    return dbio.DatabaseTarget(
        vendor=django_connection.vendor,
        name=str(settings["NAME"]),
        user=settings.get("USER") or "",
        password=settings.get("PASSWORD") or "",
        host=settings.get("HOST") or "",
        port=str(settings.get("PORT") or ""),
    )


REGISTER_HOUSEHOLD_COLUMNS = (
    "household_ref",
    "village_id",
    "alamat",
    "rt",
    "rw",
    *interchange.HOUSEHOLD_CODED_COLUMNS,
    *interchange.HOUSEHOLD_COUNT_COLUMNS,
    *interchange.HOUSEHOLD_AREA_COLUMNS,
    *interchange.HOUSEHOLD_YES_NO_COLUMNS,
)
REGISTER_PERSON_COLUMNS = (
    "person_ref",
    "nik",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nama_ibu_kandung",
    *interchange.MEMBER_CODED_COLUMNS,
)


def insert_staged(cursor: Any, *, vendor: str) -> dict[str, int]:
    """Move temporary tables ``stg_household`` and ``stg_person`` (register column names, plus
    ``household_ref`` and ``no_kk`` on people) into the register; drops them afterwards.

    Runs inside the caller's transaction; households already registered are skipped whole.
    """
    now = timezone.now()
    stamp = (
        f"'{now.isoformat()}'::timestamptz"
        if vendor == "postgresql"
        else f"'{now.strftime('%Y-%m-%d %H:%M:%S.%f')}'"
    )
    household_cols = ", ".join(REGISTER_HOUSEHOLD_COLUMNS)
    person_cols = ", ".join(REGISTER_PERSON_COLUMNS)
    person_values = ", ".join("p." + c for c in REGISTER_PERSON_COLUMNS)
    statements = {
        "new_refs": (
            "CREATE TEMPORARY TABLE stg_new_ref AS SELECT s.household_ref FROM stg_household s "
            "WHERE NOT EXISTS (SELECT 1 FROM registry_household h "
            "WHERE h.household_ref = s.household_ref)"
        ),
        "households_added": (
            f"INSERT INTO registry_household ({household_cols}, created_at, updated_at) "
            f"SELECT {', '.join('s.' + c for c in REGISTER_HOUSEHOLD_COLUMNS)}, {stamp}, {stamp} "
            "FROM stg_household s JOIN stg_new_ref n ON n.household_ref = s.household_ref"
        ),
        "families_added": (
            "INSERT INTO registry_family (no_kk, household_id) "
            "SELECT DISTINCT p.no_kk, h.id FROM stg_person p "
            "JOIN stg_new_ref n ON n.household_ref = p.household_ref "
            "JOIN registry_household h ON h.household_ref = p.household_ref "
            "WHERE p.no_kk IS NOT NULL"
        ),
        "people_added": (
            f"INSERT INTO registry_person ({person_cols}, household_id, family_id, "
            "created_at, updated_at) "
            f"SELECT {person_values}, h.id, f.id, {stamp}, {stamp} "
            "FROM stg_person p JOIN stg_new_ref n ON n.household_ref = p.household_ref "
            "JOIN registry_household h ON h.household_ref = p.household_ref "
            "LEFT JOIN registry_family f ON f.no_kk = p.no_kk"
        ),
    }
    cursor.execute("DROP TABLE IF EXISTS stg_new_ref")
    for key, sql in statements.items():
        cursor.execute(sql)
        if key == "new_refs":
            cursor.execute("ANALYZE stg_new_ref")
    # ADBC reports no row counts for INSERT ... SELECT; the staged rows say it exactly.
    new_people = "FROM stg_person p JOIN stg_new_ref n ON n.household_ref = p.household_ref"
    counts = {
        "households_added": dbio.scalar(cursor, "SELECT count(*) FROM stg_new_ref"),
        "families_added": dbio.scalar(cursor, f"SELECT count(DISTINCT p.no_kk) {new_people}"),
        "people_added": dbio.scalar(cursor, f"SELECT count(*) {new_people}"),
    }
    for temporary in ("stg_new_ref", "stg_household", "stg_person"):
        cursor.execute(f"DROP TABLE {temporary}")
    return counts


def explain_load_error(error: Exception) -> str:
    text = str(error)
    hints = {
        "nik": "NIK sudah dimiliki orang lain di registri atau ganda dalam berkas",
        "no_kk": "nomor KK sudah dimiliki rumah tangga lain atau dipakai dua rumah tangga",
        "person_ref": "ID individu sudah ada di registri",
        "one_head": "rumah tangga dengan lebih dari satu kepala rumah tangga",
        "village": "kode wilayah tidak dikenal",
        "FOREIGN KEY": "kode wilayah tidak dikenal",
    }
    for needle, hint in hints.items():
        if needle in text:
            return f"Pemuatan dibatalkan, tidak ada yang ditulis: {hint}. ({text.splitlines()[0]})"
    return (
        f"Pemuatan dibatalkan, tidak ada yang ditulis: {text.splitlines()[0] if text else error!r}"
    )
