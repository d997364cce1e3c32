"""Consistency across the person, member and household files of one import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from intake_helpers import (
    MEMBER_HEADER,
    PERSON_HEADER,
    family,
    household,
    issues,
    member,
    person,
    rows,
    rule_codes,
    run,
    validate,
    write_csv,
)

from dtks.pipeline.intake import ValidationResult


def _closed(result: ValidationResult) -> None:
    """Every valid member has a valid person; every valid person a valid household."""
    persons = rows(result.persons_valid)
    person_ids = {p["record_id"] for p in persons}
    assert {m["record_id"] for m in rows(result.members_valid)} <= person_ids
    refs = {h["household_ref"] for h in rows(result.households_valid)}
    assert {p["household_ref"] for p in persons} <= refs


def test_a_clean_family_is_all_valid(tmp_path: Path) -> None:
    persons, members, home = family()
    result = run(tmp_path, persons, members, [home])
    assert [len(rows(p)) for p in (result.persons_valid, result.members_valid)] == [3, 3]
    assert rows(result.issues) == []


def test_unknown_references_are_quarantined(tmp_path: Path) -> None:
    persons, members, home = family()
    persons.append(person("X1", serial=9, household_ref="H404", nama="Tanpa Ruta"))
    persons.append(person("X2", serial=8, household_ref="", nama="Ruta Kosong"))
    members.append(member("NOBODY", 3))
    result = run(tmp_path, persons, members, [home])
    assert rule_codes(result, 5) == {"ruta_tidak_ditemukan"}
    assert rule_codes(result, 6) == {"ruta_tidak_ditemukan"}
    assert rule_codes(result, 5, "members") == {"orang_tidak_ditemukan"}
    assert len(rows(result.persons_valid)) == 3
    _closed(result)


def test_household_without_exactly_one_head_is_quarantined_whole(tmp_path: Path) -> None:
    two_heads, two_heads_members, home_a = family("HA", 1)
    no_head, no_head_members, home_b = family("HB", 10)
    fine, fine_members, home_c = family("HC", 20)
    two_heads_members[1]["hubungan"] = "1"
    no_head_members[0]["hubungan"] = "8"
    result = run(
        tmp_path,
        two_heads + no_head + fine,
        two_heads_members + no_head_members + fine_members,
        [home_a, home_b, home_c, household("HD")],  # HD has nobody at all
    )
    quarantine = rows(result.quarantine)
    by_kind: dict[str, list[int]] = {}
    for q in quarantine:
        assert q["rule_codes"] == "kepala_ruta_tidak_satu"
        by_kind.setdefault(q["kind"], []).append(q["row_number"])
    assert by_kind == {
        "persons": [2, 3, 4, 5, 6, 7],
        "members": [2, 3, 4, 5, 6, 7],
        "households": [2, 3, 5],
    }
    assert [p["household_ref"] for p in rows(result.persons_valid)] == ["HC"] * 3
    assert "tepat satu kepala rumah tangga" in quarantine[0]["messages"]
    _closed(result)


def test_quarantine_cascades_keep_the_valid_set_closed(tmp_path: Path) -> None:
    bad_home, bad_home_members, home_a = family("HA", 1)
    bad_person, bad_person_members, home_b = family("HB", 10)
    bad_member, bad_member_members, home_c = family("HC", 20)
    home_a["lantai"] = "99"  # household row rejected
    bad_person[2]["tanggal_lahir"] = "31/02/2010"  # the child's person row rejected
    bad_member_members[2]["ijazah"] = "9"  # the child's member row rejected
    result = run(
        tmp_path,
        bad_home + bad_person + bad_member,
        bad_home_members + bad_person_members + bad_member_members,
        [home_a, home_b, home_c],
    )
    assert rule_codes(result, 2, "households") == {"kode_tidak_dikenal"}
    for row in (2, 3, 4):
        assert rule_codes(result, row) == {"ruta_dikarantina"}
        assert rule_codes(result, row, "members") == {"orang_dikarantina"}
    assert rule_codes(result, 7) == {"tanggal_tidak_valid"}
    assert rule_codes(result, 7, "members") == {"orang_dikarantina"}
    assert rule_codes(result, 10, "members") == {"kode_tidak_dikenal"}
    assert rule_codes(result, 10) == {"anggota_dikarantina"}
    assert [h["household_ref"] for h in rows(result.households_valid)] == ["HB", "HC"]
    assert [p["row_number"] for p in rows(result.persons_valid)] == [5, 6, 8, 9]
    _closed(result)


def test_implausible_ages_are_flagged_not_rejected(tmp_path: Path) -> None:
    persons, members, home = family("HA", 1)
    persons[1]["tanggal_lahir"] = "2015-01-09"  # spouse aged 11
    persons[1]["nik"] = ""
    persons[2]["tanggal_lahir"] = "1990-07-30"  # child 10 years younger than the head
    persons[2]["nik"] = ""
    others, others_members, home_b = family("HB", 10)
    others[2]["tanggal_lahir"] = "1990-07-30"  # 10 years younger than the spouse (1983) only
    others[2]["nik"] = ""
    others[0]["tanggal_lahir"] = "1970-05-17"
    others[0]["nik"] = ""
    result = run(tmp_path, persons + others, members + others_members, [home, home_b])
    flags = issues(result, rule_code="umur_tidak_wajar")
    assert [(f["row_number"], f["severity"], f["new_value"]) for f in flags] == [
        (3, "flag", "2015-01-09"),
        (4, "flag", "1990-07-30"),
        (7, "flag", "1990-07-30"),
    ]
    valid = {p["row_number"]: p for p in rows(result.persons_valid)}
    assert len(valid) == 6
    assert valid[3]["tanggal_lahir"] == date(2015, 1, 9)  # the value is kept


def test_pregnant_man_is_cleared(tmp_path: Path) -> None:
    persons, members, home = family()
    members[0]["hamil"] = "1"  # the head, a man
    members[1]["hamil"] = "1"  # the spouse, a woman
    result = run(tmp_path, persons, members, [home])
    assert [
        (f["row_number"], f["kind"]) for f in issues(result, rule_code="hamil_bukan_perempuan")
    ] == [(2, "members")]
    assert [m["hamil"] for m in rows(result.members_valid)] == [None, 1, None]
    assert persons[1]["jenis_kelamin"] == "P"


def test_without_member_file_no_head_rule(tmp_path: Path) -> None:
    persons, _, home = family()
    result = run(tmp_path, persons, None, [home, household("H2")])
    assert rows(result.quarantine) == []
    assert result.members_valid is None


def test_members_without_household_refs(tmp_path: Path) -> None:
    persons, members, _ = family()
    for row in persons:
        del row["household_ref"]
    members[0]["hamil"] = "1"
    directory = tmp_path / "in"
    directory.mkdir()
    files = [
        write_csv(directory / "p.csv", PERSON_HEADER[:-1], persons),
        write_csv(directory / "m.csv", MEMBER_HEADER, members),
    ]
    result = validate(files, tmp_path / "work")
    assert [p["household_ref"] for p in rows(result.persons_valid)] == [None] * 3
    assert {i["rule_code"] for i in rows(result.issues)} == {"hamil_bukan_perempuan"}
