"""Template tags of the assessment app: the PMT section of the household page."""

from __future__ import annotations

from typing import Any

from django import template

from dtks.assessment.presenters import contribution_rows
from dtks.assessment.selectors import DTKS_DESIL_MAX, current_ranking, household_score_get
from dtks.assessment.selectors_explanation import household_explanation

register = template.Library()


@register.inclusion_tag("assessment/_household_score.html", takes_context=True)
def household_score(context: dict[str, Any], household: Any) -> dict[str, Any]:
    """Score, persentil, desil and the proxy contributions of ``household`` in the current
    ranking, for a user who may see the household (else nothing)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or household is None:
        return {"visible": False}
    ranking = current_ranking()
    score = household_score_get(user=user, household=household, ranking=ranking)
    explanation = None
    if score is not None:
        explanation = household_explanation(household=household, ranking=score.ranking, score=score)
    return {
        "visible": True,
        "household": household,
        "score": score,
        "ranking": ranking,
        "in_dtks": score is not None and score.desil <= DTKS_DESIL_MAX,
        "explanation": explanation,
        "contributions": contribution_rows(explanation) if explanation is not None else [],
    }
