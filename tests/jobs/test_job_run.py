"""Jobs: status and progress are visible while work runs, and failures are recorded."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from dtks.jobs.models import Job, JobStatus
from dtks.jobs.services import JobProgress, job_create, job_run

pytestmark = pytest.mark.django_db(transaction=True)


def test_progress_is_written_while_work_runs() -> None:
    job = job_create(kind="uji", created_by=None)
    seen: list[tuple[str, int, int | None]] = []

    def work(progress: JobProgress) -> str:
        for done in range(0, 101, 25):
            progress("menghitung", done, 100)
            # Read through a fresh query, as the page polling would.
            row = Job.objects.values("status", "step", "done", "total").get(pk=job.pk)
            seen.append((row["step"], row["done"], row["total"]))
            assert row["status"] == JobStatus.RUNNING
        return "hasil"

    assert job_run(job_id=job.pk, work=work) == "hasil"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.started_at is not None
    assert job.finished_at is not None
    assert seen[-1] == ("menghitung", 100, 100)
    assert seen[0][0] == "menghitung"
    assert job.percent == 100


def test_failure_is_recorded_and_reraised() -> None:
    job = job_create(kind="uji", created_by=None)

    def work(progress: JobProgress) -> None:
        progress("langkah pertama", 1, 3)
        raise ValueError("berkas rusak di baris 7")

    with pytest.raises(ValueError, match="baris 7"):
        job_run(job_id=job.pk, work=work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "berkas rusak di baris 7" in job.error
    assert job.finished


def test_listener_sees_every_step() -> None:
    job = job_create(kind="uji", created_by=None)
    steps: list[str] = []
    job_run(
        job_id=job.pk,
        work=lambda progress: [progress(f"langkah {i}", i, 3) for i in range(3)],
        listener=lambda j: steps.append(j.step),
    )
    assert steps == ["langkah 0", "langkah 1", "langkah 2"]


def test_refuses_to_run_inside_a_transaction() -> None:
    job = job_create(kind="uji", created_by=None)
    with transaction.atomic(), pytest.raises(RuntimeError, match="transaction"):
        job_run(job_id=job.pk, work=lambda progress: None)
    assert connection.in_atomic_block is False
