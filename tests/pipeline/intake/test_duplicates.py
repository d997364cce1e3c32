"""Duplicates inside a file: record_id and household_ref, duplicate persons, shared NIK/KK."""

from __future__ import annotations

from pathlib import Path

from intake_helpers import household, issues, kk, member, person, rows, rule_codes, run


def test_repeated_record_id_keeps_the_first_row(tmp_path: Path) -> None:
    people = [person("P1"), person("P2", serial=2, nama="Dua"), person("P1", serial=3, nama="Tiga")]
    result = run(tmp_path, people)
    assert [r["row_number"] for r in rows(result.persons_valid)] == [2, 3]
    quarantine = rows(result.quarantine)
    assert [(q["row_number"], q["rule_codes"], q["columns"]) for q in quarantine] == [
        (4, "record_id_ganda", "record_id")
    ]


def test_repeated_member_and_household_keys(tmp_path: Path) -> None:
    people = [person("P1")]
    members = [member("P1", 1), member("P1", 1, status_kawin="1")]
    households = [household("H1"), household("H1", lantai="3")]
    result = run(tmp_path, people, members, households)
    assert rule_codes(result, 3, "members") == {"record_id_ganda"}
    assert rule_codes(result, 3, "households") == {"kode_ruta_ganda"}
    assert [r["row_number"] for r in rows(result.members_valid)] == [2]
    assert [r["lantai"] for r in rows(result.households_valid)] == [2]
    assert [r["record_id"] for r in rows(result.persons_valid)] == ["P1"]


def test_same_person_under_another_record_id_is_flagged(tmp_path: Path) -> None:
    people = [
        person("P1", nama="Budi Santoso"),
        person("P2", nama="BUDI SANTOSO"),  # same NIK, name (after case repair), birth date
    ]
    result = run(tmp_path, people)
    valid = rows(result.persons_valid)
    assert [r["record_id"] for r in valid] == ["P1", "P2"]  # both kept
    assert valid[0]["nik"] == people[0]["nik"]
    assert (valid[1]["nik"], valid[1]["nik_asli"]) == (None, people[1]["nik"])
    flags = issues(result, rule_code="duplikat_dalam_berkas")
    assert [(f["row_number"], f["column"], f["severity"]) for f in flags] == [(3, "nik", "flag")]
    assert rule_codes(result, 2) == set()


def test_nik_held_by_two_different_people_is_cleared_on_both(tmp_path: Path) -> None:
    people = [person("P1", nama="Budi Santoso"), person("P2", nama="Agus Salim")]
    result = run(tmp_path, people)
    valid = rows(result.persons_valid)
    assert [r["nik"] for r in valid] == [None, None]
    assert [r["nik_asli"] for r in valid] == [people[0]["nik"], people[1]["nik"]]
    assert [f["row_number"] for f in issues(result, rule_code="nik_ganda")] == [2, 3]


def test_family_card_in_two_households_is_cleared(tmp_path: Path) -> None:
    people = [
        person("P1", serial=1, household_ref="H1", no_kk=kk(1)),
        person("P2", serial=2, household_ref="H1", no_kk=kk(1), nama="Siti"),
        person("P3", serial=3, household_ref="H2", no_kk=kk(1), nama="Agus"),
        person("P4", serial=4, household_ref="H3", no_kk=kk(4), nama="Wati"),
    ]
    result = run(tmp_path, people)
    valid = rows(result.persons_valid)
    assert [r["no_kk"] for r in valid] == [None, None, None, kk(4)]
    assert [f["row_number"] for f in issues(result, rule_code="kk_beda_ruta")] == [2, 3, 4]
