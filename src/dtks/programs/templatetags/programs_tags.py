"""Template tags of the programs app: rupiah amounts, and the eligibility section of the
household page (the "why not me?" answer)."""

from __future__ import annotations

from typing import Any

from django import template

from dtks.programs.presenters import components_of, reasons_of, rupiah
from dtks.programs.selectors_lists import household_decisions

register = template.Library()


@register.filter(name="rupiah")
def rupiah_filter(amount: int | float | None) -> str:
    return rupiah(amount)


@register.inclusion_tag("programs/_household_eligibility.html", takes_context=True)
def household_eligibility(context: dict[str, Any], household: Any) -> dict[str, Any]:
    """The household's decisions in the latest finished run, per programme, with the
    components and every rule's result; read within the viewing user's scope."""
    request = context.get("request")
    user = getattr(request, "user", None)
    found = household_decisions(user=user, household=household) if user is not None else None
    programmes: dict[str, list[dict[str, Any]]] = {}
    if found is not None:
        for decision in found.decisions:
            programmes.setdefault(decision.programme, []).append(
                {
                    "decision": decision,
                    "components": components_of(decision.components),
                    "reasons": reasons_of(decision.reasons),
                }
            )
    return {
        "household": household,
        "run": found.run if found else None,
        "programmes": sorted(programmes.items()),
        "full_nik": context.get("full_nik", False),
    }
