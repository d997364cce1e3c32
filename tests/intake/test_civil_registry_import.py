"""The civil-registry extract (source DUKCAPIL): ``status`` and ``tanggal_meninggal`` are
validated and land on the source records; any other source refuses them."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from dtks.intake.imports import import_batch_create, import_batch_run
from dtks.intake.models import ImportBatch, QuarantineRow, SourcePerson
from dtks.jobs.models import JobStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _run(path: Path, source: str = "DUKCAPIL") -> ImportBatch:
    created = import_batch_create(source=source, paths=[path], created_by=None)
    return import_batch_run(batch_id=created.batch.pk)


def _extract(synth_dir: Path) -> list[dict[str, str]]:
    with (synth_dir / "civil_registry" / "persons.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_extract_lands_with_status_and_death_date(regions: None, synth_dir: Path) -> None:
    rows = _extract(synth_dir)
    batch = _run(synth_dir / "civil_registry" / "persons.csv")
    assert batch.job.status == JobStatus.SUCCEEDED, batch.error_message
    assert not QuarantineRow.objects.exists()
    landed = {p.record_id: p for p in SourcePerson.objects.filter(batch=batch)}
    assert len(landed) == len(rows)
    for row in rows:
        person = landed[row["record_id"]]
        assert person.source == "DUKCAPIL"
        assert person.status_dukcapil == row["status"]
        death = person.tanggal_meninggal.isoformat() if person.tanggal_meninggal else ""
        assert death == row["tanggal_meninggal"]
    assert set(Counter(r["status"] for r in rows)) == {"hidup", "meninggal", "pindah"}


def test_other_sources_refuse_the_extra_columns(regions: None, synth_dir: Path) -> None:
    batch = _run(synth_dir / "civil_registry" / "persons.csv", source="PKH")
    assert batch.job.status == JobStatus.FAILED
    assert batch.error_code == "kolom_tidak_dikenal"
    assert "hanya untuk ekstrak Dukcapil (sumber DUKCAPIL)" in batch.error_message
    assert not SourcePerson.objects.exists()


def test_plain_person_files_have_no_civil_status(regions: None, synth_dir: Path) -> None:
    batch = _run(synth_dir / "sources" / "pkh_persons.csv", source="PKH")
    assert batch.job.status == JobStatus.SUCCEEDED, batch.error_message
    assert not SourcePerson.objects.exclude(status_dukcapil=None).exists()


def test_bad_status_and_death_dates_are_quarantined(
    regions: None, synth_dir: Path, tmp_path: Path
) -> None:
    rows = _extract(synth_dir)
    alive = [r for r in rows if r["status"] == "hidup"]
    dead = [{**r, "status": "meninggal"} for r in alive[4:7]]
    edits = {
        alive[0]["record_id"]: {"status": "hilang"},
        alive[1]["record_id"]: {"status": ""},
        alive[2]["record_id"]: {"tanggal_meninggal": "2020-01-05"},
        alive[3]["record_id"]: {"status": " MENINGGAL ", "tanggal_meninggal": "05/01/2020"},
        dead[0]["record_id"]: {"status": "meninggal", "tanggal_meninggal": ""},
        dead[1]["record_id"]: {"status": "meninggal", "tanggal_meninggal": "2020-02-30"},
        dead[2]["record_id"]: {"status": "meninggal", "tanggal_meninggal": "1901-01-01"},
    }
    expected = {
        alive[0]["record_id"]: ("status", "status_dukcapil_tidak_dikenal"),
        alive[1]["record_id"]: ("status", "wajib_kosong"),
        alive[2]["record_id"]: ("tanggal_meninggal", "tanggal_meninggal_tanpa_status"),
        dead[0]["record_id"]: ("tanggal_meninggal", "tanggal_meninggal_kosong"),
        dead[1]["record_id"]: ("tanggal_meninggal", "tanggal_tidak_valid"),
        dead[2]["record_id"]: ("tanggal_meninggal", "meninggal_sebelum_lahir"),
    }
    path = tmp_path / "dukcapil.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, **edits.get(row["record_id"], {})})
    batch = _run(path)
    assert batch.job.status == JobStatus.SUCCEEDED, batch.error_message
    quarantined = {q.original["record_id"]: q for q in QuarantineRow.objects.filter(batch=batch)}
    assert set(quarantined) == set(expected)
    for record_id, (column, code) in expected.items():
        row = quarantined[record_id]
        assert column in row.columns.split(","), (record_id, row.columns)
        assert code in row.rule_codes.split(","), (record_id, row.rule_codes)
        assert f"{column}: " in row.messages
    repaired = SourcePerson.objects.get(batch=batch, record_id=alive[3]["record_id"])
    assert repaired.status_dukcapil == "meninggal"
    assert repaired.tanggal_meninggal is not None
    assert repaired.tanggal_meninggal.isoformat() == "2020-01-05"
    assert SourcePerson.objects.filter(batch=batch).count() == len(rows) - len(expected)


def test_death_date_needs_the_status_column(regions: None, synth_dir: Path, tmp_path: Path) -> None:
    rows = _extract(synth_dir)
    path = tmp_path / "tanpa-status.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        columns = [c for c in rows[0] if c != "status"]
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows[:5])
    batch = _run(path)
    assert batch.job.status == JobStatus.FAILED
    assert batch.error_code == "kolom_wajib_hilang"
    assert "kolom status" in batch.error_message
