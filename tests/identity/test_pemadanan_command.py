"""``dtks pemadanan``: inline with a summary, resumable, in the background, refused clearly."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from pemadanan_support import Civreg, build_register

from dtks.identity.models import CivregCheck, PemadananRun
from dtks.jobs.models import JobStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_inline_run_then_reuse(regions: None, civreg: Civreg) -> None:
    register = build_register(civreg.data)
    out = io.StringIO()
    call_command("pemadanan", "--max-age-days", "30", stdout=out)
    run = PemadananRun.objects.get()
    assert run.job.status == JobStatus.SUCCEEDED, run.error
    assert CivregCheck.objects.count() == len(register)
    before = civreg.stats()
    call_command("pemadanan", stdout=io.StringIO())
    assert civreg.stats()["verify_requests"] == before["verify_requests"]
    assert PemadananRun.objects.first().reused == len(register)  # type: ignore[union-attr]


def test_failure_exits_with_the_reason(regions: None, civreg: Civreg, settings: Any) -> None:
    build_register(civreg.data)
    settings.DTKS_CIVREG_RETRIES = 0
    civreg.faults(error_rate=1.0)
    with pytest.raises(CommandError, match="gagal: Layanan Dukcapil tidak tersedia"):
        call_command("pemadanan", stdout=io.StringIO())


def test_background_and_sources(regions: None, civreg: Civreg) -> None:
    call_command("pemadanan", "--sources", "--background", stdout=io.StringIO())
    run = PemadananRun.objects.get()
    assert (run.target, run.job.status) == ("sources", JobStatus.QUEUED)
    assert run.job.task_id


def test_not_configured(db: None, settings: Any) -> None:
    settings.DTKS_CIVREG_URL = ""
    with pytest.raises(CommandError, match="belum dikonfigurasi"):
        call_command("pemadanan")
    assert not PemadananRun.objects.exists()
