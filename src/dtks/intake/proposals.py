"""Usulan: writes to village proposals (draft -> submitted), each one audited.

An operator desa drafts proposals for their own village only: households with their members
(validated by the same rules as the register, ``dtks.registry.services``), the village meeting
(musdes/muskel) with its signed minutes, then submits the batch to the kab/kota. A submitted
proposal is read-only. Every write records an ``AuditEvent`` on the proposal, naming who did it
and which fields changed (``anggota#<id>.<field>`` for members, ``ruta#<id>.<field>`` for
households). Audit summaries are data, written in the source language (Indonesian) whatever
the actor's interface language; the pages label the actions in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.audit.services import audit_record, field_changes
from dtks.domain import codes
from dtks.intake.minutes import (
    MinutesRefusedError,
    StoredMinutes,
    check_minutes,
    delete_minutes,
    store_minutes,
)
from dtks.intake.models import Proposal, ProposalStatus, ProposedHousehold, ProposedMember
from dtks.intake.proposal_rules import musdes_problems, proposed_household_problems
from dtks.registry.services import MemberInput, Problem, RegistryValidationError
from dtks.registry.variables import HouseholdVariables

HOUSING_FIELDS: tuple[str, ...] = tuple(
    f.name for f in HouseholdVariables._meta.get_fields() if getattr(f, "concrete", False)
)
MEMBER_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(MemberInput) if f.name not in {"person_ref", "extra"}
)


class ProposalPermissionError(PermissionError):
    """The user may not change this proposal (role, village)."""


class ProposalStateError(ValueError):
    """The proposal is not in a state that allows this (e.g. already submitted)."""


# --- Who may do what --------------------------------------------------------------------


def can_draft(*, user: User) -> bool:
    """An active operator desa tied to a village (the only role that drafts proposals)."""
    return (
        user.is_active
        and user.role == Role.OPERATOR_DESA
        and user.region_id is not None
        and len(user.region_id) == 13
    )


def can_edit(*, user: User, proposal: Proposal) -> bool:
    return (
        can_draft(user=user)
        and proposal.village_id == user.region_id
        and proposal.status == ProposalStatus.DRAFT
    )


@contextmanager
def _editing(*, user: User, proposal: Proposal) -> Iterator[Proposal]:
    """A transaction holding the proposal row locked, after checking it may still change."""
    if not can_draft(user=user) or proposal.village_id != user.region_id:
        raise ProposalPermissionError(_("Hanya operator desa ini yang dapat mengubah usulan."))
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.DRAFT:
            raise ProposalStateError(_("Usulan ini sudah diajukan dan tidak dapat diubah lagi."))
        yield locked


# --- Proposal ---------------------------------------------------------------------------


def proposal_create(*, user: User) -> Proposal:
    """A new, empty draft for the operator's village."""
    if not can_draft(user=user):
        raise ProposalPermissionError(_("Hanya operator desa yang dapat membuat usulan."))
    with transaction.atomic():
        proposal = Proposal.objects.create(village_id=str(user.region_id), created_by=user)
        audit_record(
            actor=user,
            action="proposal.create",
            obj=proposal,
            summary="Usulan dibuat",
            changes=field_changes({}, {"village": proposal.village_id, "status": proposal.status}),
        )
    return proposal


def proposal_delete(*, user: User, proposal: Proposal) -> None:
    """Delete a draft with its households; its minutes file goes after the commit."""
    with _editing(user=user, proposal=proposal) as locked:
        households = locked.households.count()
        audit_record(
            actor=user,
            action="proposal.delete",
            obj=locked,
            summary=f"Usulan dihapus ({households} rumah tangga)",
            changes=field_changes({"status": locked.status}, {"status": None}),
        )
        path = locked.minutes_path
        locked.delete()
        if path:
            transaction.on_commit(lambda: delete_minutes(path))


