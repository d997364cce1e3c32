"""The civil-registry extract's own person columns: ``status`` and ``tanggal_meninggal``.

Only a DUKCAPIL person file has them (``validate._civil_registry_columns``). ``status`` is
``hidup``, ``meninggal`` or ``pindah`` (case and spaces repaired); ``tanggal_meninggal`` is a
date like any other (``columns_values.date``), present exactly when the status is
``meninggal``, and not before the birth date. They land as ``status_dukcapil`` and
``tanggal_meninggal`` on the source record.
"""

from __future__ import annotations

from dtks.pipeline.intake import columns_values
from dtks.pipeline.intake.rules_sql import Plan
from dtks.pipeline.intake.sql_text import trim_sql
from dtks.pipeline.intake.staging import quote_ident

STATUSES = ("hidup", "meninggal", "pindah")
OUTPUTS = ("status_dukcapil", "tanggal_meninggal")


def civil_registry_columns(plan: Plan) -> None:
    """Rules and outputs of ``status``/``tanggal_meninggal`` (call after ``tanggal_lahir``)."""
    raw = quote_ident("status")
    known = ", ".join(f"'{s}'" for s in STATUSES)
    g = plan.guard("status", f"{raw} IN ({known})")
    t = plan.derive(1, "t_status", f"lower({trim_sql(raw)})", guard=g, fast=raw)
    plan.check("status", "wajib_kosong", f"{t} = ''", guard=g)
    plan.check(
        "status", "status_dukcapil_tidak_dikenal", f"{t} <> '' AND {t} NOT IN ({known})", guard=g
    )
    plan.check("status", "kode_dinormalkan", f"{t} IN ({known}) AND {t} <> {raw}", t, guard=g)
    plan.output("status_dukcapil", f"CASE WHEN {t} IN ({known}) THEN {t} END", "VARCHAR")
    if "tanggal_meninggal" not in plan.columns:
        plan.check("status", "tanggal_meninggal_kosong", f"{t} = 'meninggal'")
        plan.output("tanggal_meninggal", "NULL", "DATE")
        return
    columns_values.date(plan, "tanggal_meninggal")
    death, death_text = "v_tanggal_meninggal", "t_tanggal_meninggal"
    plan.check(
        "tanggal_meninggal", "tanggal_meninggal_kosong", f"{t} = 'meninggal' AND {death_text} = ''"
    )
    plan.check(
        "tanggal_meninggal",
        "tanggal_meninggal_tanpa_status",
        f"{death_text} <> '' AND {t} IN ('hidup', 'pindah')",
    )
    plan.check("tanggal_meninggal", "meninggal_sebelum_lahir", f"{death} < v_tanggal_lahir")
