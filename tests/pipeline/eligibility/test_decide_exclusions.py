"""Programme eligibility on DuckDB: the exclusions and the quotas."""

from __future__ import annotations

from typing import Any

from eligibility_inputs import (
    decide,
    default_programmes,
    household,
    one,
    person,
    reason,
)

from dtks.domain.eligibility import parse_rules, rules_to_document
from dtks.pipeline.sql_engines import DuckDBSqlEngine

PKH = default_programmes("PKH")
SEMBAKO = default_programmes("SEMBAKO")
PBI = default_programmes("PBI_JKN")
PIP = default_programmes("PIP")


def test_deceased_members_are_not_counted_and_a_dead_family_is_excluded(
    engine: DuckDBSqlEngine,
) -> None:
    households = [household("H1"), household("H2")]
    persons = [
        person("P1", "H1"),
        person("P2", "H1", hubungan=2, hamil=1, status_dukcapil="meninggal"),
        person("P3", "H2", age=80, status_dukcapil="meninggal"),
    ]
    rows = decide(engine, households, persons, PKH)
    alive = one(rows, "PKH", "KK-H1")
    assert alive["components"] == []  # the deceased pregnant woman is not a component
    assert reason(alive, "meninggal")["passed"] is True
    dead = one(rows, "PKH", "KK-H2")
    assert dead["eligible"] is False
    assert reason(dead, "meninggal") == {
        "code": "meninggal",
        "label": "Seluruh anggota keluarga meninggal",
        "passed": False,
        "detail": "jumlah_anggota 0",
    }
    assert dead["components"] == []  # the deceased elderly head is not counted either


def test_a_deceased_person_is_excluded_from_person_programmes(engine: DuckDBSqlEngine) -> None:
    persons = [person("P1", "H1"), person("P2", "H1", hubungan=2, status_dukcapil="meninggal")]
    rows = decide(engine, [household("H1")], persons, PBI)
    assert [(r["unit_ref"], r["eligible"], r["amount"]) for r in rows] == [
        ("P1", True, 504_000),
        ("P2", False, 0),
    ]
    assert reason(rows[1], "meninggal") == {
        "code": "meninggal",
        "label": "Meninggal (Dukcapil)",
        "passed": False,
        "detail": "status_dukcapil meninggal",
    }
    assert reason(rows[0], "meninggal") == {
        "code": "meninggal",
        "label": "Meninggal (Dukcapil)",
        "passed": True,
        "detail": "",
    }


def test_a_civil_servant_member_excludes_the_family_unless_deceased(
    engine: DuckDBSqlEngine,
) -> None:
    households = [household("H1"), household("H2")]
    persons = [
        person("P1", "H1"),
        person("P2", "H1", hubungan=3, status_pekerjaan=5),
        person("P3", "H2"),
        person("P4", "H2", hubungan=2, status_pekerjaan=5, status_dukcapil="meninggal"),
    ]
    rows = decide(engine, households, persons, SEMBAKO + PBI)
    family = one(rows, "SEMBAKO", "KK-H1")
    assert family["eligible"] is False
    assert reason(family, "pns_tni_polri")["detail"] == "1 anggota"
    assert one(rows, "SEMBAKO", "KK-H2")["eligible"] is True
    # Every member of the civil servant's family is excluded from PBI-JKN too.
    assert one(rows, "PBI_JKN", "P1")["eligible"] is False
    assert one(rows, "PBI_JKN", "P3")["eligible"] is True


def test_spending_above_the_minimum_wage_excludes_with_province_fallback(
    engine: DuckDBSqlEngine,
) -> None:
    # The defaults apply the wage rule to formal workers (BPJS Ketenagakerjaan, ``ikut_jamsostek``):
    # the form records no income, so the PMT estimate of spending stands in for theirs.
    households = [
        # Kota Bandar Lampung (3,200,000): 3 living members x 1,000,000 = 3,000,000, below.
        household("H1", konsumsi_prediksi=1_000_000.0, ikut_jamsostek=True),
        # Lampung Selatan has no wage of its own: the province's 2,700,000 applies; above.
        household(
            "H2", kode_wilayah="18.01.01.2001", konsumsi_prediksi=1_000_000.0, ikut_jamsostek=True
        ),
        # Outside Lampung: no wage known, the rule cannot exclude.
        household(
            "H3", kode_wilayah="31.71.01.1001", konsumsi_prediksi=9_000_000.0, ikut_jamsostek=True
        ),
        # Above the province's wage too, but no formal worker: not excluded by this rule.
        household("H4", kode_wilayah="18.01.01.2001", konsumsi_prediksi=1_000_000.0),
    ]
    persons = [
        *(person(f"P1{i}", "H1", hubungan=1 + min(i, 2)) for i in range(3)),
        *(person(f"P2{i}", "H2", hubungan=1 + min(i, 2)) for i in range(3)),
        *(person(f"P4{i}", "H4", hubungan=1 + min(i, 2)) for i in range(3)),
        person("P14", "H1", hubungan=3, status_dukcapil="meninggal"),  # not counted
        person("P31", "H3"),
    ]
    rows = decide(engine, households, persons, SEMBAKO)
    assert reason(one(rows, "SEMBAKO", "KK-H1"), "di_atas_umr")["passed"] is True
    above = reason(one(rows, "SEMBAKO", "KK-H2"), "di_atas_umr")
    assert above == {
        "code": "di_atas_umr",
        "label": "Pekerja formal (BPJS Ketenagakerjaan) dengan pengeluaran di atas UMR"
        " (perkiraan PMT)",
        "passed": False,
        "detail": "ikut_jamsostek ya, pengeluaran_rumah_tangga 3000000, umr 2700000",
    }
    assert one(rows, "SEMBAKO", "KK-H3")["eligible"] is True
    assert one(rows, "SEMBAKO", "KK-H4")["eligible"] is True


