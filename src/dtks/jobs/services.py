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
from typing import TypeVar

from django.db import transaction
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
            step=self.job.step, done=self.job.done, total=self.job.total
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
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), finished_at=None, error=""
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
