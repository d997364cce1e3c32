"""Bulk import as a service: validated, landed in one transaction, never twice, never half."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from dtks.intake.imports import ImportRefusedError, import_batch_create, import_batch_run
from dtks.intake.models import (
    ImportBatch,
    ImportIssue,
    QuarantineRow,
    SourceHousehold,
    SourcePerson,
)
from dtks.intake.quarantine_export import ANNOTATIONS, quarantine_table
from dtks.jobs.models import JobStatus
from dtks.registry.models import Household, Person

pytestmark = pytest.mark.django_db(transaction=True)


def _run(paths: list[Path], *, source: str = "DTKS", to_register: bool = False) -> ImportBatch:
    created = import_batch_create(
        source=source, paths=paths, created_by=None, to_register=to_register
    )
    assert created.created
    return import_batch_run(batch_id=created.batch.pk)


def test_truth_set_lands_and_reaches_the_register(regions: None, truth_files: list[Path]) -> None:
    batch = _run(truth_files, to_register=True)
    assert batch.job.status == JobStatus.SUCCEEDED, batch.error_message
    people = sum(1 for _ in truth_files[0].open()) - 1
    households = sum(1 for _ in truth_files[2].open()) - 1
    assert SourcePerson.objects.filter(batch=batch).count() == people
    assert SourceHousehold.objects.filter(batch=batch).count() == households
    assert Household.objects.count() == households
    assert Person.objects.count() == people
    assert batch.counts["ditulis"]["registri_households_added"] == households
    assert not QuarantineRow.objects.filter(batch=batch).exists()
    landed = SourcePerson.objects.filter(batch=batch, hubungan=1).first()
    assert landed is not None
    assert landed.village_id
    assert landed.tanggal_lahir
    _assert_household_matches_file(truth_files[2])


def _assert_household_matches_file(households_csv: Path) -> None:
    """Values arrive in the register typed as the file says (codes, booleans, RT, areas)."""
    with households_csv.open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    household = Household.objects.get(household_ref=row["household_ref"])
    assert household.village_id == row["kode_wilayah"]
    assert household.rt == row["rt"].zfill(3)
    assert household.lantai == int(row["lantai"])
    assert household.luas_lantai == pytest.approx(float(row["luas_lantai"]))
    assert household.aset_televisi is (row["aset_televisi"] == "1")
    assert household.aset_mobil is (row["aset_mobil"] == "1")
    assert household.families.exists()
    head = household.members.get(hubungan=1)
    assert head.family is not None
    assert head.family.household_id == household.pk


def test_same_content_twice_creates_nothing(regions: None, truth_files: list[Path]) -> None:
    first = _run(truth_files)
    again = import_batch_create(source="PKH", paths=list(reversed(truth_files)), created_by=None)
    assert not again.created
    assert again.batch.pk == first.pk
    assert ImportBatch.objects.count() == 1
    assert SourcePerson.objects.count() == first.counts["ditulis"]["individu"]


def test_dirty_source_is_quarantined_flagged_and_repaired(
    regions: None, dirty_files: list[Path]
) -> None:
    batch = _run(dirty_files)
    assert batch.job.status == JobStatus.SUCCEEDED, batch.error_message
    severities = set(ImportIssue.objects.filter(batch=batch).values_list("severity", flat=True))
    assert {"repair", "flag"} <= severities
    read = sum(c["read"] for c in batch.counts["berkas"].values())
    landed = SourcePerson.objects.filter(batch=batch).count()
    landed += SourceHousehold.objects.filter(batch=batch).count()
    quarantined = QuarantineRow.objects.filter(batch=batch).count()
    members = batch.counts["berkas"].get("dtks_members.csv", {})
    # Every row read is either landed (members are landed inside their person) or quarantined.
    assert landed + quarantined + members.get("valid", 0) == read
    flagged = SourcePerson.objects.filter(batch=batch, nik__isnull=True).exclude(nik_asli=None)
    for person in flagged[:20]:
        assert person.nik_asli  # the original is kept, never guessed


def test_binary_file_fails_the_batch_and_stores_nothing(regions: None, tmp_path: Path) -> None:
    fake = tmp_path / "pkh.csv"
    fake.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)
    batch = _run([fake], source="PKH")
    assert batch.job.status == JobStatus.FAILED
    assert batch.error_code == "bukan_teks"
    assert "pkh.csv" in batch.error_message
    assert not SourcePerson.objects.exists()
    assert not QuarantineRow.objects.exists()


def test_database_refusal_rolls_everything_back(
    regions: None, truth_files: list[Path], tmp_path: Path
) -> None:
    _run(truth_files, to_register=True)
    before = (Household.objects.count(), Person.objects.count(), SourcePerson.objects.count())
    # The same people under new household keys: their NIKs are already registered.
    renamed = []
    for path in truth_files:
        text = path.read_text(encoding="utf-8").replace('"H0', '"X0').replace(",H0", ",X0")
        target = tmp_path / path.name
        target.write_text(text, encoding="utf-8")
        renamed.append(target)
    batch = _run(renamed, to_register=True)
    assert batch.job.status == JobStatus.FAILED
    assert batch.error_code == "ditolak_basis_data"
    assert "tidak ada yang ditulis" in batch.error_message
    after = (Household.objects.count(), Person.objects.count(), SourcePerson.objects.count())
    assert after == before
    assert not QuarantineRow.objects.filter(batch=batch).exists()


def test_refuses_unknown_source_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(ImportRefusedError, match="Sumber"):
        import_batch_create(source="XYZ", paths=[tmp_path], created_by=None)
    with pytest.raises(ImportRefusedError, match="tidak ditemukan"):
        import_batch_create(source="PKH", paths=[tmp_path / "nope.csv"], created_by=None)
    assert not ImportBatch.objects.exists()


def test_quarantine_export_is_reimportable_after_correction(
    regions: None, truth_files: list[Path], tmp_path: Path
) -> None:
    # Break one person's region code and one name; both rows go to quarantine.
    persons = truth_files[0].read_text(encoding="utf-8").splitlines()
    header = persons[0].split(",")
    rows = list(csv.reader(io.StringIO("\n".join(persons[1:]))))
    region = header.index("kode_wilayah")
    name = header.index("nama")
    rows[0][region] = "99.99.99.9999"
    rows[1][name] = ""
    broken = tmp_path / "persons.csv"
    with broken.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    batch = _run([broken], source="PKH")
    quarantined = list(QuarantineRow.objects.filter(batch=batch).order_by("row_number"))
    assert [q.row_number for q in quarantined] == [2, 3]
    assert "kode_wilayah" in quarantined[0].columns
    assert "nama" in quarantined[1].columns
    table = list(quarantine_table(quarantined))
    assert table[0][-len(ANNOTATIONS) :] == list(ANNOTATIONS)
    assert table[0][: len(header)] == header
    # Correct the two rows and import the quarantine file itself.
    fixed_rows = []
    for line in table[1:]:
        values = list(line[: len(header)])
        values[region] = rows[2][region]
        values[name] = values[name] or "Nama Diperbaiki"
        fixed_rows.append([*values, *line[len(header) :]])
    fixed = tmp_path / "karantina.csv"
    with fixed.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(table[0])
        writer.writerows(fixed_rows)
    again = _run([fixed], source="PKH")
    assert again.job.status == JobStatus.SUCCEEDED, again.error_message
    assert SourcePerson.objects.filter(batch=again).count() == 2
    assert not QuarantineRow.objects.filter(batch=again).exists()


def test_cli_imports_and_reports(regions: None, truth_files: list[Path], tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import", *map(str, truth_files), source="DTKS", stdout=out)
    assert ImportBatch.objects.get().job.status == JobStatus.SUCCEEDED
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="berkas_kosong"):
        call_command("import", str(empty), source="PKH")


def test_a_batch_delivered_again_is_not_run_twice(regions: None, truth_files: list[Path]) -> None:
    batch = _run(truth_files)
    landed = SourcePerson.objects.filter(batch=batch).count()
    again = import_batch_run(batch_id=batch.pk)
    assert again.job.status == JobStatus.SUCCEEDED
    assert again.error_message == ""
    assert SourcePerson.objects.filter(batch=batch).count() == landed


def test_a_run_keeps_out_of_another_process_work_files(
    regions: None, truth_files: list[Path], settings: Any, tmp_path: Path
) -> None:
    # Another process (a second database on the same var/, or a run before a crash) works on
    # a batch with the same number: this run must neither use nor delete its files.
    settings.VAR_DIR = tmp_path / "var"
    created = import_batch_create(source="DTKS", paths=truth_files, created_by=None)
    theirs = settings.VAR_DIR / "work" / f"import-{created.batch.pk}"
    theirs.mkdir(parents=True)
    (theirs / "staged.parquet").write_bytes(b"their work")
    batch = import_batch_run(batch_id=created.batch.pk)
    assert batch.job.status == JobStatus.SUCCEEDED, batch.error_message
    assert (theirs / "staged.parquet").read_bytes() == b"their work"
    assert sorted(p.name for p in (settings.VAR_DIR / "work").iterdir()) == [theirs.name]
