"""``dtks identitas link [--engine duckdb|spark] [--model PATH] [--accept P] [--review P]
[--background]``: rebuild the register from every landed source record (golden records)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from dtks.identity.models import LinkRun
from dtks.identity.services_linkage import (
    ENGINES,
    LinkRunRefusedError,
    link_run_create,
    link_run_enqueue,
    link_run_execute,
)
from dtks.jobs.console import job_progress_bar
from dtks.jobs.models import JobStatus
from dtks.pipeline.linkage import Thresholds


class Command(BaseCommand):
    help = "Identitas: padankan semua rekaman sumber menjadi rekaman emas registri."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        link = actions.add_parser("link", help="run identity resolution into the register")
        link.add_argument("--engine", choices=ENGINES, default="duckdb")
        link.add_argument("--model", type=Path, help="a trained linkage model (JSON) to reuse")
        link.add_argument("--accept", type=float, default=Thresholds().accept)
        link.add_argument("--review", type=float, default=Thresholds().review)
        link.add_argument(
            "--background", action="store_true", help="queue for `dtks db_worker` and return"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        try:
            thresholds = Thresholds(accept=options["accept"], review=options["review"])
            run = link_run_create(
                user=None,
                engine=options["engine"],
                model_path=options["model"],
                thresholds=thresholds,
            )
        except (LinkRunRefusedError, ValueError) as error:
            raise CommandError(str(error)) from error
        if options["background"]:
            link_run_enqueue(link_run=run, model_path=options["model"])
            console.print(f"Proses identitas #{run.pk} masuk antrean; jalankan `dtks db_worker`.")
            return
        with job_progress_bar(console, f"Proses identitas #{run.pk}") as show:
            run = link_run_execute(link_run_id=run.pk, model_path=options["model"], listener=show)
        if run.job is None or run.job.status != JobStatus.SUCCEEDED:
            reason = run.job.error.splitlines()[0] if run.job and run.job.error else ""
            raise CommandError(f"Proses identitas #{run.pk} gagal: {reason}")
        console.print(_summary(run))


def _summary(run: LinkRun) -> Table:
    report = run.report
    table = Table(title=f"Proses identitas #{run.pk} selesai")
    table.add_column("ukuran")
    table.add_column("jumlah", justify="right")
    rows = [
        ("rekaman sumber", report["records"]["total"]),
        ("terpasang ke individu registri", report["records"]["attached"]),
        ("individu registri", report["persons"]["register"]),
        ("rekaman ganda digabung", report["persons"]["records_merged"]),
        ("rumah tangga", report["households"]["households"]),
        ("keluarga (KK)", report["households"]["families"]),
        ("meninggal (Dukcapil)", report["civil_registry"]["meninggal"]),
        ("meninggal, masih di program", report["deceased_listed"]["total"]),
        ("tanpa rekaman Dukcapil", report["civil_registry"]["without_record"]),
        ("NIK dipakai beberapa individu", report["shared_niks"]["niks"]),
        ("ID tetap / baru / pensiun", _changes(report["changes"])),
        ("digabung / dipecah", f"{report['changes']['merged']} / {report['changes']['split']}"),
        ("pasangan menunggu tinjauan", report["review_pairs_pending"]),
    ]
    for label, value in rows:
        table.add_row(label, f"{value:,}" if isinstance(value, int) else str(value))
    return table


def _changes(changes: dict[str, int]) -> str:
    return f"{changes['kept']:,} / {changes['new']:,} / {changes['retired']:,}"
