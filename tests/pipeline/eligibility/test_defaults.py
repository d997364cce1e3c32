"""The default rule documents shipped for PKH, SEMBAKO, PBI_JKN and PIP."""

from __future__ import annotations

from dtks.domain.eligibility import parse_rules, rules_to_document
from dtks.pipeline.eligibility import default_rule_documents


def test_defaults_parse_and_round_trip() -> None:
    documents = default_rule_documents()
    assert [d["code"] for d in documents] == ["PKH", "SEMBAKO", "PBI_JKN", "PIP"]
    for document in documents:
        rules = parse_rules(document)
        assert parse_rules(rules_to_document(rules)) == rules
        assert rules.notes


def test_default_amounts_are_the_published_figures() -> None:
    rules = {d["code"]: parse_rules(d) for d in default_rule_documents()}
    pkh = rules["PKH"]
    assert {c.code: c.amount for c in pkh.components} == {
        "ibu_hamil": 3_000_000,
        "anak_sd": 900_000,
        "anak_smp": 1_500_000,
        "anak_sma": 2_000_000,
        "anak_usia_dini": 3_000_000,
        "disabilitas_berat": 2_400_000,
        "lansia": 2_400_000,
    }
    assert (pkh.unit, pkh.desil_max, pkh.component_cap, pkh.requires_component) == (
        "keluarga",
        4,
        4,
        True,
    )
    assert (rules["SEMBAKO"].unit, rules["SEMBAKO"].fixed_amount) == ("keluarga", 2_400_000)
    assert (rules["PBI_JKN"].unit, rules["PBI_JKN"].desil_max) == ("anggota", 5)
    assert rules["PBI_JKN"].fixed_amount == 504_000
    assert [a.amount for a in rules["PIP"].amounts] == [450_000, 750_000, 1_800_000]


def test_every_default_has_the_common_exclusions() -> None:
    for document in default_rule_documents():
        codes = [e.code for e in parse_rules(document).exclusions]
        assert codes[:4] == ["meninggal", "pns_tni_polri", "di_atas_umr", "nik_tidak_padan"]
    pbi = next(d for d in default_rule_documents() if d["code"] == "PBI_JKN")
    assert [e.code for e in parse_rules(pbi).exclusions][4:] == ["peserta_bpjs_mandiri"]
