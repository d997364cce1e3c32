"""Layout of the output: files, columns exactly as docs/formats.md, encoding, manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from synth_helpers import read_rows

from dtks.domain import codes
from dtks.synth import SynthSummary
from dtks.synth.config import code_of

FORMATS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"
IDENT = re.compile(r"`([a-z_]+)`")


def _section(title: str) -> str:
    text = FORMATS.read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 3)
    return text[start : end if end >= 0 else None]


def person_columns() -> list[str]:
    rows = [ln for ln in _section("Person file").splitlines() if ln.startswith("| `")]
    return [name for ln in rows for name in IDENT.findall(ln.split("|")[1])]


def member_columns() -> list[str]:
    text = _section("Member file")
    sentence = text[text.index("Columns in this order") : text.index("(codes")]
    return IDENT.findall(sentence)


def household_columns() -> list[str]:
    text = _section("Household file")
    bullets = [ln for ln in text.splitlines() if ln.startswith(("- ", "  "))]
    return IDENT.findall("\n".join(bullets))


PERSON = person_columns()
MEMBER = member_columns()
HOUSEHOLD = household_columns()
EXPECTED = {
    "truth/households.csv": [*HOUSEHOLD, "konsumsi_per_kapita"],
    "truth/persons.csv": [*PERSON, "household_ref"],
    "truth/members.csv": MEMBER,
    "civil_registry/persons.csv": [*PERSON, "status", "tanggal_meninggal"],
    "sources/dtks_persons.csv": [*PERSON, "household_ref"],
    "sources/pkh_persons.csv": [*PERSON, "household_ref"],
    "sources/bpnt_persons.csv": [*PERSON, "household_ref"],
    "sources/bst_persons.csv": [*PERSON, "household_ref"],
    "sources/dtks_households.csv": HOUSEHOLD,
    "sources/dtks_members.csv": MEMBER,
    "survey/households.csv": [*HOUSEHOLD, "konsumsi_per_kapita"],
    "survey/persons.csv": [*PERSON, "household_ref"],
    "survey/members.csv": MEMBER,
    "ground_truth/links.csv": ["record_id", "person_id"],
    "ground_truth/errors.csv": ["record_id", "error"],
}


def test_formats_md_parsed() -> None:
    assert PERSON[:3] == ["record_id", "source", "nik"]
    assert PERSON[-3:] == [
        "rt",
        "rw",
        "kode_wilayah",
    ]
    assert len(PERSON) == 13
    assert MEMBER[0] == "record_id"
    assert MEMBER[-1] == "status_pekerjaan"
    assert len(MEMBER) == 12
    assert HOUSEHOLD[:5] == ["household_ref", "kode_wilayah", "alamat", "rt", "rw"]
    assert HOUSEHOLD[-1] == "ikut_kur"
    assert "luas_lantai" in HOUSEHOLD
    assert "daya" in HOUSEHOLD


def test_every_file_written(world: SynthSummary) -> None:
    written = {
        p.relative_to(world.out_dir).as_posix() for p in world.out_dir.rglob("*") if p.is_file()
    }
    assert written == set(EXPECTED) | {"manifest.json"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_columns_match_formats(world: SynthSummary, name: str) -> None:
    header, rows = read_rows(world.out_dir / name)
    assert header == EXPECTED[name]
    assert rows, name
    assert all(None not in row for row in rows[:50])  # no ragged lines


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_encoding_and_line_ends(world: SynthSummary, name: str) -> None:
    data = (world.out_dir / name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in data
    assert data.endswith(b"\n")
    data.decode("utf-8")


def test_record_ids_unique(table: dict[str, list[dict[str, str]]]) -> None:
    for name in EXPECTED:
        if name.startswith("ground_truth"):
            continue
        key = "household_ref" if name.endswith("households.csv") else "record_id"
        ids = [row[key] for row in table[name]]
        assert len(ids) == len(set(ids)), name
        assert all(ids), name


def test_manifest(world: SynthSummary) -> None:
    manifest = json.loads((world.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["region"] == "18.71"
    assert manifest["seed"] == world.seed
    assert manifest["households"] == world.households
    assert manifest["counts"] == world.rows
    assert set(manifest["counts"]) == set(EXPECTED)
    assert manifest["rates"]["errors"]["nik_missing"] > 0
    assert manifest["version"]


def test_codes_are_valid(table: dict[str, list[dict[str, str]]]) -> None:
    lists = {c.field: c for c in codes.MEMBER_CODED}
    for row in table["truth/members.csv"][:3000]:
        for field, code_list in lists.items():
            if row[field] != "":
                assert int(row[field]) in code_list, (field, row[field])
    coded = {c.field: c for c in codes.HOUSEHOLD_CODED}
    yes_no = codes.YA_TIDAK
    pln = str(code_of(codes.SUMBER_PENERANGAN, "PLN electricity"))
    no = str(code_of(codes.YA_TIDAK, "No"))
    for row in table["truth/households.csv"]:
        for field, code_list in coded.items():
            if row[field] != "":
                assert int(row[field]) in code_list, (field, row[field])
        for field in [a[0] for a in codes.ASSETS] + [p[0] for p in codes.PROGRAMS]:
            assert int(row[field]) in yes_no
        assert (row["daya"] == "") == (row["sumber_penerangan"] != pln)
        assert (row["luas_lahan"] == "") == (row["aset_lahan"] == no)
