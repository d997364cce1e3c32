"""A village's proposals from files: interchange files become one draft usulan.

For villages that gather proposals offline in a spreadsheet (``dtks usulan import``). The
files go through the same bulk validation as any import (``dtks.pipeline.intake``), then
every household through the same service as the web form (``proposed_household_save``), all
in one transaction: any rejected row or refused household means nothing is created, and the
error says which file, row, column or household.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
from django.db import transaction
from django.utils.translation import gettext as _

from dtks.accounts.models import User
from dtks.intake.models import Proposal
from dtks.intake.proposals import (
    HOUSING_FIELDS,
    ProposalPermissionError,
    can_draft,
    proposal_create,
    proposed_household_save,
)
from dtks.pipeline.intake import validate_import
from dtks.pipeline.interchange import MEMBER_CODED_COLUMNS
from dtks.registry.services import MemberInput, RegistryValidationError

_IDENTITY = ("nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir")


class ProposalImportError(ValueError):
    """The files cannot become a proposal; ``problems`` says where. Nothing was created."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class ProposalImported:
    proposal: Proposal
    households: int
    members: int


def proposal_import(*, user: User, paths: Sequence[Path]) -> ProposalImported:
    """Create a draft proposal of ``user``'s village from person, member and household files."""
    if not can_draft(user=user):
        raise ProposalPermissionError(_("Hanya operator desa yang dapat membuat usulan."))
    with tempfile.TemporaryDirectory(prefix="usulan-") as work:
        result = validate_import(files=paths, source="USULAN", work_dir=Path(work))
        if result.households_valid is None or result.members_valid is None:
            raise ProposalImportError(
                ["Usulan memerlukan tiga berkas: individu, anggota rumah tangga dan rumah tangga"]
            )
        rejected = pq.read_table(result.quarantine).to_pylist()
        if rejected:
            raise ProposalImportError(
                [f"{r['file_name']} baris {r['row_number']}: {r['messages']}" for r in rejected]
            )
        households = pq.read_table(result.households_valid).to_pylist()
        people = pq.read_table(result.persons_valid).to_pylist()
        members = {r["record_id"]: r for r in pq.read_table(result.members_valid).to_pylist()}
    wrong_village = [
        f"rumah tangga {h['household_ref']}: desa {h['kode_wilayah']} bukan desa Anda "
        f"({user.region_id})"
        for h in households
        if h["kode_wilayah"] != user.region_id
    ]
    if wrong_village:
        raise ProposalImportError(wrong_village)
    by_household: dict[str, list[MemberInput]] = defaultdict(list)
    for person in people:
        member = members.get(person["record_id"], {})
        by_household[person["household_ref"]].append(
            MemberInput(
                person_ref="",
                **{name: person[name] for name in _IDENTITY},
                nama_ibu_kandung=person["nama_ibu_kandung"] or "",
                **{name: member.get(name) for name in MEMBER_CODED_COLUMNS},
            )
        )
    problems: list[str] = []
    with transaction.atomic():
        proposal = proposal_create(user=user)
        for household in households:
            ref = household["household_ref"]
            try:
                proposed_household_save(
                    user=user,
                    proposal=proposal,
                    housing={name: household.get(name) for name in HOUSING_FIELDS},
                    address={k: household[k] or "" for k in ("alamat", "rt", "rw")},
                    members=by_household.get(ref, []),
                )
            except RegistryValidationError as error:
                problems += [f"rumah tangga {ref}, {p.where}: {p.message}" for p in error.problems]
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ProposalImportError(problems)
    return ProposalImported(
        proposal=proposal,
        households=len(households),
        members=sum(len(by_household.get(h["household_ref"], [])) for h in households),
    )
