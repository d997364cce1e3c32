"""The output contract: Parquet schemas, quarantine rows, issues, counts and file info."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from intake_helpers import (
    HOUSEHOLD_HEADER,
    MEMBER_HEADER,
    PERSON_HEADER,
    family,
    rows,
    validate,
    write_import,
)

from dtks.pipeline import interchange
from dtks.pipeline.intake import ValidationResult


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ValidationResult:
    persons, members, home = family()
    persons[1]["nik"] = "1.80105E+15"
    persons[2]["rt"] = "7"
    persons.append(dict(persons[0], record_id="", nama="TANPA ID", tanggal_lahir="kemarin"))
    directory = tmp_path_factory.mktemp("outputs")
    files = write_import(directory / "in", persons, members, [home])
    calls: list[tuple[str, int, int]] = []
    outcome = validate(files, directory / "work", progress=lambda *a: calls.append(a))
    assert calls
    assert calls[-1][0] == "selesai"
    return outcome


def test_persons_valid_schema(result: ValidationResult) -> None:
    schema = pq.read_schema(result.persons_valid)
    expected = {
        "row_number": pa.int64(),
        **dict.fromkeys(PERSON_HEADER, pa.string()),
        "jenis_kelamin": pa.int16(),
        "tanggal_lahir": pa.date32(),
        "nik_asli": pa.string(),
        "no_kk_asli": pa.string(),
    }
    assert schema.names == ["row_number", *PERSON_HEADER, "nik_asli", "no_kk_asli"]
    assert {f.name: f.type for f in schema} == expected


def test_members_valid_schema(result: ValidationResult) -> None:
    schema = pq.read_schema(result.members_valid)
    assert schema.names == ["row_number", *MEMBER_HEADER]
    assert schema.field("record_id").type == pa.string()
    assert {schema.field(c).type for c in interchange.MEMBER_CODED_COLUMNS} == {pa.int16()}


def test_households_valid_schema(result: ValidationResult) -> None:
    schema = pq.read_schema(result.households_valid)
    assert schema.names == ["row_number", *HOUSEHOLD_HEADER, "konsumsi_per_kapita"]
    types = {f.name: f.type for f in schema}
    assert {types[c] for c in interchange.HOUSEHOLD_CODED_COLUMNS} == {pa.int16()}
    assert {types[c] for c in interchange.HOUSEHOLD_YES_NO_COLUMNS} == {pa.bool_()}
    assert {types[c] for c in interchange.HOUSEHOLD_COUNT_COLUMNS} == {pa.int32()}
    assert {types[c] for c in (*interchange.HOUSEHOLD_AREA_COLUMNS, "konsumsi_per_kapita")} == {
        pa.float64()
    }
    assert types["kode_wilayah"] == pa.string()


def test_valid_values(result: ValidationResult) -> None:
    valid = rows(result.persons_valid)
    assert [p["row_number"] for p in valid] == [2, 3, 4]
    assert valid[1]["nik"] is None
    assert valid[1]["nik_asli"] == "1.80105E+15"
    assert valid[2]["rt"] == "007"
    assert valid[0]["jenis_kelamin"] == 1
    assert valid[1]["jenis_kelamin"] == 2


def test_quarantine_rows(result: ValidationResult) -> None:
    quarantine = rows(result.quarantine)
    assert pq.read_schema(result.quarantine).names == [
        "file_name",
        "row_number",
        "kind",
        "columns",
        "rule_codes",
        "messages",
        "original",
    ]
    assert len(quarantine) == 1
    row = quarantine[0]
    assert (row["file_name"], row["row_number"], row["kind"]) == ("persons.csv", 5, "persons")
    assert row["columns"] == "record_id,tanggal_lahir"
    assert row["rule_codes"] == "wajib_kosong,tanggal_tidak_valid"
    assert row["messages"].startswith(
        "record_id: Kolom wajib diisi tetapi kosong.; tanggal_lahir: "
    )
    original = json.loads(row["original"])
    assert list(original) == PERSON_HEADER
    assert original["nama"] == "TANPA ID"
    assert original["record_id"] == ""


def test_issues_cover_repairs_flags_and_rejects(result: ValidationResult) -> None:
    issues = rows(result.issues)
    assert pq.read_schema(result.issues).names == [
        "file_name",
        "row_number",
        "kind",
        "column",
        "rule_code",
        "severity",
        "original_value",
        "new_value",
    ]
    summary = [(i["row_number"], i["column"], i["rule_code"], i["severity"]) for i in issues]
    assert summary == [
        (3, "nik", "nik_notasi_ilmiah", "flag"),
        (4, "rt", "rt_rw_dinormalkan", "repair"),
        (5, "record_id", "wajib_kosong", "reject"),
        (5, "nama", "huruf_nama_dinormalkan", "repair"),
        (5, "tanggal_lahir", "tanggal_tidak_valid", "reject"),
    ]


def test_counts_and_file_info(result: ValidationResult) -> None:
    assert result.counts["persons.csv"] == {
        "read": 4,
        "valid": 3,
        "repaired": 1,
        "flagged": 1,
        "quarantined": 1,
        "by_rule": {
            "huruf_nama_dinormalkan": 1,
            "nik_notasi_ilmiah": 1,
            "rt_rw_dinormalkan": 1,
            "tanggal_tidak_valid": 1,
            "wajib_kosong": 1,
        },
    }
    assert result.counts["members.csv"]["valid"] == 3
    info = result.files[0]
    path = result.persons_valid.parent.parent / "in" / "persons.csv"
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (info.name, info.kind, info.rows_read, info.encoding) == (
        "persons.csv",
        "persons",
        4,
        "utf-8",
    )
    assert result.source == "TEST"


def test_only_outputs_are_left_in_work_dir(result: ValidationResult) -> None:
    names = sorted(p.name for p in result.persons_valid.parent.iterdir())
    assert names == [
        "households_valid.parquet",
        "issues.parquet",
        "members_valid.parquet",
        "persons_valid.parquet",
        "quarantine.parquet",
    ]


def test_members_and_households_are_optional(tmp_path: Path) -> None:
    persons, _, _ = family()
    result = validate(write_import(tmp_path / "in", persons), tmp_path / "work")
    assert result.members_valid is None
    assert result.households_valid is None
    assert not (tmp_path / "work" / "members_valid.parquet").exists()
