"""The fast path (canonical cells) gives exactly what the full rules give."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from intake_helpers import (
    HOUSEHOLD_HEADER,
    MEMBER_HEADER,
    PERSON_HEADER,
    family,
    validate,
    write_csv,
)

from dtks.pipeline.intake import rules_sql
from dtks.synth import generate

TRICKY: dict[str, list[str]] = {
    "code": ["1", "2", "01", " 1", "1.0", "", "x", "3", "4", "12", "0", "00", "99"],
    "text": ["Budi Santoso", " Budi", "Budi  Santoso", "BUDI", "budi", "Budi\tS", "", "É", "a b"],
    "date": ["1990-01-01", "1/1/1990", "32874", "1990-02-30", "", "2099-01-01", "1899-01-01"],
    "rt": ["001", "1", "0001", "", "RT1", "1000", " 003"],
    "region": ["18.71.01.1003", "1871011003", "18.71.01.9999", "", " 18.71.01.1003"],
    "number": ["36", "36.5", "36,5", "0", "-1", "", "10001", "x", "007"],
    "sex": ["L", "P", "l", "Perempuan", "", "X", " L"],
}
PERSON_KIND = {
    "nama": "text",
    "nama_ibu_kandung": "text",
    "alamat": "text",
    "tempat_lahir": "text",
    "jenis_kelamin": "sex",
    "tanggal_lahir": "date",
    "rt": "rt",
    "rw": "rt",
    "kode_wilayah": "region",
}


def _mutate(rows: list[dict[str, str]], kinds: dict[str, str], rng: random.Random) -> None:
    for row in rows:
        for column in rng.sample(sorted(kinds), 2):
            row[column] = rng.choice(TRICKY[kinds[column]])


def _tables(work: Path) -> dict[str, list[dict[str, Any]]]:
    return {p.name: pq.read_table(p).to_pylist() for p in sorted(work.glob("*.parquet"))}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    base = tmp_path_factory.mktemp("fast")
    generate(region="18.71", households=300, seed=5, out_dir=base / "world")
    rng = random.Random(3)
    persons, members, households = [], [], []
    for index in range(60):
        p, m, h = family(f"T{index:03d}", 10 * index + 1)
        persons += p
        members += m
        households.append(h)
    _mutate(persons, PERSON_KIND, rng)
    household_kinds = {c: "code" for c in HOUSEHOLD_HEADER[5:]}
    household_kinds.update(luas_lantai="number", luas_lahan="number", jumlah_kamar="number")
    household_kinds.update(rt="rt", kode_wilayah="region", alamat="text")
    _mutate(households, household_kinds, rng)
    _mutate(members, {c: "code" for c in MEMBER_HEADER[1:]}, rng)
    directory = base / "in"
    directory.mkdir()
    sources = base / "world" / "sources"
    files = []
    for name, header, rows in (
        ("persons.csv", PERSON_HEADER, persons),
        ("members.csv", MEMBER_HEADER, members),
        ("households.csv", HOUSEHOLD_HEADER, households),
    ):
        with open(sources / f"dtks_{name}", encoding="utf-8") as handle:
            lines = handle.read().splitlines()[1:]
        path = write_csv(directory / name, header, rows)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        files.append(path)
    return files


def test_fast_path_agrees_with_full_rules(
    inputs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate(inputs, tmp_path / "fast")
    monkeypatch.setattr(rules_sql, "FAST_PATH", False)
    validate(inputs, tmp_path / "full")
    fast, full = _tables(tmp_path / "fast"), _tables(tmp_path / "full")
    assert fast.keys() == full.keys()
    for name in fast:
        assert fast[name] == full[name], name
    assert len(fast["issues.parquet"]) > 1000
    assert len(fast["persons_valid.parquet"]) > 300
