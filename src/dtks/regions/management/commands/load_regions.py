"""``dtks regions load``: load the Kemendagri region tree (idempotent)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtks.regions.services import regions_load


class Command(BaseCommand):
    help = "Muat pohon wilayah Kemendagri (provinsi s.d. desa/kelurahan); aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source", type=Path, default=None, help="folder with the four CSV files"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = regions_load(source_dir=options["source"])
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        levels = ", ".join(f"{n:,}" for n in result.counts.values())
        self.stdout.write(
            f"Wilayah dimuat: {result.total:,} ({levels} provinsi/kab-kota/kecamatan/desa) "
            f"dalam {seconds:.1f} detik."
        )
