"""A worker that dies leaves its job 'running': reconcile fails it with the reason."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from dtks.jobs.models import Job, JobStatus
from dtks.jobs.services import job_create, jobs_reconcile

pytestmark = pytest.mark.django_db


def _running(minutes_silent: float) -> Job:
    job = job_create(kind="uji", created_by=None)
    last = timezone.now() - timedelta(minutes=minutes_silent)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=last, heartbeat_at=last
    )
    return job


def test_silent_running_jobs_fail_with_the_reason() -> None:
    dead = _running(minutes_silent=20)
    alive = _running(minutes_silent=1)
    queued = job_create(kind="uji", created_by=None)
    assert [j.pk for j in jobs_reconcile(stale_after=timedelta(minutes=15))] == [dead.pk]
    dead.refresh_from_db()
    assert dead.status == JobStatus.FAILED
    assert "Pekerja berhenti" in dead.error
    assert dead.finished_at is not None
    alive.refresh_from_db()
    queued.refresh_from_db()
    assert (alive.status, queued.status) == (JobStatus.RUNNING, JobStatus.QUEUED)


def test_command_reports_what_it_failed() -> None:
    _running(minutes_silent=30)
    out = io.StringIO()
    call_command("jobs", "reconcile", "--minutes", "15", stdout=out)
    assert "1 pekerjaan tanpa pekerja" in out.getvalue()
    assert Job.objects.get().status == JobStatus.FAILED
