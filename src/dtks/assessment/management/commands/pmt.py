"""``dtks pmt``: stored PMT models and rankings from the command line.

``dtks pmt model add FILE [--user USERNAME] [--name NAME]`` stores a model file as a draft;
``dtks pmt model approve VERSION --user USERNAME`` (a pusdatin account; a version prefix is
enough); ``dtks pmt model list``; ``dtks pmt rank --model MODEL [--engine duckdb|spark]
[--user USERNAME] [--as-of YYYY-MM-DD] [--background]`` ranks the register with MODEL, a stored
version (prefix) or a model file (stored if new; it must be approved). ``dtks pmt fit`` fits a
model from a survey and runs without the database (``dtks.pipeline.pmt.cli``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from dtks.accounts.models import User
from dtks.assessment.models import PmtModel, PmtModelStatus, RankingStatus
from dtks.assessment.selectors import DESILS
from dtks.assessment.services_models import (
    PmtModelPermissionError,
    PmtModelRefusedError,
    pmt_model_approve,
    pmt_model_find,
    pmt_model_store,
)
from dtks.assessment.services_ranking import (
    RankingRefusedError,
    ranking_create,
    ranking_enqueue,
    ranking_execute,
)
from dtks.jobs.console import job_progress_bar
from dtks.pipeline.sql_engines import ENGINE_NAMES

_REFUSALS = (PmtModelRefusedError, PmtModelPermissionError, RankingRefusedError)


class Command(BaseCommand):
    help = "Model PMT tersimpan dan pemeringkatan registri (dtks pmt fit: melatih model)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        model = actions.add_parser("model", help="stored PMT models")
        model_actions = model.add_subparsers(dest="model_action", required=True)
        add = model_actions.add_parser("add", help="store a model file as a draft")
        add.add_argument("file", type=Path)
        add.add_argument("--user", help="who uploads (default: the command line)")
        add.add_argument("--name", default="", help="a name shown in the model list")
        approve = model_actions.add_parser("approve", help="approve a stored model (pusdatin)")
        approve.add_argument("version", help="the model's version or its first characters")
        approve.add_argument("--user", required=True, help="a pusdatin account")
        model_actions.add_parser("list", help="list the stored models")
        rank = actions.add_parser("rank", help="rank the register with an approved model")
        rank.add_argument("--model", required=True, help="stored version (prefix) or file")
        rank.add_argument("--engine", choices=ENGINE_NAMES, default="duckdb")
        rank.add_argument("--user", help="a pusdatin account (default: the command line)")
        rank.add_argument("--as-of", type=date.fromisoformat, help="age reference date")
        rank.add_argument(
            "--background", action="store_true", help="queue for `dtks db_worker` and return"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        try:
            if options["action"] == "rank":
                self._rank(console, options)
            elif options["model_action"] == "add":
                self._add(console, options)
            elif options["model_action"] == "approve":
                model = pmt_model_find(reference=options["version"])
                approver = _user(options["user"])
                if approver is None:
                    raise CommandError("Sebutkan akun Pusdatin yang menyetujui: --user NAMA")
                model = pmt_model_approve(model=model, user=approver)
                console.print(f"Model {model.version} disetujui.")
            else:
                console.print(_model_table())
        except _REFUSALS as error:
            raise CommandError(str(error)) from error

    def _add(self, console: Console, options: dict[str, Any]) -> None:
        model = _store(options["file"], name=options["name"], user=_user(options["user"]))
        console.print(
            f"Model {model.kind} {model.version} tersimpan ({model.get_status_display()})."
        )
        if model.status == PmtModelStatus.DRAFT:
            console.print(_how_to_approve(model))

    def _rank(self, console: Console, options: dict[str, Any]) -> None:
        user = _user(options["user"])
        reference = options["model"]
        path = Path(reference)
        if path.suffix.lower() == ".json" or path.is_file():
            model = _store(path, name="", user=user)
        else:
            model = pmt_model_find(reference=reference)
        if model.status != PmtModelStatus.APPROVED:
            raise CommandError(
                f"Model {model.short_version} berstatus {model.get_status_display()}: hanya model "
                f"yang disetujui yang dapat memeringkat. {_how_to_approve(model)}"
            )
        ranking = ranking_create(
            model=model, user=user, engine=options["engine"], as_of=options["as_of"]
        )
        if options["background"]:
            ranking_enqueue(ranking=ranking)
            console.print(f"Pemeringkatan #{ranking.pk} masuk antrean; jalankan `dtks db_worker`.")
            return
        with job_progress_bar(console, f"Pemeringkatan #{ranking.pk}") as show:
            ranking = ranking_execute(ranking_id=ranking.pk, listener=show)
        if ranking.status != RankingStatus.DONE:
            raise CommandError(f"Pemeringkatan #{ranking.pk} gagal: {ranking.error}")
        console.print(_ranking_table(ranking.pk, ranking.households))


def _user(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Pengguna {username!r} tidak ada.")
    return user


def _store(path: Path, *, name: str, user: User | None) -> PmtModel:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: berkas model tidak ada") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: berkas model tidak dapat dibaca ({error})") from None
    try:
        return pmt_model_store(document_text=text, name=name or path.stem, user=user)
    except PmtModelRefusedError as error:
        raise CommandError(f"{path}: {error}") from error


def _how_to_approve(model: PmtModel) -> str:
    return (
        "Setujui dengan akun Pusdatin: "
        f"dtks pmt model approve {model.short_version} --user NAMA_PENGGUNA"
    )


def _model_table() -> Table:
    table = Table(title="Model PMT tersimpan")
    for column in ("versi", "jenis", "nama", "status", "diunggah", "disetujui oleh"):
        table.add_column(column)
    for model in PmtModel.objects.select_related("approved_by").order_by("-uploaded_at"):
        table.add_row(
            model.short_version,
            model.kind,
            model.name,
            model.get_status_display(),
            f"{model.uploaded_at:%Y-%m-%d %H:%M}",
            model.approved_by.username if model.approved_by else "-",
        )
    return table


def _ranking_table(ranking_id: int, households: int) -> Table:
    from django.db.models import Count

    from dtks.assessment.models import HouseholdScore

    counts = dict(
        HouseholdScore.objects.filter(ranking_id=ranking_id)
        .values_list("desil")
        .annotate(n=Count("id"))
        .values_list("desil", "n")
    )
    table = Table(title=f"Pemeringkatan #{ranking_id} selesai: {households:,} rumah tangga")
    table.add_column("desil")
    table.add_column("rumah tangga", justify="right")
    for desil in DESILS:
        table.add_row(str(desil), f"{counts.get(desil, 0):,}")
    return table
