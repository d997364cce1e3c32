"""Reads of the clerical review queue. Every function that returns people applies region scope.

Who sees a pair: a reviewer (``IDENTITY_REVIEWERS``: Dinas Sosial kab/kota, Pusdatin; and
superusers) whose region scope holds the villages of *both* records. A pair that straddles two
kab/kota is therefore reviewed by Pusdatin. Everyone else sees no pair at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Abs

from dtks.accounts.models import User
from dtks.accounts.roles import IDENTITY_REVIEWERS
from dtks.accounts.scope import region_scope
from dtks.identity.models import ReviewDecision, ReviewPair
from dtks.pipeline.linkage.result import DECISIONS_SCHEMA
from dtks.regions.models import Region

# Queue orders: the most uncertain pair first (probability closest to 0.5), or by match weight.
ORDER_UNCERTAIN = "ragu"
ORDER_WEIGHT_HIGH = "bobot_tinggi"
ORDER_WEIGHT_LOW = "bobot_rendah"
QUEUE_ORDERS = (ORDER_UNCERTAIN, ORDER_WEIGHT_HIGH, ORDER_WEIGHT_LOW)

_RECORD_JOINS = (
    "link_run",
    "source_person_l__batch",
    "source_person_l__village__parent",
    "source_person_r__batch",
    "source_person_r__village__parent",
)


def can_review_identity(*, user: User) -> bool:
    """May ``user`` open the review queue and decide pairs (else 403)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if not (user.is_superuser or user.role in IDENTITY_REVIEWERS):
        return False
    return not region_scope(user=user).nothing


def _in_scope(*, user: User, prefix: str = "") -> Q | None:
    """Both records of a pair (or decision) lie in the user's scope; None: no access."""
    if not can_review_identity(user=user):
        return None
    scope = region_scope(user=user)
    return scope.village_filter(f"{prefix}source_person_l__village__code") & scope.village_filter(
        f"{prefix}source_person_r__village__code"
    )


def _decided() -> Exists:
    return Exists(
        ReviewDecision.objects.filter(
            source_person_l=OuterRef("source_person_l"),
            source_person_r=OuterRef("source_person_r"),
        )
    )


def review_pairs_scoped(*, user: User) -> QuerySet[ReviewPair]:
    """Every pair of the queue the user may see, decided or not (no joins, no order)."""
    visible = _in_scope(user=user)
    if visible is None:
        return ReviewPair.objects.none()
    return ReviewPair.objects.filter(visible)


def _within(code: str) -> Q:
    """One of the pair's records lies in region ``code`` (any level, dotted)."""
    q = Q()
    for side in ("l", "r"):
        field = f"source_person_{side}__village__code"
        q |= Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})
    return q


def review_queue(
    *, user: User, region_code: str = "", order: str = ORDER_UNCERTAIN
) -> QuerySet[ReviewPair]:
    """Pending (undecided) pairs the user may decide, narrowed to ``region_code``, ordered."""
    pairs = review_pairs_scoped(user=user).filter(~_decided())
    region_code = region_code.strip()
    if region_code:
        pairs = pairs.filter(_within(region_code))
    if order == ORDER_WEIGHT_HIGH:
        first = F("match_weight").desc()
    elif order == ORDER_WEIGHT_LOW:
        first = F("match_weight").asc()
    else:
        first = Abs(F("match_probability") - 0.5).asc()
    return pairs.select_related(*_RECORD_JOINS).order_by(first, "id")


@dataclass(frozen=True)
class ReviewCounts:
    pending: int  # in the user's scope, whatever the filter
    decided: int  # decisions on pairs in the user's scope, every run


def review_counts(*, user: User) -> ReviewCounts:
    decided = _in_scope(user=user)
    if decided is None:
        return ReviewCounts(pending=0, decided=0)
    return ReviewCounts(
        pending=review_pairs_scoped(user=user).filter(~_decided()).count(),
        decided=ReviewDecision.objects.filter(decided).count(),
    )


def review_region_options(*, user: User) -> list[Region]:
    """Regions the queue's filter offers: the two levels below the user's scope root
    (kecamatan and villages for a kab/kota; provinces and kab/kota nationally)."""
    if not can_review_identity(user=user):
        return []
    scope = region_scope(user=user)
    if scope.code is None:
        return list(Region.objects.filter(level__lte=2).order_by("code"))
    level = len(scope.code.split("."))
    return list(
        Region.objects.filter(
            code__startswith=scope.code + ".", level__in=[level + 1, level + 2]
        ).order_by("code")
    )


@dataclass(frozen=True)
class ReviewPairDetail:
    pair: ReviewPair
    decision: ReviewDecision | None  # None while the pair waits


def review_pair_detail(*, user: User, pair_id: int) -> ReviewPairDetail | None:
    """One pair with both records and its decision; None when absent or out of scope."""
    pair = review_pairs_scoped(user=user).select_related(*_RECORD_JOINS).filter(pk=pair_id).first()
    if pair is None:
        return None
    decision = (
        ReviewDecision.objects.select_related("decided_by")
        .filter(source_person_l=pair.source_person_l_id, source_person_r=pair.source_person_r_id)
        .first()
    )
    return ReviewPairDetail(pair=pair, decision=decision)


def review_decisions_recent(*, user: User, limit: int = 10) -> list[ReviewDecision]:
    """The latest decisions on pairs in the user's scope, newest first."""
    visible = _in_scope(user=user)
    if visible is None:
        return []
    return list(
        ReviewDecision.objects.filter(visible)
        .select_related("decided_by", "source_person_l", "source_person_r")
        .order_by("-decided_at", "-id")[:limit]
    )


def review_decisions_table() -> pa.Table:
    """Every clerical decision, for the linkage job (``DECISIONS_SCHEMA``; ids ``str(pk)``).

    Not a read by a person, so not scoped: only record ids and the decision leave the database.
    As in the linkage's pair tables, ``record_id_l < record_id_r`` as strings.
    """
    rows = ReviewDecision.objects.order_by("id").values_list(
        "source_person_l_id", "source_person_r_id", "decision"
    )
    left: list[str] = []
    right: list[str] = []
    decisions: list[str] = []
    for l_id, r_id, decision in rows.iterator(chunk_size=10_000):
        a, b = str(l_id), str(r_id)
        left.append(min(a, b))
        right.append(max(a, b))
        decisions.append(decision)
    return pa.table([left, right, decisions], schema=DECISIONS_SCHEMA)
