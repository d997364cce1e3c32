"""Reads of jobs. A job row carries no personal data; who may see it is decided by the owner
of the work it belongs to (e.g. an import batch), so these selectors take the job id only
from callers that already checked that."""

from __future__ import annotations

from dtks.jobs.models import Job


def job_get(*, job_id: int) -> Job | None:
    return Job.objects.filter(pk=job_id).first()
