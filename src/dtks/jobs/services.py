"""Running long work as a Job: status, progress and outcome in the database.

``job_run`` wraps the work function; the work reports through the ``JobProgress`` it is given.
Progress rows are written in their own short autocommit updates (never inside the work's
transaction), at most a few times a second, so pages and the CLI see them while work runs.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dtks.accounts.models import User
from dtks.jobs.models import Job, JobStatus

T = TypeVar("T")
Listener = Callable[[Job], None]


def job_create(*, kind: str, created_by: User | None) -> Job:
    return Job.objects.create(kind=kind, created_by=created_by)


class JobProgress:
    """What running work calls to say where it is; also tells an optional listener (the CLI)."""

    def __init__(self, job: Job, *, listener: Listener | None = None, every: float = 0.3) -> None:
        self.job = job
        self.listener = listener
        self.every = every
        self._last = 0.0
        self._paused = False

    @contextmanager
    def database_paused(self, *, when: bool = True) -> Iterator[None]:
        """Keep progress off the database for a while (the listener still hears it).

        Needed around ADBC writes to SQLite: the ADBC driver carries its own copy of SQLite,
        and Django's connection must not open the same file while it holds the write lock.
        """
        self._paused = when
        try:
            yield
        finally:
            self._paused = False
            self._write()

    def __call__(self, step: str, done: int = 0, total: int | None = None) -> None:
        self.job.step, self.job.done, self.job.total = step[:200], max(done, 0), total
        now = time.monotonic()
        final = total is not None and done >= total
        if not self._paused and (now - self._last >= self.every or final):
            self._last = now
            self._write()
        if self.listener is not None:
            self.listener(self.job)

    def _write(self) -> None:
        Job.objects.filter(pk=self.job.pk).update(
            step=self.job.step,
            done=self.job.done,
            total=self.job.total,
            heartbeat_at=timezone.now(),
        )


def job_run(
    *, job_id: int, work: Callable[[JobProgress], T], listener: Listener | None = None
) -> T:
    """Run ``work`` as job ``job_id``: running, then succeeded or failed with the reason.

    The work's exception is recorded and re-raised; the job row is never left 'running'.
    """
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("job_run must not run inside a transaction: progress would not show")
    job = Job.objects.get(pk=job_id)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, finished_at=None, error=""
    )
    job.status = JobStatus.RUNNING
    try:
        result = work(JobProgress(job, listener=listener))
    except Exception as error:
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=f"{error}\n\n{traceback.format_exc(limit=5)}"[:20000],
        )
        raise
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, finished_at=timezone.now())
    return result


STALE_AFTER = timedelta(minutes=15)


def jobs_reconcile(*, stale_after: timedelta = STALE_AFTER) -> list[Job]:
    """Fail the running jobs whose worker has gone silent for ``stale_after``.

    A worker that dies (killed, machine restarted) leaves its job 'running' forever; this
    marks such jobs failed with the reason, so the page says so and the work can be run
    again. Run it from cron, or at worker start (``dtks demo`` does).
    """
    cutoff = timezone.now() - stale_after
    stale = list(
        Job.objects.filter(status=JobStatus.RUNNING).filter(
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        )
    )
    for job in stale:
        last = job.heartbeat_at or job.started_at
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=(
                f"Pekerja berhenti sebelum selesai (kabar terakhir {last:%Y-%m-%d %H:%M} UTC); "
                "tidak ada yang disimpan dari pekerjaan ini. Jalankan ulang."
            ),
        )
    return stale
