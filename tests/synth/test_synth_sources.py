"""Dirty sources, civil registry and the ground truth."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from dtks.synth import SynthSummary
from dtks.synth.config import ErrorRates, SynthConfig

Rows = dict[str, list[dict[str, str]]]
SOURCE_FILES = [f"sources/{s}_persons.csv" for s in ("dtks", "pkh", "bpnt", "bst")]
RATES = ErrorRates()
FACTOR = SynthConfig().source_error_factor


def test_every_record_linked_exactly_once(table: Rows) -> None:
    links = Counter(row["record_id"] for row in table["ground_truth/links.csv"])
    assert set(links.values()) == {1}
    records = [
        r["record_id"] for f in [*SOURCE_FILES, "civil_registry/persons.csv"] for r in table[f]
    ]
    assert len(records) == len(set(records))  # unique across sources
    assert set(records) == set(links)
    persons = {p["record_id"] for p in table["truth/persons.csv"]}
    assert {row["person_id"] for row in table["ground_truth/links.csv"]} <= persons


def test_errors_refer_to_records(table: Rows) -> None:
    records = {r["record_id"] for f in SOURCE_FILES for r in table[f]}
    kinds = set(RATES.as_dict())
    for row in table["ground_truth/errors.csv"]:
        assert row["record_id"] in records
        assert row["error"] in kinds
    pairs = [(r["record_id"], r["error"]) for r in table["ground_truth/errors.csv"]]
    assert len(pairs) == len(set(pairs))


def _rate(table: Rows, source: str, kind: str) -> float:
    prefix = f"{source}-"
    n = len(table[f"sources/{source.lower()}_persons.csv"])
    hits = sum(
        1
        for r in table["ground_truth/errors.csv"]
        if r["error"] == kind and r["record_id"].startswith(prefix)
    )
    return hits / n


@pytest.mark.parametrize(
    "kind",
    [
        "name_upper",
        "nik_missing",
        "dob_dmy_string",
        "mother_name_missing",
        "duplicate",
        "rt_rw_unpadded",
    ],
)
def test_error_rates_roughly_as_configured(table: Rows, kind: str) -> None:
    for source in ("DTKS", "BST"):
        expected = min(1.0, getattr(RATES, kind) * FACTOR[source])
        observed = _rate(table, source, kind)
        assert expected * 0.5 < observed < expected * 1.6 + 0.004, (
            source,
            kind,
            observed,
            expected,
        )


def test_errors_look_like_excel_and_typos(table: Rows) -> None:
    truth = {p["record_id"]: p for p in table["truth/persons.csv"]}
    person_of = {r["record_id"]: r["person_id"] for r in table["ground_truth/links.csv"]}
    records = {r["record_id"]: r for f in SOURCE_FILES for r in table[f]}
    kinds: dict[str, list[str]] = defaultdict(list)
    for row in table["ground_truth/errors.csv"]:
        kinds[row["error"]].append(row["record_id"])
    for rid in kinds["nik_excel_sci"]:
        assert re.fullmatch(r"\d\.\d{5}E\+15", records[rid]["nik"])
    for rid in kinds["nik_excel_rounded"]:
        nik, true = records[rid]["nik"], truth[person_of[rid]]["nik"]
        assert nik.endswith("0")
        assert nik != true
        assert nik.rstrip("0") == true[: len(nik.rstrip("0"))]
    for rid in kinds["dob_excel_serial"]:
        assert records[rid]["tanggal_lahir"].isdigit()
    for rid in kinds["nik_transposition"]:
        nik, true = records[rid]["nik"], truth[person_of[rid]]["nik"]
        assert sorted(nik) == sorted(true)
        assert sum(a != b for a, b in zip(nik, true, strict=False)) == 2
    for rid in kinds["region_undotted"]:
        assert "." not in records[rid]["kode_wilayah"]
    for rid in kinds["name_upper"]:
        assert records[rid]["nama"] == records[rid]["nama"].upper()
    for kind in (
        "nik_shared",
        "name_muhammad_variant",
        "name_old_spelling",
        "stale_dead",
        "stale_mover",
    ):
        assert kinds[kind], kind
    erred = {r["record_id"] for r in table["ground_truth/errors.csv"]}
    status = {person_of[r["record_id"]]: r["status"] for r in table["civil_registry/persons.csv"]}
    clean = [rid for rid in records if rid not in erred]
    assert len(clean) > 0.2 * len(records)
    for rid in clean:
        t = truth[person_of[rid]]
        fields = ["nik", "no_kk", "nama", "tanggal_lahir", "nama_ibu_kandung", "jenis_kelamin"]
        if status[t["record_id"]] != "pindah":  # movers may be listed at their new address
            fields += ["alamat", "rt", "rw", "kode_wilayah"]
        for field in fields:
            assert records[rid][field] == t[field], (rid, field)


def test_coverage_and_overlap(table: Rows) -> None:
    n_households = len(table["truth/households.csv"])
    dtks = len(table["sources/dtks_households.csv"])
    assert 0.35 < dtks / n_households < 0.55
    sources_of: dict[str, set[str]] = defaultdict(set)
    for row in table["ground_truth/links.csv"]:
        src = row["record_id"].split("-")[0]
        if not row["record_id"].startswith("C"):
            sources_of[row["person_id"]].add(src)
    counts = Counter(len(v) for v in sources_of.values())
    assert counts[3] + counts[4] > 50
    pkh = {p for p, s in sources_of.items() if "PKH" in s}
    assert len({p for p in pkh if "DTKS" in sources_of[p]}) > 0.7 * len(pkh)


def test_civil_registry(table: Rows, world: SynthSummary) -> None:
    civil = table["civil_registry/persons.csv"]
    truth = table["truth/persons.csv"]
    assert len(civil) == len(truth) == world.persons
    status = Counter(r["status"] for r in civil)
    assert set(status) <= {"hidup", "meninggal", "pindah"}
    assert 0.006 < status["meninggal"] / len(civil) < 0.015
    assert 0.01 < status["pindah"] / len(civil) < 0.035
    for r in civil:
        assert (r["tanggal_meninggal"] != "") == (r["status"] == "meninggal")
        if r["tanggal_meninggal"]:
            assert r["tanggal_lahir"] <= r["tanggal_meninggal"] <= "2024-06-30"
    person_of = {r["record_id"]: r["person_id"] for r in table["ground_truth/links.csv"]}
    by_pid = {p["record_id"]: p for p in truth}
    moved = [r for r in civil if r["status"] == "pindah"]
    assert all(
        r["kode_wilayah"] != by_pid[person_of[r["record_id"]]]["kode_wilayah"] for r in moved
    )
    out_of_city = sum(not r["kode_wilayah"].startswith("18.71.") for r in moved)
    assert 0 < out_of_city < len(moved)
    assert all(len(r["kode_wilayah"].split(".")) == 4 for r in civil)