def test_nik_not_matched_excludes_the_family_by_its_head_and_a_person_by_itself(
    engine: DuckDBSqlEngine,
) -> None:
    households = [household("H1"), household("H2")]
    persons = [
        person("P1", "H1", status_dukcapil=""),
        person("P2", "H1", hubungan=2),
        person("P3", "H2", nik=None),
        person("P4", "H2", hubungan=2),
    ]
    rows = decide(engine, households, persons, SEMBAKO + PBI)
    assert reason(one(rows, "SEMBAKO", "KK-H1"), "nik_tidak_padan") == {
        "code": "nik_tidak_padan",
        "label": "NIK kepala keluarga tidak padan",
        "passed": False,
        "detail": "nik_padan tidak",
    }
    assert one(rows, "SEMBAKO", "KK-H2")["eligible"] is False
    assert [r["unit_ref"] for r in rows if r["programme"] == "PBI_JKN" and r["eligible"]] == [
        "P2",
        "P4",
    ]


def test_the_next_living_member_heads_a_family_whose_head_died(engine: DuckDBSqlEngine) -> None:
    persons = [
        person("P1", "H1", nik=None, status_dukcapil="meninggal"),
        person("P2", "H1", hubungan=2),
    ]
    row = one(decide(engine, [household("H1")], persons, SEMBAKO), "SEMBAKO", "KK-H1")
    assert row["eligible"] is True


def test_bpjs_mandiri_households_are_not_pbi_but_get_sembako(engine: DuckDBSqlEngine) -> None:
    rows = decide(
        engine, [household("H1", ikut_bpjs_mandiri=True)], [person("P1", "H1")], SEMBAKO + PBI
    )
    pbi = one(rows, "PBI_JKN", "P1")
    assert pbi["eligible"] is False
    assert reason(pbi, "peserta_bpjs_mandiri")["detail"] == "ikut_bpjs_mandiri ya"
    assert one(rows, "SEMBAKO", "KK-H1")["eligible"] is True


def test_head_scope_on_person_units_reads_the_family_head(engine: DuckDBSqlEngine) -> None:
    document = rules_to_document(PBI[0])
    document["exclusions"] = [
        {
            "code": "kepala_pns",
            "label": "Kepala keluarga PNS",
            "scope": "kepala",
            "when": [{"field": "status_pekerjaan", "op": "=", "value": 5}],
        }
    ]
    persons = [person("P1", "H1", status_pekerjaan=5), person("P2", "H1", hubungan=3, age=10)]
    rows = decide(engine, [household("H1")], persons, [parse_rules(document)])
    assert [r["eligible"] for r in rows] == [False, False]
    assert reason(rows[1], "kepala_pns")["detail"] == "kepala: status_pekerjaan 5"


def _quota_programme(quota: dict[str, int]) -> list[Any]:
    document = rules_to_document(SEMBAKO[0])
    document["quota"] = quota
    return [parse_rules(document)]


def test_quota_keeps_the_poorest_units_of_the_region(engine: DuckDBSqlEngine) -> None:
    households = [
        household("H1", welfare=13.3),
        household("H2", welfare=13.1),
        household("H3", welfare=13.1),
        household("H4", welfare=12.0, desil=7),  # not a candidate: not ranked
        household("H5", kode_wilayah="18.01.01.2001", welfare=13.9),  # region without quota
    ]
    persons = [person(f"P{i}", f"H{i}") for i in range(1, 6)]
    rows = decide(engine, households, persons, _quota_programme({"18.71": 2}))
    assert [(r["unit_ref"], r["eligible"]) for r in rows] == [
        ("KK-H1", False),
        ("KK-H2", True),
        ("KK-H3", True),
        ("KK-H4", False),
        ("KK-H5", True),
    ]
    assert reason(rows[0], "kuota") == {
        "code": "kuota",
        "label": "Kuota wilayah",
        "passed": False,
        "detail": "peringkat 3 dari kuota 2 wilayah 18.71",
    }
    assert reason(rows[1], "kuota")["detail"] == "peringkat 1 dari kuota 2 wilayah 18.71"
    assert reason(rows[3], "kuota")["detail"].startswith("tidak diperingkat")
    assert reason(rows[4], "kuota")["detail"] == "tanpa kuota"
    assert rows[0]["amount"] == 0


def test_quota_of_the_longest_region_prefix_applies(engine: DuckDBSqlEngine) -> None:
    households = [household(f"H{i}", welfare=13.0 + i / 10) for i in range(1, 4)]
    households.append(household("H4", kode_wilayah="18.01.01.2001", welfare=12.0))
    persons = [person(f"P{i}", f"H{i}") for i in range(1, 5)]
    rows = decide(engine, households, persons, _quota_programme({"18": 1, "18.71": 3}))
    assert [r["eligible"] for r in rows] == [True, True, True, True]
