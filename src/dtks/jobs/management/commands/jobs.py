"""``dtks jobs reconcile``: fail running jobs whose worker has gone silent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dtks.jobs.services import STALE_AFTER, jobs_reconcile


class Command(BaseCommand):
    help = "Pekerjaan latar: `dtks jobs reconcile [--minutes N]`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        reconcile = actions.add_parser("reconcile", help="fail jobs whose worker went silent")
        reconcile.add_argument(
            "--minutes",
            type=float,
            default=STALE_AFTER.total_seconds() / 60,
            help="silence that counts as a dead worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale = jobs_reconcile(stale_after=timedelta(minutes=options["minutes"]))
        for job in stale:
            self.stdout.write(f"Pekerjaan #{job.pk} ({job.kind}) ditandai gagal: pekerja berhenti.")
        self.stdout.write(f"{len(stale)} pekerjaan tanpa pekerja.")