def proposal_submit(*, user: User, proposal: Proposal) -> Proposal:
    """Submit a complete draft (at least one household, the musdes recorded) to the kab/kota."""
    with _editing(user=user, proposal=proposal) as locked:
        missing = []
        if not locked.households.exists():
            missing.append(_("belum ada rumah tangga yang diusulkan"))
        if not (locked.musdes_date and locked.musdes_attendance and locked.minutes_path):
            missing.append(_("musdes/muskel dan berita acaranya belum dicatat"))
        if missing:
            raise ProposalStateError(
                _("Usulan belum dapat diajukan: %(why)s.") % {"why": "; ".join(missing)}
            )
        before = {"status": locked.status, "submitted_at": None}
        locked.status = ProposalStatus.SUBMITTED
        locked.submitted_by = user
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_by", "submitted_at"])
        audit_record(
            actor=user,
            action="proposal.submit",
            obj=locked,
            summary="Usulan diajukan ke kabupaten/kota",
            changes=field_changes(
                before, {"status": locked.status, "submitted_at": locked.submitted_at}
            ),
        )
    return locked


# --- Musdes / muskel --------------------------------------------------------------------


def proposal_musdes_record(
    *,
    user: User,
    proposal: Proposal,
    musdes_date: date | None,
    attendance: int | None,
    minutes: UploadedFile | None,
    today: date | None = None,
) -> Proposal:
    """Record (or correct) the meeting. ``minutes`` is required when none is stored yet; a new
    file replaces the old one, which is deleted once the change is committed. Raises
    RegistryValidationError with every problem (then nothing is stored, on disk or in the
    database)."""
    stored: StoredMinutes | None = None
    try:
        with _editing(user=user, proposal=proposal) as locked:
            problems = musdes_problems(musdes_date=musdes_date, attendance=attendance, today=today)
            if minutes is not None:
                try:
                    check_minutes(minutes)
                except MinutesRefusedError as refused:
                    problems.append(Problem("minutes", refused.code, refused.message))
            elif not locked.minutes_path:
                problems.append(
                    Problem(
                        "minutes",
                        "berita_acara_kosong",
                        _("Unggah berita acara yang sudah ditandatangani."),
                    )
                )
            if problems:
                raise RegistryValidationError(problems)
            if minutes is not None:
                try:
                    stored = store_minutes(minutes)
                except MinutesRefusedError as refused:
                    raise RegistryValidationError(
                        [Problem("minutes", refused.code, refused.message)]
                    ) from refused
            before = _musdes_values(locked)
            old_path = locked.minutes_path
            locked.musdes_date = musdes_date
            locked.musdes_attendance = attendance
            if stored is not None:
                locked.minutes_path = stored.path
                locked.minutes_name = stored.name
                locked.minutes_content_type = stored.content_type
                locked.minutes_sha256 = stored.sha256
            locked.save()
            changes = field_changes(before, _musdes_values(locked))
            if changes:
                audit_record(
                    actor=user,
                    action="proposal.musdes",
                    obj=locked,
                    summary="Musdes/muskel dicatat",
                    changes=changes,
                )
            if stored is not None and old_path:
                transaction.on_commit(lambda: delete_minutes(old_path))
    except BaseException:
        if stored is not None:
            delete_minutes(stored.path)
        raise
    return locked


def _musdes_values(proposal: Proposal) -> dict[str, object]:
    return {
        "musdes_date": proposal.musdes_date,
        "musdes_attendance": proposal.musdes_attendance,
        "minutes_name": proposal.minutes_name,
        "minutes_sha256": proposal.minutes_sha256,
    }


# --- Proposed households ----------------------------------------------------------------


def _address(address: Mapping[str, str]) -> dict[str, str]:
    def padded(value: str) -> str:
        return value.strip().zfill(3) if value.strip() else ""

    return {
        "alamat": str(address.get("alamat", "")).strip(),
        "rt": padded(str(address.get("rt", ""))),
        "rw": padded(str(address.get("rw", ""))),
    }


def _member_values(member: MemberInput) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(member, name) for name in MEMBER_FIELDS}
    values["nama"] = member.nama.strip()
    values["no_kk"] = member.no_kk or ""
    values["tempat_lahir"] = member.tempat_lahir.strip()
    values["nama_ibu_kandung"] = member.nama_ibu_kandung.strip()
    return values


def _created(values: Mapping[str, object]) -> dict[str, list[object]]:
    """``{field: [None, value]}`` for the fields given a value."""
    return field_changes({}, {k: v for k, v in values.items() if v not in (None, "")})


def _values(obj: Model, names: Sequence[str]) -> dict[str, object]:
    return {name: getattr(obj, name) for name in names}


