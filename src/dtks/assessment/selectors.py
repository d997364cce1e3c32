"""Reads of PMT models, rankings and household scores.

Models and rankings hold no personal data: every registry reader sees them (the pages), only
Pusdatin changes them (``services_models.can_manage_models``). Scores are personal data: desil
counts cover the households in the user's region scope only, and a household's score is read
only when the user may see that household.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from dtks.accounts.models import User
from dtks.accounts.scope import region_scope
from dtks.assessment.models import HouseholdScore, PmtModel, Ranking, RankingStatus
from dtks.regions.models import CODE_LENGTH, Region
from dtks.regions.selectors import region_get
from dtks.registry.models import Household

DESILS = tuple(range(1, 11))
DTKS_DESIL_MAX = 4  # DTKS = desil 1-4, the poorest 40 %


def can_view_assessment(*, user: User) -> bool:
    """May ``user`` open the assessment pages (any registry scope)?"""
    return not region_scope(user=user).nothing


def current_ranking() -> Ranking | None:
    """The newest finished ("done") ranking: the one programmes and pages use."""
    return (
        Ranking.objects.filter(status=RankingStatus.DONE)
        .select_related("model")
        .order_by("-finished_at", "-id")
        .first()
    )


def pmt_models_list(*, user: User) -> QuerySet[PmtModel]:
    models = PmtModel.objects.select_related("uploaded_by", "approved_by").defer("document")
    return (
        models.order_by("-uploaded_at", "-id") if can_view_assessment(user=user) else models.none()
    )


def pmt_model_get(*, user: User, model_id: int) -> PmtModel | None:
    return (
        PmtModel.objects.select_related("uploaded_by", "approved_by")
        .filter(pk=model_id, pk__in=pmt_models_list(user=user).values("pk"))
        .first()
    )


def approved_models(*, user: User) -> QuerySet[PmtModel]:
    return pmt_models_list(user=user).filter(status="approved")


def rankings_list(*, user: User) -> QuerySet[Ranking]:
    rankings = Ranking.objects.select_related("model", "job", "created_by")
    if not can_view_assessment(user=user):
        return rankings.none()
    return rankings.order_by("-created_at", "-id")


def ranking_get(*, user: User, ranking_id: int) -> Ranking | None:
    return rankings_list(user=user).filter(pk=ranking_id).first()


def household_score_get(
    *, user: User, household: Household, ranking: Ranking | None = None
) -> HouseholdScore | None:
    """``household``'s score in ``ranking`` (default: the current one), if the user may see it."""
    if not region_scope(user=user).covers(household.village_id):
        return None
    ranking = ranking or current_ranking()
    if ranking is None:
        return None
    return (
        HouseholdScore.objects.select_related("ranking__model")
        .filter(ranking=ranking, household_id=household.pk)
        .first()
    )


@dataclass(frozen=True)
class DesilRow:
    region: Region | None  # None: households whose region is not under a known child
    code: str
    counts: tuple[int, ...]  # households per desil 1..10

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def dtks(self) -> int:
        return sum(self.counts[:DTKS_DESIL_MAX])


@dataclass(frozen=True)
class DesilCounts:
    """Households per desil in the user's scope, in total and per child region."""

    ranking: Ranking
    region: Region | None  # the scope's root region (None: national)
    counts: tuple[int, ...]
    rows: list[DesilRow]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def dtks(self) -> int:
        return sum(self.counts[:DTKS_DESIL_MAX])

    def shares(self) -> list[tuple[int, int, float]]:
        """(desil, households, percent of the total) for each desil."""
        total = self.total or 1
        return [(d, n, 100.0 * n / total) for d, n in zip(DESILS, self.counts, strict=True)]


def desil_counts(*, user: User, ranking: Ranking) -> DesilCounts | None:
    """Households of ``ranking`` per desil within the user's scope, by child region of the
    scope's root (provinces for national users, kecamatan for a kab/kota, ...); one grouped
    query. None when the user has no scope."""
    scope = region_scope(user=user)
    if scope.nothing:
        return None
    root = region_get(code=scope.code) if scope.code else None
    level = root.level if root is not None else 0
    width = CODE_LENGTH[min(level + 1, 4)]
    grouped = (
        HouseholdScore.objects.filter(ranking=ranking)
        .filter(scope.village_filter("household__village__code"))
        .annotate(child=Substr("household__village_id", 1, width))
        .values("child", "desil")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_child: dict[str, list[int]] = {}
    for row in grouped:
        by_child.setdefault(row["child"], [0] * 10)[row["desil"] - 1] += row["n"]
    totals = [sum(counts[i] for counts in by_child.values()) for i in range(10)]
    children = {r.code: r for r in Region.objects.filter(code__in=list(by_child))}
    rows = [
        DesilRow(region=children.get(code), code=code, counts=tuple(counts))
        for code, counts in sorted(by_child.items())
    ]
    return DesilCounts(ranking=ranking, region=root, counts=tuple(totals), rows=rows)
