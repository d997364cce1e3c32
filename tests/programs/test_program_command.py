"""``dtks program run|export|list``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from programs_world import AS_OF, World

from dtks.accounts.models import User
from dtks.assessment.models import Ranking
from dtks.jobs.models import JobStatus
from dtks.programs.models import EligibilityRun

pytestmark = pytest.mark.django_db(transaction=True)


def test_run_list_export(world: World, pusdatin: User, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("program", "run", "--user", pusdatin.username, "--as-of", str(AS_OF), stdout=out)
    run = EligibilityRun.objects.get()
    assert (run.status, run.created_by, run.as_of) == ("done", pusdatin, AS_OF)
    assert "Rp 4.800.000" in out.getvalue()  # Sembako's budget in the summary
    listing = io.StringIO()
    call_command("program", "list", stdout=listing)
    assert "PBI_JKN" in listing.getvalue()
    assert "Rp 42.000 per bulan" in listing.getvalue()  # PBI-JKN's premium
    target = tmp_path / "pkh.csv"
    call_command(
        "program", "export", str(run.pk), "pkh", "--out", str(target), stdout=io.StringIO()
    )
    rows = list(csv.reader(target.open(encoding="utf-8")))
    # All regions: every eligible family, full NIK (a pusdatin tool).
    assert sorted(r[6] for r in rows[1:]) == [world.a1.household_ref, world.a3.household_ref]
    assert all(len(r[4]) == 16 for r in rows[1:])
    book = tmp_path / "pbi.xlsx"
    call_command(
        "program",
        "export",
        str(run.pk),
        "PBI_JKN",
        "--all",
        "--out",
        str(book),
        stdout=io.StringIO(),
    )
    sheet = load_workbook(book)["PBI_JKN"]
    assert sheet.max_row == 1 + 15


def test_background_and_errors(world: World, tmp_path: Path) -> None:
    call_command("program", "run", "--background", stdout=io.StringIO())
    run = EligibilityRun.objects.get()
    assert run.job is not None
    assert (run.status, run.job.status) == ("pending", JobStatus.QUEUED)
    assert run.job.task_id
    with pytest.raises(CommandError, match="belum selesai"):
        call_command("program", "export", str(run.pk), "PKH", "--out", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="masih menunggu"):
        call_command("program", "run", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Pengguna 'siapa' tidak ada"):
        call_command("program", "run", "--user", "siapa", stdout=io.StringIO())
    EligibilityRun.objects.all().delete()
    Ranking.objects.update(status="failed")
    with pytest.raises(CommandError, match="Belum ada peringkat PMT"):
        call_command("program", "run", stdout=io.StringIO())


def test_export_refusals(world: World, tmp_path: Path) -> None:
    call_command("program", "run", "--as-of", str(AS_OF), stdout=io.StringIO())
    run = EligibilityRun.objects.get()
    with pytest.raises(CommandError, match="Program 'BLT' tidak dikenal"):
        call_command("program", "export", str(run.pk), "BLT", "--out", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match=r"\.csv atau \.xlsx"):
        call_command("program", "export", str(run.pk), "PKH", "--out", str(tmp_path / "x.txt"))
