"""The rule catalogue: stable codes, severities, Indonesian and English messages."""

from __future__ import annotations

import re
from pathlib import Path

from dtks.domain.nik import KkFailure, NikFailure
from dtks.domain.rules import FILE_PROBLEMS, KEEPS_VALUE, RULES, Rule, rule
from dtks.pipeline.intake.headers import CIVIL_REGISTRY_COLUMNS, REQUIRED
from dtks.pipeline.intake.plans import households_plan, members_plan, persons_plan
from dtks.pipeline.intake.rules_sql import Check

CROSS_FILE_RULES = {
    "record_id_ganda",
    "kode_ruta_ganda",
    "orang_tidak_ditemukan",
    "ruta_tidak_ditemukan",
    "kepala_ruta_tidak_satu",
    "ruta_dikarantina",
    "orang_dikarantina",
    "anggota_dikarantina",
    "duplikat_dalam_berkas",
    "nik_ganda",
    "kk_beda_ruta",
    "umur_tidak_wajar",
    "hamil_bukan_perempuan",
}


def test_codes_are_snake_case_and_messages_present() -> None:
    for code, item in {**RULES, **FILE_PROBLEMS}.items():
        assert isinstance(item, Rule)
        assert item.code == code
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", code)
        assert item.severity in ("reject", "flag", "repair")
        assert item.message.endswith(".")
        assert item.message_en.endswith(".")
        assert item.message != item.message_en
    assert not set(RULES) & set(FILE_PROBLEMS)


def test_identity_codes_are_those_of_nik_py() -> None:
    for failure in (*NikFailure, *KkFailure):
        assert rule(failure.value).severity == "flag"
        assert rule(failure.value).message == failure.message()


def test_every_rule_is_applied_somewhere() -> None:
    reference = __import__("datetime").date(2026, 1, 15)
    checks: list[Check] = []
    for builder, kind in ((persons_plan, "persons"), (members_plan, "members")):
        checks += builder((*REQUIRED[kind], "household_ref"), reference).checks
    # The civil-registry extract's columns (source DUKCAPIL only).
    checks += persons_plan((*REQUIRED["persons"], *CIVIL_REGISTRY_COLUMNS), reference).checks
    checks += households_plan((*REQUIRED["households"], "konsumsi_per_kapita"), reference).checks
    applied = {c.rule for c in checks} | CROSS_FILE_RULES
    assert applied == set(RULES)
    assert {code for code, r in RULES.items() if r.severity == "flag"} >= KEEPS_VALUE


def test_every_rule_is_documented() -> None:
    doc = (Path(__file__).parents[3] / "docs" / "intake.md").read_text(encoding="utf-8")
    for code in (*RULES, *FILE_PROBLEMS):
        assert f"`{code}`" in doc, code