def _prefixed(prefix: str, changes: Mapping[str, object]) -> dict[str, object]:
    return {f"{prefix}.{name}": change for name, change in changes.items()}


def _head_name(members: Sequence[MemberInput]) -> str:
    return next((m.nama.strip() for m in members if m.hubungan == codes.HEAD), "")


def proposed_household_save(
    *,
    user: User,
    proposal: Proposal,
    housing: Mapping[str, object],
    address: Mapping[str, str],
    members: Sequence[MemberInput],
    household: ProposedHousehold | None = None,
    reference_date: date | None = None,
) -> ProposedHousehold:
    """Create (``household=None``) or replace a proposed household and its members.

    ``members`` is the complete new list: a member's ``person_ref`` is the id of the
    ``ProposedMember`` it updates, or ``""`` for a new one; members left out are deleted.
    Raises RegistryValidationError with every problem found (nothing is written then).
    """
    if household is not None and household.proposal_id != proposal.pk:
        raise ProposalPermissionError(_("Rumah tangga ini bukan bagian dari usulan ini."))
    housing = {name: housing.get(name) for name in HOUSING_FIELDS}
    with _editing(user=user, proposal=proposal) as locked:
        problems = proposed_household_problems(
            proposal=locked,
            housing=housing,
            address=address,
            members=members,
            household_id=household.pk if household else None,
            reference_date=reference_date,
        )
        if problems:
            raise RegistryValidationError(problems)
        values = {**housing, **_address(address)}
        changes: dict[str, object]
        if household is None:
            household = ProposedHousehold.objects.create(proposal=locked, **values)
            changes = _prefixed(f"ruta#{household.pk}", _created(values))
            action, verb = "proposal.household.create", "ditambahkan"
        else:
            household = ProposedHousehold.objects.select_for_update().get(
                pk=household.pk, proposal=locked
            )
            before = _values(household, list(values))
            for name, value in values.items():
                setattr(household, name, value)
            household.save()
            changes = _prefixed(f"ruta#{household.pk}", field_changes(before, values))
            action, verb = "proposal.household.update", "diubah"
        changes.update(_save_members(household, members))
        if changes or action.endswith("create"):
            audit_record(
                actor=user,
                action=action,
                obj=locked,
                summary=f"Rumah tangga #{household.pk} ({_head_name(members)}) {verb}",
                changes=changes,
            )
    return household


def _save_members(
    household: ProposedHousehold, members: Sequence[MemberInput]
) -> dict[str, object]:
    existing = {str(m.pk): m for m in household.members.all()}
    kept = {m.person_ref for m in members if m.person_ref in existing}
    changes: dict[str, object] = {}
    for ref, gone in existing.items():
        if ref not in kept:
            changes[f"anggota#{ref}.nik"] = [gone.nik, None]
            changes[f"anggota#{ref}.nama"] = [gone.nama, None]
            gone.delete()
    # Two passes keep "exactly one head" true at every statement: a head that becomes a
    # spouse is saved before the spouse that becomes the head.
    ordered = sorted(members, key=lambda m: m.hubungan == codes.HEAD)
    for member in ordered:
        values = _member_values(member)
        row = existing.get(member.person_ref)
        if row is None:
            row = ProposedMember.objects.create(household=household, **values)
            changes.update(_prefixed(f"anggota#{row.pk}", _created(values)))
            continue
        before = _values(row, list(values))
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        changes.update(_prefixed(f"anggota#{row.pk}", field_changes(before, values)))
    return changes


def proposed_household_delete(*, user: User, household: ProposedHousehold) -> None:
    proposal = household.proposal
    with _editing(user=user, proposal=proposal) as locked:
        household = ProposedHousehold.objects.get(pk=household.pk, proposal=locked)
        members = list(household.members.all())
        head = next((m.nama for m in members if m.hubungan == codes.HEAD), "")
        changes: dict[str, object] = {f"ruta#{household.pk}.alamat": [household.alamat, None]}
        for member in members:
            changes[f"anggota#{member.pk}.nik"] = [member.nik, None]
            changes[f"anggota#{member.pk}.nama"] = [member.nama, None]
        audit_record(
            actor=user,
            action="proposal.household.delete",
            obj=locked,
            summary=f"Rumah tangga #{household.pk} ({head}) dihapus",
            changes=changes,
        )
        household.delete()
