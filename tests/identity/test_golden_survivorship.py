"""Survivorship: the civil registry wins, then the newest verified source, then the newest of
any; every value names its record; refs stay stable across runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from golden_support import born, clusters_table, record, records_table

from dtks.identity.golden import GoldenResult, golden_records

NIK_A = "1871014901800001"
NIK_B = "1871011705800002"
KK_A = "1871010203150001"


def _by_ref(result: GoldenResult) -> dict[str, dict[str, Any]]:
    return {row["person_ref"]: row for row in result.persons.to_pylist()}


def _by_cluster(result: GoldenResult) -> dict[str, dict[str, Any]]:
    return {row["cluster_id"]: row for row in result.persons.to_pylist()}


def _siti() -> list[dict[str, Any]]:
    return [
        record(
            1,
            1,
            "DUKCAPIL",
            nik=NIK_A,
            no_kk=KK_A,
            nama="Siti Aminah",
            jenis_kelamin=2,
            tanggal_lahir=born(1980, 1, 9),
            village_id="18.71.01.1003",
            alamat="Jl. Teuku Umar No. 5",
            rt="001",
            rw="002",
            status_dukcapil="hidup",
        ),
        record(
            2,
            2,
            "DTKS",
            nik=NIK_A,
            nama="SITI AMINAH",
            jenis_kelamin=2,
            tanggal_lahir=born(1980, 9, 1),
            nama_ibu_kandung="Sulastri Lama",
            village_id="18.71.02.1003",
            alamat="Jl. Lama",
            hubungan=2,
            ijazah=1,
            household_ref="DTKS-RT-1",
        ),
        record(
            3,
            3,
            "DTKS",
            nama="Hj. Siti Aminah",
            nama_ibu_kandung="Sulastri",
            hubungan=2,
            ijazah=3,
            status_kawin=2,
            household_ref="DTKS-RT-1",
        ),
        record(
            4,
            4,
            "PKH",
            nama="Siti Aminah",
            nama_ibu_kandung="Sulastri Baru",
            tempat_lahir="Metro",
            no_kk="1871010203150009",
        ),
    ]


def test_civil_registry_wins_then_newest_verified_then_newest_any() -> None:
    rows = [
        *_siti(),
        record(5, 2, "DTKS", nama="Bambang", tempat_lahir="Kotabumi"),
        record(6, 4, "BPNT", nama="Bambang Sutrisno", tempat_lahir="Metro", nik=NIK_B),
        record(7, 2, "PKH", nama="Yanti", tempat_lahir="Liwa"),
        record(8, 4, "BST", nama="Yanti Susanti"),
    ]
    result = golden_records(
        records=records_table(rows),
        clusters=clusters_table([[1, 2, 3, 4], [5, 6], [7, 8]]),
        new_ref_prefix="I1-",
    )
    siti, bambang, yanti = (_by_cluster(result)[c] for c in ("1", "5", "7"))
    # The civil registry's identity, even where a newer source says otherwise.
    assert (siti["nama"], siti["src_nama"]) == ("Siti Aminah", "1")
    assert (siti["tanggal_lahir"], siti["src_tanggal_lahir"]) == (date(1980, 1, 9), "1")
    assert (siti["no_kk"], siti["src_no_kk"]) == (KK_A, "1")
    # Not in the civil registry's record: the newest verified (DTKS) batch beats newer PKH.
    assert (siti["nama_ibu_kandung"], siti["src_nama_ibu_kandung"]) == ("Sulastri", "3")
    # Only one record has it: that one.
    assert (siti["tempat_lahir"], siti["src_tempat_lahir"]) == ("Metro", "4")
    # The member variables come together from the newest DTKS record that has them.
    assert (siti["hubungan"], siti["ijazah"], siti["status_kawin"]) == (2, 3, 2)
    assert siti["src_ijazah"] == siti["src_hubungan"] == "3"
    assert siti["src_hamil"] is None  # no record had it
    # The address as one piece, from the civil registry.
    assert (siti["village_id"], siti["alamat"], siti["rt"]) == (
        "18.71.01.1003",
        "Jl. Teuku Umar No. 5",
        "001",
    )
    assert siti["src_village_id"] == siti["src_alamat"] == "1"
    assert (siti["status_dukcapil"], siti["has_civil_record"]) == ("hidup", True)
    # Without the civil registry: DTKS wins over a newer BPNT record; BPNT fills the gaps.
    assert (bambang["nama"], bambang["src_nama"]) == ("Bambang", "5")
    assert (bambang["nik"], bambang["src_nik"]) == (NIK_B, "6")
    assert bambang["has_civil_record"] is False
    # Programme sources only: the newest batch.
    assert (yanti["nama"], yanti["src_nama"]) == ("Yanti Susanti", "8")
    assert (yanti["tempat_lahir"], yanti["src_tempat_lahir"]) == ("Liwa", "7")


def test_lineage_names_the_fields_each_record_supplied() -> None:
    result = golden_records(
        records=records_table(_siti()),
        clusters=clusters_table([[1, 2, 3, 4]]),
        new_ref_prefix="I1-",
    )
    lineage = {row["record_id"]: row for row in result.lineage.to_pylist()}
    assert set(lineage) == {"1", "2", "3", "4"}
    assert len({row["person_ref"] for row in lineage.values()}) == 1
    assert lineage["1"]["fields"].split(",")[:3] == ["nik", "no_kk", "nama"]
    assert "status_dukcapil" in lineage["1"]["fields"]
    assert lineage["2"]["fields"] == ""  # superseded everywhere, still part of the person
    assert lineage["3"]["fields"].startswith("nama_ibu_kandung,hubungan,status_kawin")
    assert lineage["4"]["fields"] == "tempat_lahir"


def test_shared_nik_stays_with_the_civil_registry_holder() -> None:
    rows = [*_siti(), record(9, 4, "PKH", nama="Rina", nik=NIK_A, jenis_kelamin=2)]
    result = golden_records(
        records=records_table(rows),
        clusters=clusters_table([[1, 2, 3, 4], [9]]),
        new_ref_prefix="I1-",
    )
    people = _by_cluster(result)
    assert people["1"]["nik"] == NIK_A
    assert people["9"]["nik"] is None
    assert people["9"]["src_nik"] is None
    assert result.counts["shared_niks"] == 1
    assert result.counts["persons_sharing_nik"] == 2


def test_incoherent_values_are_dropped() -> None:
    rows = [
        record(
            1,
            1,
            "DUKCAPIL",
            nama="Andi",
            jenis_kelamin=1,
            status_dukcapil="hidup",
            tanggal_meninggal=date(2023, 1, 1),
        ),
        record(2, 3, "DTKS", nama="Andi", jenis_kelamin=2, hamil=1, hubungan=1),
    ]
    result = golden_records(
        records=records_table(rows), clusters=clusters_table([[1, 2]]), new_ref_prefix="I1-"
    )
    (andi,) = result.persons.to_pylist()
    assert andi["jenis_kelamin"] == 1
    assert andi["hamil"] is None
    assert andi["src_hamil"] is None
    assert andi["hubungan"] == 1
    assert andi["tanggal_meninggal"] is None  # a death date only with status meninggal


def test_deceased_per_civil_registry() -> None:
    rows = [
        record(
            1,
            1,
            "DUKCAPIL",
            nama="Painem",
            status_dukcapil="meninggal",
            tanggal_meninggal=date(2023, 2, 1),
        ),
        record(2, 2, "DUKCAPIL", nama="Painem", status_dukcapil="hidup"),
        record(3, 4, "PKH", nama="Painem"),
    ]
    # Batch 2 is newer than batch 1: the newest civil-registry record decides.
    result = golden_records(
        records=records_table(rows), clusters=clusters_table([[1, 2, 3]]), new_ref_prefix="I1-"
    )
    (painem,) = result.persons.to_pylist()
    assert (painem["status_dukcapil"], painem["src_status_dukcapil"]) == ("hidup", "2")
    rows[1]["status_dukcapil"] = None
    result = golden_records(
        records=records_table(rows), clusters=clusters_table([[1, 2, 3]]), new_ref_prefix="I1-"
    )
    (painem,) = result.persons.to_pylist()
    assert painem["status_dukcapil"] == "meninggal"
    assert painem["tanggal_meninggal"] == date(2023, 2, 1)
    assert painem["src_tanggal_meninggal"] == "1"


def _people(n: int) -> list[dict[str, Any]]:
    return [record(pk, 2, "DTKS", nama=f"Orang {pk}") for pk in range(1, n + 1)]


def test_refs_are_stable_and_merges_and_splits_counted() -> None:
    first = golden_records(
        records=records_table(_people(6)),
        clusters=clusters_table([[1, 2, 3], [4, 5], [6]]),
        new_ref_prefix="I1-",
    )
    refs = {row["cluster_id"]: row["person_ref"] for row in first.persons.to_pylist()}
    assert refs == {"1": "I1-0000001", "4": "I1-0000002", "6": "I1-0000003"}
    assert first.refs.as_dict() == {"kept": 0, "new": 3, "retired": 0, "merged": 0, "split": 0}

    previous = first.lineage.select(["record_id", "person_ref"])
    second = golden_records(
        records=records_table(_people(7)),
        clusters=clusters_table([[1, 2], [3, 4, 5], [6, 7]]),
        previous=previous,
        new_ref_prefix="I2-",
    )
    refs = {row["cluster_id"]: row["person_ref"] for row in second.persons.to_pylist()}
    # {1,2} shares two records with I1-1; {3,4,5} two with I1-2 (one with I1-1); 7 is new.
    assert refs == {"1": "I1-0000001", "3": "I1-0000002", "6": "I1-0000003"}
    assert second.refs.as_dict() == {"kept": 3, "new": 0, "retired": 0, "merged": 1, "split": 1}

    third = golden_records(
        records=records_table(_people(7)),
        clusters=clusters_table([[1], [2], [3, 4, 5, 6, 7]]),
        previous=second.lineage.select(["record_id", "person_ref"]),
        new_ref_prefix="I3-",
    )
    refs = {row["cluster_id"]: row["person_ref"] for row in third.persons.to_pylist()}
    # A tie (one record each): the smaller cluster id keeps the ref; the big cluster keeps
    # the ref it shares most with (I1-2: three records) and I1-3 retires.
    assert refs == {"1": "I1-0000001", "2": "I3-0000001", "3": "I1-0000002"}
    assert third.refs.as_dict() == {"kept": 2, "new": 1, "retired": 1, "merged": 1, "split": 1}


def test_people_only_the_civil_registry_knows_are_not_registered() -> None:
    rows = [*_siti(), record(20, 1, "DUKCAPIL", nama="Tono", nik=NIK_B)]
    result = golden_records(
        records=records_table(rows),
        clusters=clusters_table([[1, 2, 3, 4], [20]]),
        new_ref_prefix="I1-",
    )
    assert result.persons.column("cluster_id").to_pylist() == ["1"]
    assert "20" not in result.lineage.column("record_id").to_pylist()
    assert result.counts["civil_only"] == 1
