"""``dtks demo``: build the demo district and serve it."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.table import Table

from dtks.demo import demo_build


class Command(BaseCommand):
    help = "Bangun distrik demo (Kota Bandar Lampung sintetis) lalu sajikan di web."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")
        parser.add_argument("--no-serve", action="store_true", help="build only, do not serve")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        started = time.perf_counter()
        with console.status("Menyiapkan demo...") as status:

            def say(message: str) -> None:
                console.log(message)
                status.update(message + "...")

            result = demo_build(households=options["households"], seed=options["seed"], say=say)
        load = result.load
        console.print(
            f"Registri: {load.households_added:,} rumah tangga baru "
            f"({load.households_skipped:,} sudah ada), {load.people_added:,} individu; "
            f"selesai dalam {time.perf_counter() - started:.0f} detik."
        )
        table = Table(title="Akun demo (satu per peran)")
        for column in ("pengguna", "kata sandi", "peran", "wilayah"):
            table.add_column(column)
        for account, password in result.accounts:
            table.add_row(
                account.username, password, account.role, account.region_code or "nasional"
            )
        console.print(table)
        if options["no_serve"]:
            return
        console.print(f"Buka http://{options['addr']}/ (Ctrl+C untuk berhenti)")
        call_command("runserver", options["addr"], use_reloader=False)
