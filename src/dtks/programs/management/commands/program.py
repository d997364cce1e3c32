"""``dtks program run|export|list``: eligibility runs and beneficiary lists from the shell.

``dtks program run [--engine duckdb|spark] [--user U] [--as-of YYYY-MM-DD] [--background]``
``dtks program export RUN PROGRAMME --out FILE.csv|.xlsx`` (all regions; a pusdatin tool)
``dtks program list`` (programmes with their active version, and the latest runs)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from dtks.accounts.models import User
from dtks.jobs.console import job_progress_bar
from dtks.pipeline.sql_engines import ENGINE_NAMES
from dtks.programs import exports, selectors
from dtks.programs.models import EligibilityDecision, EligibilityRun, RunStatus
from dtks.programs.presenters import amount_summary, rupiah
from dtks.programs.services import ProgrammePermissionError
from dtks.programs.services_runs import (
    EligibilityRunRefusedError,
    eligibility_run_create,
    eligibility_run_enqueue,
    eligibility_run_execute,
)
from dtks.spreadsheets import csv_lines, xlsx_file


class Command(BaseCommand):
    help = "Program bantuan: penetapan kelayakan, unduh daftar penerima, daftar program."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("run", help="decide every programme on the current ranking")
        run.add_argument("--engine", choices=ENGINE_NAMES, default="duckdb")
        run.add_argument("--user", help="the pusdatin user the run is recorded for")
        run.add_argument("--as-of", type=date.fromisoformat, help="ages at this date (today)")
        run.add_argument(
            "--background", action="store_true", help="queue for `dtks db_worker` and return"
        )
        export = actions.add_parser("export", help="a run's beneficiary list, all regions")
        export.add_argument("run", type=int, help="the eligibility run's number")
        export.add_argument("programme", help="programme code, e.g. PKH")
        export.add_argument("--out", type=Path, required=True, help="FILE.csv or FILE.xlsx")
        export.add_argument(
            "--all", action="store_true", help="every unit considered, not only the eligible"
        )
        actions.add_parser("list", help="programmes and the latest runs")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout))
        action = options["action"]
        if action == "run":
            self._run(console, options)
        elif action == "export":
            self._export(console, options)
        else:
            self._list(console)

    def _run(self, console: Console, options: dict[str, Any]) -> None:
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Pengguna {options['user']!r} tidak ada.")
        try:
            run = eligibility_run_create(
                user=user, engine=options["engine"], as_of=options["as_of"]
            )
        except (EligibilityRunRefusedError, ProgrammePermissionError) as error:
            raise CommandError(str(error)) from error
        if options["background"]:
            eligibility_run_enqueue(run=run)
            console.print(f"Penetapan #{run.pk} masuk antrean; jalankan `dtks db_worker`.")
            return
        with job_progress_bar(console, f"Penetapan #{run.pk}") as show:
            run = eligibility_run_execute(run_id=run.pk, listener=show)
        if run.status != RunStatus.DONE:
            raise CommandError(f"Penetapan #{run.pk} gagal: {run.error}")
        console.print(_totals(run))

    def _export(self, console: Console, options: dict[str, Any]) -> None:
        run = EligibilityRun.objects.filter(pk=options["run"]).first()
        if run is None or run.status != RunStatus.DONE:
            raise CommandError(f"Penetapan #{options['run']} tidak ada atau belum selesai.")
        code = str(options["programme"]).upper()
        if selectors.programme_get(code=code) is None:
            raise CommandError(f"Program {code!r} tidak dikenal.")
        out: Path = options["out"]
        if out.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError("Berkas keluaran harus berakhiran .csv atau .xlsx.")
        decisions = EligibilityDecision.objects.filter(run=run, programme=code)
        if not options["all"]:
            decisions = decisions.filter(eligible=True)
        rows = exports.beneficiary_rows(decisions.order_by("welfare", "unit_ref"), full_nik=True)
        if out.suffix.lower() == ".csv":
            with out.open("w", encoding="utf-8", newline="") as handle:
                handle.writelines(csv_lines(rows))
        else:
            with xlsx_file([(code, rows)]) as handle:
                out.write_bytes(handle.read())
        console.print(f"{decisions.count():,} baris {code} dari penetapan #{run.pk} -> {out}")

    def _list(self, console: Console) -> None:
        table = Table(title="Program")
        for column in ("kode", "nama", "satuan", "versi aktif", "besaran"):
            table.add_column(column)
        for programme in selectors.programme_list():
            active = selectors.rule_set_active(programme=programme)
            table.add_row(
                programme.code,
                programme.name,
                programme.unit,
                f"v{active.version}" if active else "-",
                amount_summary(active.document) if active else "-",
            )
        console.print(table)
        runs = Table(title="Penetapan terakhir")
        for column in ("#", "tanggal acuan", "peringkat", "status", "layak"):
            runs.add_column(column)
        for run in EligibilityRun.objects.order_by("-created_at", "-id")[:10]:
            eligible = sum(int(t.get("eligible", 0)) for t in (run.totals or {}).values())
            runs.add_row(
                str(run.pk), str(run.as_of), f"#{run.ranking_id}", run.status, f"{eligible:,}"
            )
        console.print(runs)


def _totals(run: EligibilityRun) -> Table:
    table = Table(title=f"Penetapan #{run.pk} selesai")
    for column in ("program", "dinilai", "layak", "anggaran per tahun"):
        table.add_column(column, justify="left" if column == "program" else "right")
    for code, t in sorted(run.totals.items()):
        table.add_row(code, f"{t['units']:,}", f"{t['eligible']:,}", rupiah(t["budget"]))
    return table
