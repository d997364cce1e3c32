"""``dtks demo``: build the demo district and serve it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.table import Table

from dtks.demo import demo_build
from dtks.demo_ranking import DemoRanking
from dtks.jobs.services import jobs_reconcile


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
        imports = Table(title="Impor demo")
        for column in ("impor", "sumber", "berkas", "dibaca", "valid", "karantina", "registri"):
            imports.add_column(column)
        for item in result.imports:
            batch = item.batch
            files = batch.counts.get("berkas", {}).values()
            written = batch.counts.get("ditulis", {})
            imports.add_row(
                f"#{batch.pk}" + ("" if item.created else " (sudah ada)"),
                batch.source,
                ", ".join(batch.file_names),
                f"{sum(f.get('read', 0) for f in files):,}",
                f"{sum(f.get('valid', 0) for f in files):,}",
                f"{sum(f.get('quarantined', 0) for f in files):,}",
                f"{written['registri_households_added']:,} ruta"
                if "registri_households_added" in written
                else "-",
            )
        console.print(imports)
        if result.link_run is not None:
            report = result.link_run.report
            console.print(
                f"Registri dibangun oleh proses identitas #{result.link_run.pk}: "
                f"{report['records']['total']:,} rekaman sumber -> "
                f"{report['persons']['register']:,} individu "
                f"({report['persons']['records_merged']:,} rekaman ganda digabung), "
                f"{report['households']['households']:,} rumah tangga, "
                f"{report['review_pairs_pending']:,} pasangan menunggu tinjauan."
            )
        if result.pemadanan is not None:
            checked = result.pemadanan
            console.print(
                f"Pemadanan #{checked.pk} dengan Dukcapil rujukan: {checked.total:,} NIK; "
                f"padan {checked.padan:,}, meninggal {checked.meninggal:,}, "
                f"pindah {checked.pindah:,}, data berbeda {checked.data_berbeda:,}, "
                f"tidak ditemukan {checked.nik_tidak_ditemukan:,}."
            )
        if result.ranking is not None:
            _print_ranking(console, result.ranking)
        console.print(f"Selesai dalam {time.perf_counter() - started:.0f} detik.")
        table = Table(title="Akun demo (satu per peran)")
        for column in ("pengguna", "kata sandi", "peran", "wilayah"):
            table.add_column(column)
        for account, password in result.accounts:
            table.add_row(
                account.username, password, account.role, account.region_code or "nasional"
            )
        console.print(table)
        if options["no_serve"]:
            if result.civreg is not None:
                result.civreg.stop()
            return
        console.print(f"Buka http://{options['addr']}/ (Ctrl+C untuk berhenti)")
        # Imports and other long work run in a background worker next to the web server;
        # jobs left 'running' by a worker that died last time are failed first, with reason.
        jobs_reconcile()
        # The worker runs pemadanan jobs started from the web against the reference server.
        env = dict(os.environ)
        if result.civreg is not None:
            env["DTKS_CIVREG_URL"] = result.civreg.url
            env["DTKS_CIVREG_API_KEY"] = result.civreg.api_key
        worker = subprocess.Popen(
            [sys.executable, "-m", "dtks", "db_worker", "--interval", "1", "--no-startup-delay"],
            env=env,
        )
        try:
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
            if result.civreg is not None:
                result.civreg.stop()


def _print_ranking(console: Console, ranked: DemoRanking) -> None:
    console.print(
        f"Pemeringkatan PMT #{ranked.ranking.pk} dengan model {ranked.model.version[:12]} "
        f"({ranked.model.kind}): {ranked.ranking.households:,} rumah tangga diberi persentil "
        "dan desil."
    )
    table = Table(title=f"Penetapan kelayakan #{ranked.eligibility.pk}")
    for column in ("program", "unit dinilai", "layak", "anggaran setahun (Rp)"):
        table.add_column(column)
    for code, totals in sorted(ranked.eligibility.totals.items()):
        table.add_row(
            code, f"{totals['units']:,}", f"{totals['eligible']:,}", f"{totals['budget']:,}"
        )
    console.print(table)
