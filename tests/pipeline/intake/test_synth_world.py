"""Validation of a generated district: the truth is clean, the dirty DTKS extract is caught."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from intake_helpers import REF, rows, validate

from dtks.domain.nik import parse_nik
from dtks.pipeline.intake import ValidationResult
from dtks.synth import generate


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate(region="18.71", households=1200, seed=11, out_dir=out)
    return out


@pytest.fixture(scope="module")
def truth(world: Path) -> ValidationResult:
    files = [world / "truth" / f"{name}.csv" for name in ("persons", "members", "households")]
    return validate(files, world / "work-truth")


@pytest.fixture(scope="module")
def dirty(world: Path) -> ValidationResult:
    files = [
        world / "sources" / f"dtks_{name}.csv" for name in ("persons", "members", "households")
    ]
    return validate(files, world / "work-dirty")


@pytest.fixture(scope="module")
def errors(world: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for row in _read(world / "ground_truth" / "errors.csv"):
        found[row["record_id"]].add(row["error"])
    return found


def test_truth_is_entirely_valid(truth: ValidationResult) -> None:
    for counts in truth.counts.values():
        assert counts["valid"] == counts["read"] > 0
    assert rows(truth.issues) == []
    assert truth.counts["households.csv"]["read"] == 1200


def _issues_by_record(result: ValidationResult, world: Path) -> dict[str, set[str]]:
    persons = _read(world / "sources" / "dtks_persons.csv")
    record_of_row = {i + 2: p["record_id"] for i, p in enumerate(persons)}
    found: dict[str, set[str]] = defaultdict(set)
    for issue in rows(result.issues):
        if issue["kind"] == "persons":
            found[record_of_row[issue["row_number"]]].add(issue["rule_code"])
    return found


@pytest.mark.parametrize(
    ("error", "rule"),
    [
        ("nik_excel_sci", "nik_notasi_ilmiah"),
        ("nik_missing", "nik_kosong"),
        ("kk_excel_sci", "kk_notasi_ilmiah"),
        ("kk_missing", "kk_kosong"),
        ("dob_excel_serial", "tanggal_serial_excel"),
        ("dob_dmy_string", "tanggal_dinormalkan"),
        ("region_undotted", "kode_wilayah_tanpa_titik"),
        ("rt_rw_unpadded", "rt_rw_dinormalkan"),
        ("name_upper", "huruf_nama_dinormalkan"),
    ],
)
def test_injected_errors_are_caught(
    dirty: ValidationResult, world: Path, errors: dict[str, set[str]], error: str, rule: str
) -> None:
    found = _issues_by_record(dirty, world)
    records = [r for r, kinds in errors.items() if error in kinds and r.startswith("DTKS-")]
    assert records, error
    for record in records:
        assert rule in found[record], (record, error)


def test_repaired_dates_are_the_true_dates(
    dirty: ValidationResult, world: Path, errors: dict[str, set[str]]
) -> None:
    links = {r["record_id"]: r["person_id"] for r in _read(world / "ground_truth" / "links.csv")}
    true_birth = {
        p["record_id"]: date.fromisoformat(p["tanggal_lahir"])
        for p in _read(world / "truth" / "persons.csv")
    }
    checked = 0
    for person in rows(dirty.persons_valid):
        kinds = errors.get(person["record_id"], set())
        if kinds & {"dob_excel_serial", "dob_dmy_string"}:
            assert person["tanggal_lahir"] == true_birth[links[person["record_id"]]]
            checked += 1
    assert checked > 20


def test_valid_niks_pass_parse_nik(dirty: ValidationResult) -> None:
    kept = [p for p in rows(dirty.persons_valid) if p["nik"] is not None]
    assert len(kept) > 1000
    for person in kept:
        check = parse_nik(
            person["nik"],
            recorded_sex=person["jenis_kelamin"],
            recorded_birth_date=person["tanggal_lahir"],
            reference_date=REF,
        )
        assert check.ok, (person["record_id"], check.failures)
    cleared = [p for p in rows(dirty.persons_valid) if p["nik_asli"] is not None]
    assert all(p["nik"] is None for p in cleared)


def test_dirty_valid_set_is_closed(dirty: ValidationResult) -> None:
    persons: list[dict[str, Any]] = rows(dirty.persons_valid)
    person_ids = {p["record_id"] for p in persons}
    assert {m["record_id"] for m in rows(dirty.members_valid)} <= person_ids
    refs = {h["household_ref"] for h in rows(dirty.households_valid)}
    assert {p["household_ref"] for p in persons} <= refs
    niks = [p["nik"] for p in persons if p["nik"]]
    assert len(niks) == len(set(niks))  # loadable under the register's unique NIK
    counts = dirty.counts["dtks_persons.csv"]
    assert counts["quarantined"] < 0.05 * counts["read"]
