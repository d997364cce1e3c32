"""Reads of village proposals (usulan). Every function applies the user's proposal scope.

Who sees what: an operator desa sees every proposal of their own village (drafts included);
the Dinas Sosial of a kab/kota sees the submitted (and later) proposals of its villages;
Pusdatin (and superusers) see every submitted proposal; everyone else sees nothing. A draft is
never visible outside its village.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.accounts.scope import region_scope
from dtks.audit.models import AuditEvent
from dtks.intake.models import Proposal, ProposalStatus, ProposedHousehold, ProposedMember
from dtks.registry.models import Person

PROPOSAL_ROLES = frozenset({Role.OPERATOR_DESA, Role.DINSOS_KABKOTA, Role.PUSDATIN})


def _visible(*, user: User) -> Q | None:
    """The filter of proposals ``user`` may read, or None for no access at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    not_draft = ~Q(status=ProposalStatus.DRAFT)
    if user.is_superuser or user.role == Role.PUSDATIN:
        return not_draft
    if user.role not in PROPOSAL_ROLES:
        return None
    scope = region_scope(user=user)
    if scope.nothing:
        return None
    in_region = scope.village_filter("village__code")
    if user.role == Role.OPERATOR_DESA:
        return in_region
    return in_region & not_draft


def can_read_proposals(*, user: User) -> bool:
    """May ``user`` open the proposal pages at all (else 403)?"""
    return _visible(user=user) is not None


def _scoped(*, user: User) -> QuerySet[Proposal]:
    visible = _visible(user=user)
    if visible is None:
        return Proposal.objects.none()
    return Proposal.objects.filter(visible)


def proposal_list(*, user: User, status: str = "") -> QuerySet[Proposal]:
    """Proposals the user may see, newest first, with household and member counts."""
    proposals = _scoped(user=user)
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    return (
        proposals.select_related("village", "village__parent", "created_by")
        .annotate(
            n_households=Count("households", distinct=True),
            n_members=Count("households__members", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def proposal_get(*, user: User, proposal_id: int) -> Proposal | None:
    """One proposal, or None when absent or out of the user's scope."""
    return (
        _scoped(user=user)
        .select_related("village__parent__parent__parent", "created_by", "submitted_by")
        .filter(pk=proposal_id)
        .first()
    )


def proposal_households(*, proposal: Proposal) -> list[ProposedHousehold]:
    """The households of a proposal the caller already got through ``proposal_get``."""
    members = ProposedMember.objects.order_by("hubungan", "tanggal_lahir", "id")
    return list(
        proposal.households.prefetch_related(Prefetch("members", queryset=members)).order_by("id")
    )


def proposed_household_get(*, proposal: Proposal, household_id: int) -> ProposedHousehold | None:
    """A household of ``proposal`` (already scoped), or None."""
    members = ProposedMember.objects.order_by("hubungan", "tanggal_lahir", "id")
    return (
        proposal.households.prefetch_related(Prefetch("members", queryset=members))
        .filter(pk=household_id)
        .first()
    )


def proposal_audit(*, proposal: Proposal) -> QuerySet[AuditEvent]:
    """The audit trail of a proposal the caller already got through ``proposal_get``."""
    return AuditEvent.objects.filter(
        object_type=Proposal._meta.label_lower, object_id=str(proposal.pk)
    ).order_by("-at", "-id")


@dataclass(frozen=True)
class RegisterMatch:
    """A proposed NIK that is already in the register. Where it is registered is told only
    when that village is inside the viewer's scope."""

    nik: str
    same_village: bool
    household_id: int | None = None  # None: outside the viewer's scope
    village_name: str = ""

    @property
    def visible(self) -> bool:
        return self.household_id is not None


def register_matches(
    *, user: User, village_code: str, niks: Iterable[str | None]
) -> dict[str, RegisterMatch]:
    """NIKs among ``niks`` already held by a registered person, keyed by NIK (flags only:
    a proposal may still name them)."""
    wanted = {nik for nik in niks if nik}
    if not wanted:
        return {}
    scope = region_scope(user=user)
    found: dict[str, RegisterMatch] = {}
    people = Person.objects.filter(nik__in=wanted).values_list(
        "nik", "household_id", "household__village_id", "household__village__name"
    )
    for nik, household_id, village_id, village_name in people.order_by("id"):
        if nik is None or nik in found:
            continue
        same = village_id == village_code
        if scope.covers(village_id):
            found[nik] = RegisterMatch(nik, same, household_id, village_name)
        else:
            found[nik] = RegisterMatch(nik, same)
    return found
