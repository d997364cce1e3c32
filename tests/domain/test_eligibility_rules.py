"""Programme rule documents: what parses, and a clear error for everything that cannot apply."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dtks.domain.eligibility import (
    FIELDS,
    ProgrammeRules,
    RuleError,
    parse_rules,
    rules_to_document,
)


def _document() -> dict[str, Any]:
    return {
        "code": "UJI",
        "name": "Program uji",
        "unit": "keluarga",
        "desil_max": 4,
        "components": [
            {
                "code": "lansia",
                "label": "Lansia",
                "amount": 2400000,
                "when": [{"field": "umur", "op": ">=", "value": 70}],
            }
        ],
        "component_cap": 4,
        "requires_component": True,
        "exclusions": [
            {
                "code": "di_atas_umr",
                "label": "Di atas UMR",
                "scope": "unit",
                "when": [{"field": "pengeluaran_rumah_tangga", "op": ">", "value": "$umr"}],
            },
            {
                "code": "pns",
                "label": "PNS",
                "scope": "any_member",
                "when": [{"field": "status_pekerjaan", "op": "in", "value": [5]}],
            },
        ],
        "quota": {"18.71": 10, "18": 100},
        "notes": "uji",
    }


def _with(change: dict[str, Any]) -> dict[str, Any]:
    document = _document()
    document.update(change)
    return document


def test_a_valid_document_parses_and_round_trips() -> None:
    rules = parse_rules(_document())
    assert isinstance(rules, ProgrammeRules)
    assert rules.components[0].amount == 2400000
    assert rules.exclusions[1].when[0].value == (5,)
    assert rules.quota == (("18", 100), ("18.71", 10))
    assert parse_rules(rules_to_document(rules)) == rules


def test_fixed_amount_is_monthly_times_twelve() -> None:
    document = _with({"amount_monthly": 200000})
    del document["components"], document["requires_component"]
    assert parse_rules(document).fixed_amount == 2400000


def test_unknown_field_names_programme_section_rule_field_and_known_fields() -> None:
    document = _document()
    document["exclusions"][1]["when"][0]["field"] = "status_pekerjan"
    with pytest.raises(RuleError) as error:
        parse_rules(document)
    message = str(error.value)
    assert "Program UJI" in message
    assert '"exclusions"' in message
    assert '"pns"' in message
    assert "'status_pekerjan'" in message
    assert "status_pekerjaan" in message  # the known fields are listed
    assert all(name in message for name in ("desil", "umur", "nik_padan"))


def _error(document: dict[str, Any]) -> str:
    with pytest.raises(RuleError) as error:
        parse_rules(document)
    return str(error.value)


def _set_condition(section: str, index: int, condition: dict[str, Any]) -> dict[str, Any]:
    document = _document()
    document[section][index]["when"] = [condition]
    return document


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"field": "umur", "op": "~", "value": 1}, "operator '~' tidak dikenal"),
        ({"field": "umur", "op": ">=", "value": "70"}, "butuh bilangan bulat"),
        ({"field": "umur", "op": ">=", "value": True}, "butuh bilangan bulat"),
        ({"field": "lansia", "op": "=", "value": 1}, "butuh true/false"),
        ({"field": "lansia", "op": ">", "value": True}, "tidak dapat dibandingkan"),
        ({"field": "status_dukcapil", "op": "=", "value": 3}, "butuh teks"),
        ({"field": "status_dukcapil", "op": "=", "value": "wafat"}, "tidak dikenal untuk field"),
        ({"field": "hubungan", "op": "=", "value": 42}, "tidak dikenal untuk field"),
        ({"field": "umur", "op": "in", "value": []}, "daftar nilai yang tidak kosong"),
        ({"field": "umur", "op": "in", "value": 3}, "daftar nilai yang tidak kosong"),
        ({"field": "umur", "op": "is_null", "value": 3}, "tidak memakai nilai"),
        ({"field": "umur", "op": "=", "value": "$umr"}, "$umr"),
        ({"field": "status_dukcapil", "op": ">", "value": "$umr"}, "$umr"),
        ({"field": "kab_kota", "op": "=", "value": "18-71"}, "bukan kode wilayah"),
        ({"field": "umur", "op": "=", "value": 1, "nilai": 2}, "kunci syarat tidak dikenal"),
        ("umur >= 70", "syarat harus berupa objek"),
    ],
)
def test_bad_conditions_are_refused(condition: Any, expected: str) -> None:
    message = _error(_set_condition("components", 0, condition))
    assert expected in message
    assert '"components", aturan "lansia"' in message


def test_a_person_field_in_a_household_only_context_is_refused() -> None:
    message = _error(_set_condition("exclusions", 0, {"field": "umur", "op": ">", "value": 60}))
    assert "data anggota" in message
    assert '"umur"' in message
    document = _with(
        {"amounts": [{"when": [{"field": "umur", "op": "<", "value": 7}], "amount": 1}]}
    )
    assert "data anggota" in _error(document)


def test_person_fields_are_allowed_for_head_and_member_scopes_and_person_units() -> None:
    document = _set_condition("exclusions", 0, {"field": "umur", "op": ">", "value": 60})
    document["exclusions"][0]["scope"] = "kepala"
    assert parse_rules(document).exclusions[0].scope == "kepala"
    document = _set_condition("exclusions", 0, {"field": "umur", "op": ">", "value": 60})
    document["unit"] = "anggota"
    assert parse_rules(document).unit == "anggota"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"unit": "desa"}, "unit 'desa' tidak dikenal"),
        ({"desil_max": 0}, "desil_max harus 1 sampai 10"),
        ({"desil_max": 11}, "desil_max harus 1 sampai 10"),
        ({"desil_max": "4"}, "desil_max harus 1 sampai 10"),
        ({"quota": {"18.71": 0}}, "kuota harus bilangan bulat positif"),
        ({"quota": {"18.71": "10"}}, "kuota harus bilangan bulat positif"),
        ({"quota": {"18.71": 2.5}}, "kuota harus bilangan bulat positif"),
        ({"quota": {"Lampung": 10}}, "bukan kode wilayah"),
        ({"quota": [10]}, "kuota harus berupa objek"),
        ({"desil_maks": 4}, "kunci tidak dikenal: desil_maks"),
        ({"name": " "}, '"name" wajib diisi'),
        ({"component_cap": 0}, "harus bilangan bulat positif"),
        ({"requires_component": "ya"}, "harus true atau false"),
        ({"amount": 1000, "amount_monthly": 100}, "tidak keduanya"),
        ({"amount": -1}, "tidak boleh negatif"),
        ({"amount_monthly": 1.5}, "bilangan bulat rupiah"),
        ({"members": [{"field": "umur", "op": ">", "value": 6}]}, 'unit "anggota"'),
        ({"notes": 5}, '"notes" harus berupa teks'),
    ],
)
def test_bad_programme_settings_are_refused(change: dict[str, Any], expected: str) -> None:
    message = _error(_with(change))
    assert expected in message
    assert "Program UJI" in message


def test_bad_programme_code_is_refused() -> None:
    assert "Kode program" in _error(_with({"code": "pkh baru"}))


def test_negative_component_amount_is_refused() -> None:
    document = _document()
    document["components"][0]["amount"] = -5
    message = _error(document)
    assert "tidak boleh negatif" in message
    assert '"lansia"' in message


def test_negative_level_amount_is_refused() -> None:
    message = _error(_with({"amounts": [{"when": [], "amount": -100}]}))
    assert '"amounts", aturan "#1"' in message
    assert "tidak boleh negatif" in message


@pytest.mark.parametrize("section", ["components", "exclusions"])
def test_duplicated_codes_are_refused(section: str) -> None:
    document = _document()
    document[section].append(copy.deepcopy(document[section][0]))
    message = _error(document)
    assert "dipakai lebih dari sekali" in message
    assert f'"{section}"' in message


def test_reserved_and_malformed_codes_are_refused() -> None:
    document = _document()
    document["exclusions"][0]["code"] = "desil"
    assert "sudah dipakai sistem" in _error(document)
    document["exclusions"][0]["code"] = "Di Atas UMR"
    assert "huruf kecil" in _error(document)


def test_other_structural_problems_are_refused() -> None:
    document = _document()
    document["exclusions"][0]["scope"] = "desa"
    assert "scope 'desa' tidak dikenal" in _error(document)
    document = _document()
    document["components"][0]["when"] = []
    assert "paling sedikit satu syarat" in _error(document)
    document = _document()
    del document["components"]
    assert "butuh paling sedikit satu komponen" in _error(document)
    document = _with({"requires_component": False})
    del document["components"]
    assert "butuh besaran bantuan" in _error(document)
    with pytest.raises(RuleError, match="harus berupa objek JSON"):
        parse_rules([])  # type: ignore[arg-type]


def test_quotes_in_values_are_refused() -> None:
    document = _set_condition(
        "exclusions", 0, {"field": "kode_wilayah", "op": "=", "value": "18'71"}
    )
    assert "memuat tanda kutip" in _error(document)


def test_field_catalogue_levels_and_labels() -> None:
    assert FIELDS["desil"].level == "rumah_tangga"
    assert FIELDS["umur"].level == "anggota"
    assert FIELDS["ikut_bpjs_mandiri"].type == "bool"
    assert all(spec.label for spec in FIELDS.values())
