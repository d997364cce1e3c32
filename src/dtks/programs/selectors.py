"""Reads of programmes, rule versions, minimum wages and eligibility runs, and who may do what.

Programmes, rules, wages and runs carry no personal data: every role with a registry scope sees
them; run totals are counted within the user's region scope (``dtks.accounts.scope``). Only
pusdatin (and superusers) edit rules and wages and start runs; beneficiary lists are
downloaded by the social offices and pusdatin (``LIST_DOWNLOADERS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.accounts.scope import region_scope
from dtks.programs.models import (
    EligibilityDecision,
    EligibilityRun,
    MinimumWage,
    Programme,
    RuleSet,
    RunStatus,
)

# Bulk personal data leaves the system through the offices that hand lists to the programmes;
# village operators and QA read the lists on screen within their scope.
LIST_DOWNLOADERS = frozenset({Role.DINSOS_KABKOTA, Role.DINSOS_PROVINSI, Role.PUSDATIN})


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_edit_programmes(*, user: User) -> bool:
    """Edit rules and minimum wages, start eligibility runs: pusdatin and superusers."""
    return _active(user) and (user.is_superuser or user.role == Role.PUSDATIN)


def can_view_programmes(*, user: User) -> bool:
    return _active(user) and not region_scope(user=user).nothing


def can_download_lists(*, user: User) -> bool:
    return can_view_programmes(user=user) and (user.is_superuser or user.role in LIST_DOWNLOADERS)


# --- Programmes and rules ------------------------------------------------------------------


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.order_by("code")


def programme_get(*, code: str) -> Programme | None:
    return Programme.objects.filter(code=code).first()


def rule_set_list(*, programme: Programme) -> QuerySet[RuleSet]:
    return RuleSet.objects.filter(programme=programme).select_related("programme", "created_by")


def rule_set_get(*, rule_set_id: int) -> RuleSet | None:
    return RuleSet.objects.select_related("programme", "created_by").filter(pk=rule_set_id).first()


def rule_set_active(*, programme: Programme) -> RuleSet | None:
    """The version a run uses: the newest active one."""
    return rule_set_list(programme=programme).filter(is_active=True).order_by("-version").first()


def rule_sets_active() -> list[RuleSet]:
    """The version each programme's runs use now (programmes without one are left out)."""
    found = []
    for programme in programme_list():
        rule_set = rule_set_active(programme=programme)
        if rule_set is not None:
            found.append(rule_set)
    return found


# --- Minimum wages -------------------------------------------------------------------------


def minimum_wage_list() -> QuerySet[MinimumWage]:
    return MinimumWage.objects.select_related("updated_by").order_by("kode_wilayah", "-year")


def minimum_wages_for(*, as_of: date) -> dict[str, int]:
    """Per region code, the wage of the latest year not after ``as_of`` (else the earliest)."""
    chosen: dict[str, tuple[int, int]] = {}
    for wage in MinimumWage.objects.order_by("kode_wilayah", "year"):
        year_now = chosen.get(wage.kode_wilayah)
        if year_now is None or wage.year <= as_of.year:
            chosen[wage.kode_wilayah] = (wage.year, int(wage.amount))
    return {code: amount for code, (_, amount) in chosen.items()}


# --- Runs ----------------------------------------------------------------------------------


def run_list(*, user: User) -> QuerySet[EligibilityRun]:
    runs = EligibilityRun.objects.select_related("job", "ranking", "created_by")
    return runs if can_view_programmes(user=user) else runs.none()


def run_get(*, user: User, run_id: int) -> EligibilityRun | None:
    return run_list(user=user).filter(pk=run_id).first()


def run_latest_done(*, user: User) -> EligibilityRun | None:
    return run_list(user=user).filter(status=RunStatus.DONE).first()


def run_busy() -> EligibilityRun | None:
    return (
        EligibilityRun.objects.filter(status__in=[RunStatus.PENDING, RunStatus.RUNNING])
        .order_by("-created_at")
        .first()
    )


def run_earlier_done(*, user: User, run: EligibilityRun) -> QuerySet[EligibilityRun]:
    """Finished runs before ``run``, newest first (what a diff compares with)."""
    return run_list(user=user).filter(status=RunStatus.DONE, pk__lt=run.pk)


def decisions_scoped(*, user: User, run: EligibilityRun) -> QuerySet[EligibilityDecision]:
    """The run's decisions on units living in the user's scope."""
    scope = region_scope(user=user)
    return EligibilityDecision.objects.filter(scope.village_filter("kode_wilayah"), run=run)


@dataclass(frozen=True)
class ProgrammeTotals:
    programme: str
    name: str
    unit: str
    units: int  # units considered
    eligible: int
    budget: int  # rupiah per year


def run_totals(*, user: User, run: EligibilityRun) -> list[ProgrammeTotals]:
    """Units considered, eligible and budget per programme, within the user's scope (the
    stored totals for national users)."""
    names = {p.code: p for p in programme_list()}
    if region_scope(user=user).everything and run.totals:
        counts = {
            code: (int(t["units"]), int(t["eligible"]), int(t["budget"]))
            for code, t in run.totals.items()
        }
    else:
        rows = (
            decisions_scoped(user=user, run=run)
            .values("programme")
            .annotate(
                n_units=Count("id"),
                n_eligible=Count("id", filter=Q(eligible=True)),
                n_budget=Sum("amount", filter=Q(eligible=True)),
            )
            .order_by()
        )
        counts = {
            str(r["programme"]): (int(r["n_units"]), int(r["n_eligible"]), int(r["n_budget"] or 0))
            for r in rows
        }
        for code in run.totals or {}:
            counts.setdefault(code, (0, 0, 0))
    result = []
    for code in sorted(counts):
        programme = names.get(code)
        units, eligible, budget = counts[code]
        result.append(
            ProgrammeTotals(
                programme=code,
                name=programme.name if programme else code,
                unit=programme.get_unit_display() if programme else "",
                units=units,
                eligible=eligible,
                budget=budget,
            )
        )
    return result
