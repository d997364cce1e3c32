"""Import pages: upload, a real background worker, progress, counts, quarantine downloads."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dtks.accounts.roles import Role
from dtks.intake.models import ImportBatch, QuarantineRow
from dtks.jobs.models import JobStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _client(make_user: Callable[..., object], role: str, region: str | None) -> Client:
    client = Client()
    client.force_login(make_user(role, region))  # type: ignore[arg-type]
    return client


def _upload(client: Client, files: list[Path], source: str = "DTKS") -> ImportBatch:
    data: dict[str, object] = {"source": source}
    for index, path in enumerate(files, start=1):
        data[f"berkas_{index}"] = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post(reverse("imports:import_new"), data)
    assert response.status_code == 302, response.content[:2000]
    return ImportBatch.objects.latest("pk")


def test_only_importing_roles_reach_the_pages(
    regions: None, make_user: Callable[..., object]
) -> None:
    operator = _client(make_user, Role.OPERATOR_DESA, "18.71.01.1003")
    assert operator.get(reverse("imports:import_list")).status_code == 403
    assert operator.get(reverse("imports:import_new")).status_code == 403
    dinsos = _client(make_user, Role.DINSOS_KABKOTA, "18.71")
    assert dinsos.get(reverse("imports:import_new")).status_code == 200
    assert Client().get(reverse("imports:import_list")).status_code == 302  # to login


def test_upload_is_queued_then_run_by_the_worker(
    regions: None, make_user: Callable[..., object], dirty_files: list[Path]
) -> None:
    client = _client(make_user, Role.DINSOS_KABKOTA, "18.71")
    batch = _upload(client, dirty_files)
    assert batch.job.status == JobStatus.QUEUED
    assert batch.job.task_id
    page = client.get(reverse("imports:import_detail", args=[batch.pk]))
    assert "every 1s" in page.content.decode()  # the page polls while the job is not done
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    batch.job.refresh_from_db()
    assert batch.job.status == JobStatus.SUCCEEDED, batch.error_message
    partial = client.get(reverse("imports:import_detail", args=[batch.pk]), HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "every 1s" not in body  # finished: polling stops
    assert "dtks_persons.csv" in body
    assert "<html" not in body  # htmx gets only the status fragment
    listing = client.get(reverse("imports:import_list")).content.decode()
    assert f"/impor/{batch.pk}/" in listing


def test_quarantine_downloads_escape_formulas(
    regions: None, make_user: Callable[..., object], truth_files: list[Path], tmp_path: Path
) -> None:
    persons = truth_files[0].read_text(encoding="utf-8").splitlines()
    header = persons[0].split(",")
    region = header.index("kode_wilayah")
    first = persons[1].split(",")
    first[header.index("nama")] = "\"=cmd|' /C calc'!A0\""
    first[region] = '"99.99.99.9999"'
    poisoned = tmp_path / "persons.csv"
    poisoned.write_text(
        "\n".join([persons[0], ",".join(first), *persons[2:]]) + "\n", encoding="utf-8"
    )
    client = _client(make_user, Role.PUSDATIN, None)
    batch = _upload(client, [poisoned], source="PKH")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert QuarantineRow.objects.filter(batch=batch).count() == 1
    csv_response = client.get(
        reverse("imports:quarantine_csv", args=[batch.pk]), {"berkas": "persons.csv"}
    )
    text = b"".join(csv_response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "'=cmd" in text
    assert ",=cmd" not in text
    assert '"=cmd' not in text
    assert "baris_asal" in text.splitlines()[0]
    xlsx = client.get(reverse("imports:quarantine_xlsx", args=[batch.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active  # type: ignore[attr-defined]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=cmd| /C calc'!A0".replace("| ", "|' ") in values or any(
        isinstance(v, str) and v.startswith("'=cmd") for v in values
    )


def test_batches_are_scoped_to_the_importers_region(
    regions: None, make_user: Callable[..., object], truth_files: list[Path]
) -> None:
    owner = _client(make_user, Role.DINSOS_KABKOTA, "18.71")
    batch = _upload(owner, truth_files)
    metro = _client(make_user, Role.DINSOS_KABKOTA, "18.72")
    for name in ("import_detail", "quarantine_csv", "quarantine_xlsx"):
        assert metro.get(reverse(f"imports:{name}", args=[batch.pk])).status_code == 404
    assert f"/impor/{batch.pk}/" not in metro.get(reverse("imports:import_list")).content.decode()
    province = _client(make_user, Role.DINSOS_PROVINSI, "18")
    assert province.get(reverse("imports:import_detail", args=[batch.pk])).status_code == 200


def test_too_large_upload_is_refused_with_a_clear_error(
    regions: None, make_user: Callable[..., object], settings: object, tmp_path: Path
) -> None:
    settings.DTKS_IMPORT_MAX_BYTES = 1 << 20  # type: ignore[attr-defined]
    client = _client(make_user, Role.PUSDATIN, None)
    big = SimpleUploadedFile("besar.csv", b"x" * ((1 << 20) + 1))
    response = client.post(reverse("imports:import_new"), {"source": "PKH", "berkas_1": big})
    assert response.status_code == 200
    assert "lebih besar dari batas 1 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_same_content_again_points_to_the_first_import_only_within_scope(
    regions: None, make_user: Callable[..., object], truth_files: list[Path]
) -> None:
    owner = _client(make_user, Role.DINSOS_KABKOTA, "18.71")
    first = _upload(owner, truth_files)
    again = owner.post(
        reverse("imports:import_new"),
        {
            "source": "DTKS",
            **{
                f"berkas_{i}": SimpleUploadedFile(p.name, p.read_bytes())
                for i, p in enumerate(truth_files, start=1)
            },
        },
    )
    assert again["Location"] == reverse("imports:import_detail", args=[first.pk])
    metro = _client(make_user, Role.DINSOS_KABKOTA, "18.72")
    other = metro.post(
        reverse("imports:import_new"),
        {"source": "PKH", "berkas_1": SimpleUploadedFile("x.csv", truth_files[0].read_bytes())},
    )
    assert ImportBatch.objects.count() == 2  # the single file is new content
    assert other.status_code == 302
    repeat = metro.post(
        reverse("imports:import_new"),
        {
            "source": "DTKS",
            **{
                f"berkas_{i}": SimpleUploadedFile(p.name, p.read_bytes())
                for i, p in enumerate(truth_files, start=1)
            },
        },
    )
    assert repeat["Location"] == reverse("imports:import_list")
    assert ImportBatch.objects.count() == 2


def test_an_import_whose_worker_died_runs_again_from_the_page(
    regions: None, make_user: Callable[..., object], truth_files: list[Path]
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from dtks.intake.models import SourcePerson
    from dtks.jobs.models import Job
    from dtks.jobs.services import jobs_reconcile

    client = _client(make_user, Role.DINSOS_KABKOTA, "18.71")
    batch = _upload(client, truth_files)
    # The worker claimed the job, then died before writing anything.
    long_ago = timezone.now() - timedelta(hours=1)
    Job.objects.filter(pk=batch.job_id).update(
        status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    jobs_reconcile()
    page = client.get(reverse("imports:import_detail", args=[batch.pk])).content.decode()
    assert "Pekerja berhenti" in page
    assert "Jalankan ulang" in page
    assert client.get(reverse("imports:import_retry", args=[batch.pk])).status_code == 405
    response = client.post(reverse("imports:import_retry", args=[batch.pk]))
    assert response.status_code == 302
    batch.job.refresh_from_db()
    assert batch.job.status == JobStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    batch.job.refresh_from_db()
    assert batch.job.status == JobStatus.SUCCEEDED
    people = sum(1 for _ in truth_files[0].open()) - 1
    assert SourcePerson.objects.filter(batch=batch).count() == people
    # A finished batch cannot be queued again.
    client.post(reverse("imports:import_retry", args=[batch.pk]))
    batch.job.refresh_from_db()
    assert batch.job.status == JobStatus.SUCCEEDED
