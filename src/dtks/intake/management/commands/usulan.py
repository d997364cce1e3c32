"""``dtks usulan import --user OPERATOR FILE...``: a village's proposals from files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtks.accounts.models import User
from dtks.intake.proposal_import import ProposalImportError, proposal_import
from dtks.intake.proposals import ProposalPermissionError
from dtks.pipeline.intake import FileRejected


class Command(BaseCommand):
    help = "Usulan desa dari berkas: `dtks usulan import --user OPERATOR FILE...`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="create a draft proposal from files")
        importing.add_argument("files", nargs="+", type=Path)
        importing.add_argument("--user", required=True, help="the village operator's username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {options['user']!r} tidak ada atau tidak aktif")
        try:
            imported = proposal_import(user=user, paths=options["files"])
        except FileRejected as error:
            raise CommandError(f"[{error.code}] {error.message}") from error
        except (ProposalImportError, ProposalPermissionError) as error:
            raise CommandError(f"Usulan tidak dibuat:\n{error}") from error
        self.stdout.write(
            f"Usulan #{imported.proposal.pk} (draf) dibuat untuk {imported.proposal.village_id}: "
            f"{imported.households} rumah tangga, {imported.members} anggota. Catat musdes dan "
            "ajukan di halaman usulan."
        )
