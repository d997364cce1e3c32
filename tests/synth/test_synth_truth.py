"""The true population: identifiers, family structure, ages and the member variables."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from dtks.domain import codes
from dtks.synth.config import REFERENCE_DATE, code_of
from dtks.synth.regions import load_region

Rows = dict[str, list[dict[str, str]]]
REF = REFERENCE_DATE
HEAD, SPOUSE, CHILD = str(codes.HEAD), str(codes.SPOUSE), str(codes.CHILD)
MARRIED = str(code_of(codes.STATUS_KAWIN, "Married"))
PREGNANT = str(code_of(codes.HAMIL, "Yes"))
WORKS = str(code_of(codes.BEKERJA, "Yes"))
NEVER = str(code_of(codes.PARTISIPASI_SEKOLAH, "Never attended"))
IN_SCHOOL = str(code_of(codes.PARTISIPASI_SEKOLAH, "In school"))


def _age(iso: str) -> float:
    return (REF - date.fromisoformat(iso)).days / 365.2425


def _people(table: Rows) -> list[tuple[dict[str, str], dict[str, str]]]:
    members = {row["record_id"]: row for row in table["truth/members.csv"]}
    return [(p, members[p["record_id"]]) for p in table["truth/persons.csv"]]


def test_nik_unique_16_digits_real_kecamatan(table: Rows) -> None:
    persons = table["truth/persons.csv"]
    niks = [p["nik"] for p in persons]
    assert len(set(niks)) == len(niks)
    kecamatan = {int(c.replace(".", "")) for c in load_region("18").district_code}
    from dtks.synth.regions import _col, _tables

    every = {c.replace(".", "") for c in _col(_tables()[2], "code").tolist()}
    outside = 0
    for p in persons:
        nik = p["nik"]
        assert len(nik) == 16
        assert nik.isdigit()
        assert nik[:6] in every
        outside += int(nik[:6]) not in kecamatan
        born = date.fromisoformat(p["tanggal_lahir"])
        day = int(nik[6:8])
        assert day == born.day + (40 if p["jenis_kelamin"] == "P" else 0)
        assert nik[8:12] == born.strftime("%m%y")
        assert int(nik[12:]) >= 1
    assert 0 < outside < 0.3 * len(persons)  # some first registered outside Lampung


def test_kk_valid_and_one_or_two_per_household(table: Rows) -> None:
    kks: dict[str, set[str]] = defaultdict(set)
    for p in table["truth/persons.csv"]:
        kk = p["no_kk"]
        assert len(kk) == 16
        assert kk.isdigit()
        assert kk[:6] == p["kode_wilayah"].replace(".", "")[:6]
        kks[p["household_ref"]].add(kk)
    sizes = Counter(len(v) for v in kks.values())
    assert set(sizes) <= {1, 2}
    assert 0.01 < sizes[2] / len(kks) < 0.15


def test_one_head_per_household(table: Rows) -> None:
    heads = Counter(p["household_ref"] for p, m in _people(table) if m["hubungan"] == HEAD)
    households = {h["household_ref"] for h in table["truth/households.csv"]}
    assert set(heads) == households
    assert set(heads.values()) == {1}


def test_ages_and_mothers_plausible(table: Rows) -> None:
    by_hh: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = defaultdict(list)
    for p, m in _people(table):
        by_hh[p["household_ref"]].append((p, m))
        assert 0 <= _age(p["tanggal_lahir"]) < 100
    twins = 0
    for members in by_hh.values():
        head = next(p for p, m in members if m["hubungan"] == HEAD)
        spouse = [p for p, m in members if m["hubungan"] == SPOUSE]
        mother = next((s for s in [head, *spouse] if s["jenis_kelamin"] == "P"), None)
        kids = [p for p, m in members if m["hubungan"] == CHILD]
        if spouse:
            assert abs(_age(head["tanggal_lahir"]) - _age(spouse[0]["tanggal_lahir"])) <= 23
        births = Counter(k["tanggal_lahir"] for k in kids)
        twins += sum(1 for c in births.values() if c >= 2)
        for kid in kids:
            if mother is not None and kid["nama_ibu_kandung"] == mother["nama"]:
                gap = _age(mother["tanggal_lahir"]) - _age(kid["tanggal_lahir"])
                assert 16.9 <= gap <= 45.1
            assert _age(head["tanggal_lahir"]) - _age(kid["tanggal_lahir"]) > 10
    assert twins >= 1


def test_children_carry_the_mothers_name(table: Rows) -> None:
    """Children of the female spouse have her (registered, untitled) name as mother's name."""
    ok = total = 0
    by_hh: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = defaultdict(list)
    for p, m in _people(table):
        by_hh[p["household_ref"]].append((p, m))
    for members in by_hh.values():
        wife = [p for p, m in members if m["hubungan"] == SPOUSE and p["jenis_kelamin"] == "P"]
        if not wife:
            continue
        for p, m in members:
            if m["hubungan"] == CHILD:
                total += 1
                ok += wife[0]["nama"].startswith(p["nama_ibu_kandung"].split(",")[0]) or (
                    p["nama_ibu_kandung"] in wife[0]["nama"]
                )
    assert total
    assert ok / total > 0.97
    assert all(p["nama_ibu_kandung"] for p in table["truth/persons.csv"])


def test_member_variables_consistent(table: Rows) -> None:
    for p, m in _people(table):
        age = _age(p["tanggal_lahir"])
        female = p["jenis_kelamin"] == "P"
        if m["hamil"] == PREGNANT:
            assert female
            assert m["status_kawin"] == MARRIED
            assert 15 <= age < 50
        assert (m["hamil"] == "") == (not female or not 10 <= age < 55)
        if m["hubungan"] in (HEAD, SPOUSE) and m["hubungan"] == SPOUSE:
            assert m["status_kawin"] == MARRIED
        if age < 15:
            assert m["bekerja"] != WORKS
        assert (m["lapangan_usaha"] == "") == (m["bekerja"] != WORKS)
        assert (m["status_pekerjaan"] == "") == (m["bekerja"] != WORKS)
        assert (m["jenjang"] == "") == (m["partisipasi_sekolah"] == NEVER)
        if m["partisipasi_sekolah"] == IN_SCHOOL:
            assert 5 <= age < 30
        ijazah = int(m["ijazah"])
        assert ijazah <= sum(age >= y for y in (12, 15, 18, 20, 21, 23))  # youngest diploma ages
        if m["status_pekerjaan"] == str(codes.CIVIL_SERVANT):
            assert 20 <= age < 58


def test_rates_plausible(table: Rows) -> None:
    people = _people(table)
    n = len(people)
    hh = len(table["truth/households.csv"])
    assert 3.3 < n / hh < 4.3
    disabled = sum(m["jenis_cacat"] != "0" for _, m in people) / n
    ill = sum(m["penyakit_kronis"] != "0" for _, m in people) / n
    assert 0.005 < disabled < 0.04
    assert 0.03 < ill < 0.15
    old_ill = [m["penyakit_kronis"] != "0" for p, m in people if _age(p["tanggal_lahir"]) >= 60]
    assert sum(old_ill) / len(old_ill) > 2 * ill
    civil = sum(m["status_pekerjaan"] == str(codes.CIVIL_SERVANT) for _, m in people)
    assert civil > 0
    single_names = sum(" " not in p["nama"] for p, _ in people) / n
    assert 0.03 < single_names < 0.35
    titled = sum(
        any(t in p["nama"] for t in ("H. ", "Hj. ", "Drs. ", "S.Pd", "S.E.", "A.Md"))
        for p, _ in people
    )
    assert titled > 0
