"""Programme eligibility on DuckDB: units, desil, components, amounts, reasons, inputs."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from eligibility_inputs import (
    AS_OF,
    decide,
    default_programmes,
    household,
    person,
    pupil,
    reason,
    tables,
)

from dtks.domain.eligibility import parse_rules, rules_to_document
from dtks.pipeline.eligibility import DECISION_COLUMNS, EligibilityInputError, eligibility_decide
from dtks.pipeline.eligibility.decide import ordered_by_unit
from dtks.pipeline.sql_engines import DuckDBSqlEngine

PKH = default_programmes("PKH")
SEMBAKO = default_programmes("SEMBAKO")
PBI = default_programmes("PBI_JKN")
PIP = default_programmes("PIP")


def _family(rows: list[dict[str, Any]], ref: str = "KK-H1") -> dict[str, Any]:
    assert len(rows) == 1, rows
    assert rows[0]["unit_ref"] == ref
    return rows[0]


def test_pkh_sums_components_and_lists_them(engine: DuckDBSqlEngine) -> None:
    persons = [
        person("P1", "H1", age=45),
        person("P2", "H1", age=30, hubungan=2, jenis_kelamin="P", hamil=1, bekerja=2),
        pupil("P3", "H1", age=9, jenjang=1),
        person("P4", "H1", age=75, hubungan=6, bekerja=2),
    ]
    row = _family(decide(engine, [household("H1")], persons, PKH))
    assert row["eligible"] is True
    assert row["amount"] == 3_000_000 + 900_000 + 2_400_000
    assert row["unit"] == "keluarga"
    assert row["person_ref"] is None
    assert row["components"] == [
        {"code": "ibu_hamil", "label": "Ibu hamil/nifas", "count": 1, "amount": 3_000_000},
        {"code": "anak_sd", "label": "Anak sekolah SD/sederajat", "count": 1, "amount": 900_000},
        {
            "code": "lansia",
            "label": "Lanjut usia (70 tahun ke atas)",
            "count": 1,
            "amount": 2_400_000,
        },
    ]
    assert reason(row, "komponen") == {
        "code": "komponen",
        "label": "Memiliki komponen bantuan",
        "passed": True,
        "detail": "3 komponen",
    }


def test_the_cap_keeps_the_largest_components(engine: DuckDBSqlEngine) -> None:
    persons = [
        person("P1", "H1", age=45),
        person("P2", "H1", age=30, hubungan=2, hamil=1),
        pupil("P3", "H1", age=8, jenjang=1),
        pupil("P4", "H1", age=10, jenjang=3),
        pupil("P5", "H1", age=13, jenjang=4),
        person("P6", "H1", age=71, hubungan=6),
    ]
    row = _family(decide(engine, [household("H1", konsumsi_prediksi=100_000.0)], persons, PKH))
    # Five components; the cap of 4 keeps 3,000,000 + 2,400,000 + 1,500,000 + 900,000.
    assert row["amount"] == 7_800_000
    assert {c["code"]: c["count"] for c in row["components"]} == {
        "ibu_hamil": 1,
        "anak_sd": 1,
        "anak_smp": 1,
        "lansia": 1,
    }
    assert reason(row, "komponen")["detail"] == "5 komponen, dihitung 4"

    uncapped = rules_to_document(PKH[0])
    del uncapped["component_cap"]
    row = _family(
        decide(
            engine, [household("H1", konsumsi_prediksi=100_000.0)], persons, [parse_rules(uncapped)]
        )
    )
    assert row["amount"] == 7_800_000 + 900_000


def test_a_member_counts_in_the_first_component_it_meets(engine: DuckDBSqlEngine) -> None:
    # A six-year-old SD pupil is an SD pupil (listed first), not also an early-age child.
    persons = [person("P1", "H1"), pupil("P2", "H1", age=6, jenjang=1)]
    row = _family(decide(engine, [household("H1")], persons, PKH))
    assert row["components"] == [
        {"code": "anak_sd", "label": "Anak sekolah SD/sederajat", "count": 1, "amount": 900_000}
    ]


def test_pkh_requires_a_component(engine: DuckDBSqlEngine) -> None:
    row = _family(decide(engine, [household("H1")], [person("P1", "H1")], PKH))
    assert row["eligible"] is False
    assert row["amount"] == 0
    assert row["components"] == []
    assert reason(row, "komponen") == {
        "code": "komponen",
        "label": "Memiliki komponen bantuan",
        "passed": False,
        "detail": "tidak ada komponen",
    }


def test_desil_cut(engine: DuckDBSqlEngine) -> None:
    households = [household("H1", desil=4), household("H2", desil=5), household("H3", desil=None)]
    persons = [person("P1", "H1"), person("P2", "H2"), person("P3", "H3")]
    rows = decide(engine, households, persons, SEMBAKO)
    assert [(r["unit_ref"], r["eligible"], r["amount"]) for r in rows] == [
        ("KK-H1", True, 2_400_000),
        ("KK-H2", False, 0),
        ("KK-H3", False, 0),
    ]
    assert reason(rows[0], "desil") == {
        "code": "desil",
        "label": "Desil 1-4",
        "passed": True,
        "detail": "desil 4",
    }
    assert reason(rows[1], "desil")["detail"] == "desil 5"
    assert reason(rows[2], "desil") == {
        "code": "desil",
        "label": "Desil 1-4",
        "passed": False,
        "detail": "belum ada desil",
    }


def test_pbi_is_per_person_up_to_desil_5(engine: DuckDBSqlEngine) -> None:
    households = [household("H1", desil=5), household("H2", desil=6)]
    persons = [person("P1", "H1"), person("P2", "H1", hubungan=3, age=3), person("P3", "H2")]
    rows = decide(engine, households, persons, PBI)
    assert [
        (r["unit"], r["unit_ref"], r["person_ref"], r["eligible"], r["amount"]) for r in rows
    ] == [
        ("anggota", "P1", "P1", True, 504_000),
        ("anggota", "P2", "P2", True, 504_000),
        ("anggota", "P3", "P3", False, 0),
    ]


def test_pip_pays_pupils_by_level_and_considers_pupils_only(engine: DuckDBSqlEngine) -> None:
    persons = [
        person("P1", "H1"),
        pupil("P2", "H1", age=8, jenjang=3),  # MI: SD level
        pupil("P3", "H1", age=13, jenjang=5),  # Paket B: SMP level
        pupil("P4", "H1", age=16, jenjang=7),
        pupil("P5", "H1", age=22, jenjang=9),  # too old
        pupil("P6", "H1", age=19, jenjang=10),  # higher education
        person("P7", "H1", hubungan=3, age=10, partisipasi_sekolah=2, jenjang=1),  # left school
    ]
    rows = decide(engine, [household("H1")], persons, PIP)
    assert [(r["unit_ref"], r["amount"]) for r in rows] == [
        ("P2", 450_000),
        ("P3", 750_000),
        ("P4", 1_800_000),
    ]
    assert reason(rows[1], "sasaran") == {
        "code": "sasaran",
        "label": "Sasaran program",
        "passed": True,
        "detail": "partisipasi_sekolah 1, sekolah_tingkat SMP, umur 13",
    }
    assert reason(rows[1], "besaran")["detail"] == "sekolah_tingkat SMP"


def test_families_are_kk_or_the_household_without_one(engine: DuckDBSqlEngine) -> None:
    persons = [
        person("P1", "H1", no_kk="1871010101010001"),
        person("P2", "H1", no_kk="1871010101010002", hubungan=3, age=25),
        person("P3", "H2", no_kk=None),
        person("P4", "H2", no_kk=" ", hubungan=2),
    ]
    rows = decide(engine, [household("H1"), household("H2")], persons, SEMBAKO)
    assert [(r["unit_ref"], r["household_ref"]) for r in rows] == [
        ("1871010101010001", "H1"),
        ("1871010101010002", "H1"),
        ("RT-H2", "H2"),
    ]


def test_reasons_list_every_rule_in_order(engine: DuckDBSqlEngine) -> None:
    rows = decide(engine, [household("H1")], [person("P1", "H1")], PBI)
    assert [r["code"] for r in rows[0]["reasons"]] == [
        "desil",
        "meninggal",
        "pns_tni_polri",
        "di_atas_umr",
        "nik_tidak_padan",
        "peserta_bpjs_mandiri",
    ]
    assert all(set(r) == {"code", "label", "passed", "detail"} for r in rows[0]["reasons"])


def test_labels_and_values_with_quotes_stay_valid_json(engine: DuckDBSqlEngine) -> None:
    document = rules_to_document(SEMBAKO[0])
    document["exclusions"].append(
        {
            "code": "luar_kota",
            "label": 'Di luar "kota" Bandar Lampung\'s \\ wilayah',
            "scope": "unit",
            "when": [{"field": "kab_kota", "op": "!=", "value": "18.71"}],
        }
    )
    rows = decide(
        engine,
        [household("H1", kode_wilayah='18.0"\\1.2001')],
        [person("P1", "H1")],
        [parse_rules(document)],
    )
    assert reason(rows[0], "luar_kota") == {
        "code": "luar_kota",
        "label": 'Di luar "kota" Bandar Lampung\'s \\ wilayah',
        "passed": False,
        "detail": 'kab_kota 18.0"',
    }


def test_output_columns_and_order(engine: DuckDBSqlEngine) -> None:
    households, persons, wages = tables(
        [household("H2"), household("H1")],
        [person("P9", "H2"), person("P1", "H1")],
    )
    result = eligibility_decide(
        engine=engine,
        households=households,
        persons=persons,
        minimum_wages=wages,
        programmes=default_programmes(),
        as_of=AS_OF,
    )
    assert tuple(result.column_names) == DECISION_COLUMNS
    assert result.schema.field("amount").type == pa.int64()
    keys = list(zip(result["programme"].to_pylist(), result["unit_ref"].to_pylist(), strict=True))
    assert keys == sorted(keys)
    assert [p for p, _ in keys] == ["PBI_JKN", "PBI_JKN", "PKH", "PKH", "SEMBAKO", "SEMBAKO"]


def test_bad_inputs_are_refused(engine: DuckDBSqlEngine) -> None:
    households, persons, wages = tables([household("H1")], [person("P1", "H1")])

    def run(**change: Any) -> None:
        arguments: dict[str, Any] = {
            "engine": engine,
            "households": households,
            "persons": persons,
            "minimum_wages": wages,
            "programmes": SEMBAKO,
            "as_of": AS_OF,
            **change,
        }
        eligibility_decide(**arguments)

    with pytest.raises(EligibilityInputError, match="tidak memiliki kolom: desil"):
        run(households=households.drop_columns(["desil"]))
    with pytest.raises(EligibilityInputError, match="person_ref memuat nilai ganda"):
        run(persons=pa.concat_tables([persons, persons]))
    with pytest.raises(EligibilityInputError, match="bukan kode provinsi"):
        run(minimum_wages=tables([], [], [{"kode_wilayah": "Lampung", "amount": 1}])[2])
    with pytest.raises(EligibilityInputError, match="bilangan bulat rupiah"):
        run(minimum_wages=tables([], [], [{"kode_wilayah": "18", "amount": -1}])[2])
    with pytest.raises(EligibilityInputError, match="Kode program ganda"):
        run(programmes=SEMBAKO + SEMBAKO)
    flags_as_text = households.set_column(
        households.schema.get_field_index("ikut_pkh"), "ikut_pkh", pa.array(["ya"])
    )
    with pytest.raises(EligibilityInputError, match="ikut_pkh harus ya/tidak"):
        run(households=flags_as_text)


def test_participation_flags_may_come_as_survey_codes(engine: DuckDBSqlEngine) -> None:
    households, persons, wages = tables([household("H1")], [person("P1", "H1")])
    index = households.schema.get_field_index("ikut_bpjs_mandiri")
    coded = households.set_column(index, "ikut_bpjs_mandiri", pa.array([1], pa.int8()))
    result = eligibility_decide(
        engine=engine,
        households=coded,
        persons=persons,
        minimum_wages=wages,
        programmes=PBI,
        as_of=AS_OF,
    )
    assert result["eligible"].to_pylist() == [False]


def test_no_matching_level_amount_fails_the_besaran_reason(engine: DuckDBSqlEngine) -> None:
    document = rules_to_document(PIP[0])
    document["amounts"] = document["amounts"][:1]  # SD only
    persons = [
        person("P1", "H1"),
        pupil("P2", "H1", age=8, jenjang=1),
        pupil("P3", "H1", age=13, jenjang=4),
    ]
    rows = decide(engine, [household("H1")], persons, [parse_rules(document)])
    assert [(r["unit_ref"], r["eligible"], r["amount"]) for r in rows] == [
        ("P2", True, 450_000),
        ("P3", False, 0),
    ]
    assert reason(rows[1], "besaran") == {
        "code": "besaran",
        "label": "Besaran bantuan sesuai ketentuan",
        "passed": False,
        "detail": "sekolah_tingkat SMP",
    }


def test_fixed_amount_and_components_add_up(engine: DuckDBSqlEngine) -> None:
    document = rules_to_document(PKH[0])
    document["amount"] = 100_000
    persons = [person("P1", "H1", age=72)]
    row = _family(decide(engine, [household("H1")], persons, [parse_rules(document)]))
    assert row["amount"] == 100_000 + 2_400_000


def test_no_programmes_give_an_empty_table(engine: DuckDBSqlEngine) -> None:
    households, persons, wages = tables([household("H1")], [person("P1", "H1")])
    result = eligibility_decide(
        engine=engine,
        households=households,
        persons=persons,
        minimum_wages=wages,
        programmes=[],
        as_of=AS_OF,
    )
    assert result.num_rows == 0
    assert tuple(result.column_names) == DECISION_COLUMNS


def test_missing_person_or_household_refs_are_refused(engine: DuckDBSqlEngine) -> None:
    for change in ({"person_ref": None}, {"household_ref": None}):
        row = {**person("P1", "H1"), **change}
        households, persons, wages = tables([household("H1")], [row])
        with pytest.raises(EligibilityInputError, match="kosong pada sebagian baris"):
            eligibility_decide(
                engine=engine,
                households=households,
                persons=persons,
                minimum_wages=wages,
                programmes=SEMBAKO,
                as_of=AS_OF,
            )


def test_results_an_engine_left_unsorted_are_sorted() -> None:
    table = pa.table({"unit_ref": ["b", "c", "a"], "amount": [2, 3, 1]})
    assert ordered_by_unit(table).to_pydict() == {"unit_ref": ["a", "b", "c"], "amount": [1, 2, 3]}
    already = table.slice(0, 2)
    assert ordered_by_unit(already) is already
