"""Reads of decisions (personal data), always within the user's region scope: beneficiary lists
per run and programme, a household's decisions, and the difference between two runs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from dtks.accounts.models import User
from dtks.programs.models import EligibilityDecision, EligibilityRun
from dtks.programs.selectors import decisions_scoped, run_latest_done
from dtks.registry.models import Household

DECISION_CHOICES = ("layak", "tidak", "semua")


@dataclass(frozen=True)
class BeneficiaryFilters:
    """What a beneficiary list may be narrowed by; empty values do not filter."""

    region_code: str = ""  # any level, dotted
    query: str = ""  # a name, a NIK or a KK number (or their start)
    decision: str = "layak"  # layak (eligible only), tidak, semua


def _within(code: str) -> Q:
    code = code.strip()
    return Q(kode_wilayah=code) | Q(kode_wilayah__startswith=code + ".")


def _matching(query: str) -> Q:
    digits = query.replace(" ", "")
    if digits.isdigit():
        return Q(nik__startswith=digits) | Q(no_kk__startswith=digits)
    return Q(nama__icontains=query) | Q(household_ref=query) | Q(unit_ref=query)


def beneficiary_list(
    *,
    user: User,
    run: EligibilityRun,
    programme: str,
    filters: BeneficiaryFilters | None = None,
) -> QuerySet[EligibilityDecision]:
    """The run's decisions of ``programme`` in the user's scope (eligible only by default),
    poorest first."""
    filters = filters or BeneficiaryFilters()
    decisions = decisions_scoped(user=user, run=run).filter(programme=programme)
    if filters.decision == "layak":
        decisions = decisions.filter(eligible=True)
    elif filters.decision == "tidak":
        decisions = decisions.filter(eligible=False)
    if filters.region_code.strip():
        decisions = decisions.filter(_within(filters.region_code))
    if filters.query.strip():
        decisions = decisions.filter(_matching(filters.query.strip()))
    return decisions.order_by(F("welfare").asc(nulls_last=True), "unit_ref")


@dataclass(frozen=True)
class HouseholdEligibility:
    run: EligibilityRun
    decisions: list[EligibilityDecision]  # by programme, then unit_ref


def household_decisions(*, user: User, household: Household) -> HouseholdEligibility | None:
    """The household's decisions in the latest finished run (None when there is none, or the
    household lies outside the user's scope)."""
    run = run_latest_done(user=user)
    if run is None:
        return None
    decisions = list(
        decisions_scoped(user=user, run=run)
        .filter(household_id=household.pk, household_ref=household.household_ref)
        .order_by("programme", "unit", "unit_ref")
    )
    if not decisions:
        return None
    return HouseholdEligibility(run=run, decisions=decisions)


@dataclass(frozen=True)
class RunDiff:
    """Between an earlier run and a later one, for one programme, in the user's scope."""

    added: QuerySet[EligibilityDecision]  # eligible now, not before
    removed: QuerySet[EligibilityDecision]  # eligible before, not now; now_reasons annotated
    changed: QuerySet[EligibilityDecision]  # eligible in both, amount differs; old_amount


def run_diff(
    *, user: User, run: EligibilityRun, earlier: EligibilityRun, programme: str
) -> RunDiff:
    """Who was added, removed (with the reasons now) and whose amount changed."""
    now = decisions_scoped(user=user, run=run).filter(programme=programme)
    before = decisions_scoped(user=user, run=earlier).filter(programme=programme)
    eligible_before = before.filter(eligible=True, unit_ref=OuterRef("unit_ref"))
    eligible_now = now.filter(eligible=True, unit_ref=OuterRef("unit_ref"))
    added = (
        now.filter(eligible=True)
        .exclude(Exists(eligible_before))
        .order_by("kode_wilayah", "unit_ref")
    )
    current = now.filter(unit_ref=OuterRef("unit_ref"))
    removed = (
        before.filter(eligible=True)
        .exclude(Exists(eligible_now))
        .annotate(
            now_reasons=Subquery(current.values("reasons")[:1]),
            now_present=Exists(current),
        )
        .order_by("kode_wilayah", "unit_ref")
    )
    changed = (
        now.filter(eligible=True)
        .annotate(old_amount=Subquery(eligible_before.values("amount")[:1]))
        .filter(old_amount__isnull=False)
        .exclude(amount=F("old_amount"))
        .order_by("kode_wilayah", "unit_ref")
    )
    return RunDiff(added=added, removed=removed, changed=changed)
