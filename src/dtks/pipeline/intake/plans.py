"""Per kind of file, which rule applies to which column (the row-level ``Plan``s).

Column limits follow the register's fields (``dtks.registry.variables``) so that every valid
row loads without violating a database constraint.
"""

from __future__ import annotations

from datetime import date

from dtks.domain import codes
from dtks.pipeline import interchange
from dtks.pipeline.intake import columns_civil, columns_text, columns_values, identity_sql
from dtks.pipeline.intake.headers import HOUSEHOLDS, MEMBERS, PERSONS
from dtks.pipeline.intake.rules_sql import Plan

ID_LENGTH = 40
NAME_LENGTH = 150
PLACE_LENGTH = 100
ADDRESS_LENGTH = 200
ALTERNATING_YES_NO = {name: index % 2 == 1 for index, (name, _, _) in enumerate(codes.ASSETS)}
# Columns a flag may null in the clean output, per kind.
FLAG_NULLABLE = {PERSONS: ("nik", "no_kk"), MEMBERS: ("hamil",), HOUSEHOLDS: ("daya",)}


def _ragged(plan: Plan) -> None:
    plan.check("", "jumlah_kolom_salah", "_fields IS NOT NULL")


def persons_plan(columns: tuple[str, ...], reference: date) -> Plan:
    plan = Plan(PERSONS, columns, reference)
    _ragged(plan)
    columns_text.text(plan, "record_id", required=True, max_length=ID_LENGTH, collapse=False)
    columns_text.text(plan, "source")
    t_nik = plan.trimmed("nik")
    t_kk = plan.trimmed("no_kk")
    columns_text.text(plan, "nama", required=True, max_length=NAME_LENGTH, title_case=True)
    columns_text.sex(plan, "jenis_kelamin")
    columns_text.text(plan, "tempat_lahir", max_length=PLACE_LENGTH)
    columns_values.date(plan, "tanggal_lahir", birth=True)
    columns_text.text(plan, "nama_ibu_kandung", max_length=NAME_LENGTH, title_case=True)
    columns_text.text(plan, "alamat", max_length=ADDRESS_LENGTH)
    columns_values.rt_rw(plan, "rt")
    columns_values.rt_rw(plan, "rw")
    columns_values.village(plan, "kode_wilayah", required=False)
    if "household_ref" in columns:
        columns_text.text(
            plan, "household_ref", max_length=ID_LENGTH, collapse=False, empty_is_null=True
        )
    else:
        plan.output("household_ref", "NULL", "VARCHAR")
    if "status" in columns:
        columns_civil.civil_registry_columns(plan)

    nik_failures = identity_sql.nik(plan, t_nik, sex="v_jenis_kelamin", birth="v_tanggal_lahir")
    for failure, column in nik_failures.items():
        plan.check("nik", failure.value, column)
    kk_failures = identity_sql.kk(plan, t_kk)
    for kk_failure, column in kk_failures.items():
        plan.check("no_kk", kk_failure.value, column)
    for col, t in (("nik", t_nik), ("no_kk", t_kk)):
        digits = f"regexp_full_match({t}, '[0-9]{{16}}')"
        plan.check(col, "spasi_dirapikan", f"{digits} AND {t} <> {col}", t)
    plan.output("nik", f"nullif({t_nik}, '')", "VARCHAR", keeps_original=True)
    plan.output("no_kk", f"nullif({t_kk}, '')", "VARCHAR", keeps_original=True)
    _order_outputs(plan, (*interchange.PERSON_COLUMNS, "household_ref", *columns_civil.OUTPUTS))
    return plan


def members_plan(columns: tuple[str, ...], reference: date) -> Plan:
    plan = Plan(MEMBERS, columns, reference)
    _ragged(plan)
    columns_text.text(plan, "record_id", required=True, max_length=ID_LENGTH, collapse=False)
    for code_list in codes.MEMBER_CODED:
        columns_text.code(plan, code_list.field, code_list.values)
    return plan


def households_plan(columns: tuple[str, ...], reference: date) -> Plan:
    plan = Plan(HOUSEHOLDS, columns, reference)
    _ragged(plan)
    columns_text.text(plan, "household_ref", required=True, max_length=ID_LENGTH, collapse=False)
    columns_values.village(plan, "kode_wilayah", required=True)
    columns_text.text(plan, "alamat", max_length=ADDRESS_LENGTH)
    columns_values.rt_rw(plan, "rt")
    columns_values.rt_rw(plan, "rw")
    for code_list in codes.HOUSEHOLD_CODED:
        columns_text.code(plan, code_list.field, code_list.values)
    columns_values.number(plan, "luas_lantai", valid="{v} > 0 AND {v} <= 10000")
    columns_values.count(plan, "jumlah_kamar", valid="{v} BETWEEN 0 AND 100")
    for name in interchange.HOUSEHOLD_YES_NO_COLUMNS:
        columns_text.yes_no(plan, name, alternating=ALTERNATING_YES_NO.get(name, False))
    columns_values.number(plan, "luas_lahan", valid="{v} >= 0")
    for name, _, _ in codes.LIVESTOCK:
        columns_values.count(plan, name, valid="{v} >= 0")
    if "konsumsi_per_kapita" in columns:
        columns_values.number(plan, "konsumsi_per_kapita", valid="{v} >= 0")
    else:
        plan.output("konsumsi_per_kapita", "NULL", "DOUBLE")
    plan.check(
        "daya",
        "daya_tanpa_pln",
        "v_daya IN (1, 2, 3, 4, 5, 6) AND v_sumber_penerangan IS DISTINCT FROM 1",
    )
    _order_outputs(plan, (*interchange.HOUSEHOLD_FILE_COLUMNS, "konsumsi_per_kapita"))
    return plan


def _order_outputs(plan: Plan, order: tuple[str, ...]) -> None:
    position = {name: index for index, name in enumerate(order)}
    plan.outputs.sort(key=lambda output: position[output.name])


def plan_for(kind: str, columns: tuple[str, ...], reference: date) -> Plan:
    builders = {PERSONS: persons_plan, MEMBERS: members_plan, HOUSEHOLDS: households_plan}
    return builders[kind](columns, reference)
