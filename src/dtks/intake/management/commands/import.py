"""``dtks import --source PKH FILE...``: validate and load interchange files, with progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from dtks.intake.imports import (
    IMPORT_SOURCES,
    ImportRefusedError,
    import_batch_create,
    import_batch_enqueue,
    import_batch_run,
)
from dtks.jobs.console import job_progress_bar
from dtks.jobs.models import JobStatus


class Command(BaseCommand):
    help = "Impor berkas individu/ART/rumah tangga (CSV, XLSX, Parquet) dengan validasi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="one import: 1 to 3 files")
        parser.add_argument("--source", required=True, help=f"one of {', '.join(IMPORT_SOURCES)}")
        parser.add_argument(
            "--to-register",
            action="store_true",
            help="also add complete households (person + member + household files) to the register",
        )
        parser.add_argument(
            "--background", action="store_true", help="queue for `dtks db_worker` and return"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        try:
            created = import_batch_create(
                source=options["source"],
                paths=options["files"],
                created_by=None,
                to_register=options["to_register"],
            )
        except ImportRefusedError as error:
            raise CommandError(str(error)) from error
        batch = created.batch
        if not created.created:
            console.print(
                f"Isi berkas ini sudah diimpor sebagai impor #{batch.pk} ({batch.source}, "
                f"{batch.created_at:%d-%m-%Y %H:%M}); tidak ada yang ditambahkan."
            )
            return
        if options["background"]:
            import_batch_enqueue(batch=batch)
            console.print(f"Impor #{batch.pk} masuk antrean; jalankan `dtks db_worker`.")
            return
        with job_progress_bar(console, f"Impor #{batch.pk}") as show:
            batch = import_batch_run(batch_id=batch.pk, listener=show)
        if batch.job.status != JobStatus.SUCCEEDED:
            where = f" [{batch.error_code}]" if batch.error_code else ""
            raise CommandError(f"Impor #{batch.pk} gagal{where}: {batch.error_message}")
        console.print(_summary(batch.pk, batch.counts))


def _summary(batch_id: int, counts: dict[str, Any]) -> Table:
    table = Table(title=f"Impor #{batch_id} selesai")
    for column in ("berkas", "dibaca", "valid", "diperbaiki", "ditandai", "karantina"):
        table.add_column(column, justify="right" if column != "berkas" else "left")
    for name, c in counts.get("berkas", {}).items():
        table.add_row(
            name,
            *(f"{c.get(k, 0):,}" for k in ("read", "valid", "repaired", "flagged", "quarantined")),
        )
    return table
