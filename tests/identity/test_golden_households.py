"""Households per family card: families into the DTKS household most members share, one
head each, people without a card or a village handled."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from golden_support import (
    born,
    persons_table,
    record,
    records_table,
    source_households_table,
)

from dtks.identity.households import HouseholdPlan, households_build

VILLAGE_A = "18.71.01.1003"
VILLAGE_B = "18.71.02.1003"
K1, K2, K3, K4, K5, K6 = (f"18710102031500{n:02d}" for n in range(1, 7))


def _person(ref: str, **values: Any) -> dict[str, Any]:
    return {"person_ref": ref, **values}


def _plan() -> HouseholdPlan:
    persons = [
        _person("p01", no_kk=K1, hubungan=1, tanggal_lahir=born(1970), village_id=VILLAGE_A),
        _person("p02", no_kk=K1, hubungan=2, tanggal_lahir=born(1972)),
        _person("p03", no_kk=K1, tanggal_lahir=born(2005)),  # PKH only, no DTKS record
        _person("p04", no_kk=K2, hubungan=4, tanggal_lahir=born(1995)),
        _person("p05", no_kk=K2, hubungan=1, tanggal_lahir=born(1993)),  # a second "head"
        _person("p06", no_kk=K3, tanggal_lahir=born(1960), village_id=VILLAGE_B, alamat="Gg. X"),
        _person("p07", no_kk=K3, tanggal_lahir=born(1990), village_id=VILLAGE_A),
        _person("p08", no_kk=K4, hubungan=1, tanggal_lahir=born(1965)),
        _person("p09", no_kk=K4, hubungan=2, tanggal_lahir=born(1966)),
        _person("p10", no_kk=K4, hubungan=3, tanggal_lahir=born(1999)),
        # No card, DTKS household 3 (whose own village is unknown to the register).
        _person("p11", hubungan=3, tanggal_lahir=born(2001), village_id=VILLAGE_A, alamat="Gg. Y"),
        _person("p12", tanggal_lahir=born(1980), village_id=VILLAGE_B, rt="004"),  # alone
        _person("p13", no_kk=K5, hubungan=1, tanggal_lahir=born(1940), status_dukcapil="meninggal"),
        _person("p14", no_kk=K5, hubungan=2, tanggal_lahir=born(1945), status_dukcapil="hidup"),
        _person("p15", no_kk=K6, hubungan=1),  # no village anywhere
    ]
    # DTKS records (record pk = person number) naming their household of batch 2.
    dtks_households = {1: "RT-1", 2: "RT-1", 4: "RT-1", 5: "RT-1", 8: "RT-2", 9: "RT-2"}
    dtks_households |= {10: "RT-3", 11: "RT-3", 13: "RT-4", 14: "RT-4"}
    records = [
        record(n, 2, "DTKS", nama=f"Orang {n}", household_ref=ref)
        for n, ref in dtks_households.items()
    ]
    records += [
        record(n, 4, "PKH", nama=f"Orang {n}", household_ref="PKH-KK-9") for n in (3, 6, 7, 12, 15)
    ]
    records.append(record(16, 3, "DTKS", nama="Orang 1", household_ref="RT-9"))  # no such household
    lineage = pa.table(
        {
            "record_id": [str(n) for n in range(1, 17)],
            "person_ref": [f"p{n:02d}" for n in range(1, 16)] + ["p01"],
        }
    )
    households = source_households_table(
        [
            {
                "batch_id": 2,
                "household_ref": "RT-1",
                "village_id": VILLAGE_A,
                "lantai": 2,
                "alamat": "Jl. Satu",
            },
            {"batch_id": 1, "household_ref": "RT-1", "village_id": VILLAGE_B, "lantai": 9},
            {"batch_id": 2, "household_ref": "RT-2", "village_id": VILLAGE_A, "aset_ac": True},
            {"batch_id": 2, "household_ref": "RT-3", "village_id": None, "luas_lantai": 36.0},
            {"batch_id": 2, "household_ref": "RT-4", "village_id": VILLAGE_B},
            {"batch_id": 2, "household_ref": "RT-5", "village_id": VILLAGE_A},  # nobody there
        ]
    )
    return households_build(
        persons=persons_table(persons),
        records=records_table(records),
        lineage=lineage,
        source_households=households,
    )


def test_families_join_the_dtks_household_of_most_members() -> None:
    plan = _plan()
    homes = {m["person_ref"]: m["household_ref"] for m in plan.members.to_pylist()}
    assert {p for p, h in homes.items() if h == "RT-1"} == {"p01", "p02", "p03", "p04", "p05"}
    # Two members of K4 in RT-2, one in RT-3: the whole family is in RT-2.
    assert {p for p, h in homes.items() if h == "RT-2"} == {"p08", "p09", "p10"}
    # No card: their own DTKS household; without one, a household of their own.
    assert homes["p11"] == "RT-3"
    assert homes["p12"] == "ART-p12"
    # A card without any DTKS household: a household per card.
    assert homes["p06"] == homes["p07"] == "KK" + K3
    families = {(f["no_kk"], f["household_ref"]) for f in plan.families.to_pylist()}
    assert (K1, "RT-1") in families
    assert (K2, "RT-1") in families
    assert (K4, "RT-2") in families
    assert len({f["no_kk"] for f in plan.families.to_pylist()}) == plan.families.num_rows


def test_housing_from_the_newest_dtks_record_unknown_otherwise() -> None:
    households = {h["household_ref"]: h for h in _plan().households.to_pylist()}
    assert set(households) == {"RT-1", "RT-2", "RT-3", "RT-4", "KK" + K3, "ART-p12"}
    assert households["RT-1"]["lantai"] == 2  # batch 2, not the older batch 1
    assert households["RT-1"]["village_id"] == VILLAGE_A
    assert households["RT-1"]["alamat"] == "Jl. Satu"
    assert households["RT-2"]["aset_ac"] is True
    assert households["RT-1"]["origin"] == "dtks"
    card = households["KK" + K3]
    assert card["origin"] == "kk"
    assert card["lantai"] is None
    assert card["aset_ac"] is None
    # At the head's address: the oldest member, p06.
    assert (card["village_id"], card["alamat"]) == (VILLAGE_B, "Gg. X")
    assert households["ART-p12"]["rt"] == "004"
    # RT-3's own village is unknown to the register: its housing, its member's address.
    assert households["RT-3"]["luas_lantai"] == 36.0
    assert (households["RT-3"]["village_id"], households["RT-3"]["alamat"]) == (VILLAGE_A, "Gg. Y")


def test_exactly_one_head_per_household() -> None:
    plan = _plan()
    members = plan.members.to_pylist()
    heads: dict[str, list[str]] = {}
    for m in members:
        if m["hubungan"] == 1:
            heads.setdefault(m["household_ref"], []).append(m["person_ref"])
    households = {m["household_ref"] for m in members}
    assert all(len(heads.get(h, [])) == 1 for h in households)
    relation = {m["person_ref"]: m["hubungan"] for m in members}
    assert heads["RT-1"] == ["p01"]  # the DTKS head, not p05 of the second card
    assert relation["p05"] is None  # demoted: relation to the new head unknown
    assert heads["RT-3"] == ["p11"]  # alone there: promoted
    assert heads["KK" + K3] == ["p06"]  # nobody recorded as head: the oldest
    assert plan.counts["heads_demoted"] >= 1
    assert plan.counts["heads_assigned"] >= 2


def test_the_deceased_head_gives_way_and_unknown_villages_are_unplaced() -> None:
    plan = _plan()
    relation = {m["person_ref"]: m["hubungan"] for m in plan.members.to_pylist()}
    assert plan.unplaced.column("person_ref").to_pylist() == ["p15"]
    assert "p15" not in relation
    assert plan.counts["unplaced"] == 1
    # The head recorded in RT-4 died (civil registry): the living spouse heads it now.
    assert (relation["p14"], relation["p13"]) == (1, None)
    assert plan.counts == {
        "households": 6,
        "households_dtks": 4,
        "households_kk": 1,
        "households_alone": 1,
        # p11 (a child alone), p06 (nobody was head), p12 (alone), p14 (the head died).
        "heads_assigned": 4,
        "heads_demoted": 2,  # p05 (second head in RT-1), p13 (deceased)
        "families": 5,
        "unplaced": 1,
    }
