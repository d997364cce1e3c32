"""``dtks pemadanan [--sources] [--max-age-days N] [--background]``: verify NIKs with Dukcapil."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from dtks.identity.models import CivregStatus, PemadananRun, PemadananTarget
from dtks.identity.services_pemadanan import (
    PemadananRefusedError,
    pemadanan_create,
    pemadanan_enqueue,
    pemadanan_execute,
)
from dtks.jobs.console import job_progress_bar
from dtks.jobs.models import JobStatus


class Command(BaseCommand):
    help = "Pemadanan: periksa NIK registri (atau rekaman sumber) ke layanan Dukcapil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sources",
            action="store_true",
            help="verify the landed source records instead of the register",
        )
        parser.add_argument(
            "--max-age-days",
            type=int,
            help="reuse stored verdicts younger than this (default DTKS_CIVREG_MAX_AGE_DAYS)",
        )
        parser.add_argument(
            "--background", action="store_true", help="queue for `dtks db_worker` and return"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        days = options["max_age_days"]
        target = PemadananTarget.SOURCES if options["sources"] else PemadananTarget.REGISTER
        try:
            run = pemadanan_create(
                user=None,
                target=target,
                max_age=timedelta(days=days) if days is not None else None,
            )
        except PemadananRefusedError as error:
            raise CommandError(str(error)) from error
        if options["background"]:
            pemadanan_enqueue(run=run)
            console.print(f"Pemadanan #{run.pk} masuk antrean; jalankan `dtks db_worker`.")
            return
        with job_progress_bar(console, f"Pemadanan #{run.pk}") as show:
            run = pemadanan_execute(run_id=run.pk, listener=show)
        console.print(_summary(run))
        if run.job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"Pemadanan #{run.pk} gagal: {run.error}")


def _summary(run: PemadananRun) -> Table:
    table = Table(title=f"Pemadanan #{run.pk} ({run.get_target_display()})")
    table.add_column("status")
    table.add_column("jumlah", justify="right")
    for status, label in CivregStatus.choices:
        table.add_row(f"{label} ({status})", f"{getattr(run, status):,}")
    table.add_row("dari hasil tersimpan", f"{run.reused:,}")
    table.add_row("ditanyakan ke Dukcapil", f"{run.sent:,}")
    table.add_row("jumlah rekaman", f"{run.total:,}")
    return table
