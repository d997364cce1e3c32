"""How PMT results are shown: contribution bars and the fit report's rows. No queries here."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from dtks.assessment.selectors_explanation import HouseholdExplanation

BAR_HALF_WIDTH = 100  # SVG units each side of the axis


@dataclass(frozen=True)
class ContributionRow:
    proxy: str
    label: str
    value: float
    contribution: float  # on log consumption
    percent: float  # the same as a change of predicted consumption, in percent
    bar_x: int
    bar_width: int

    @property
    def positive(self) -> bool:
        return self.contribution >= 0


def contribution_rows(explained: HouseholdExplanation) -> list[ContributionRow]:
    """The contributions, largest first, with bar geometry scaled to the largest one."""
    rows = []
    for item in explained.contributions:
        width = round(BAR_HALF_WIDTH * abs(item.contribution) / explained.largest)
        rows.append(
            ContributionRow(
                proxy=item.proxy,
                label=gettext(item.label),
                value=item.value,
                contribution=item.contribution,
                percent=100.0 * (math.exp(item.contribution) - 1.0),
                bar_x=BAR_HALF_WIDTH if item.contribution >= 0 else BAR_HALF_WIDTH - width,
                bar_width=width,
            )
        )
    return rows


@dataclass(frozen=True)
class LearnerRow:
    learner: str
    r2: float | None
    rmse: float | None
    inclusion_error: float | None
    exclusion_error: float | None
    chosen: bool


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _first(metrics: dict[str, Any], *names: str) -> float | None:
    for name in names:
        if name in metrics:
            return _number(metrics[name])
    return None


def learner_rows(report: dict[str, Any], *, kind: str) -> list[LearnerRow]:
    """Held-out fit per learner (R2, RMSE, inclusion/exclusion error at the 40 % cut-off)."""
    learners = report.get("learners") or report.get("holdout") or {}
    if isinstance(learners, list):
        learners = {str(item.get("learner", i)): item for i, item in enumerate(learners)}
    if not isinstance(learners, dict):
        return []
    rows = []
    for name, metrics in learners.items():
        if not isinstance(metrics, dict):
            continue
        rows.append(
            LearnerRow(
                learner=str(name),
                r2=_first(metrics, "r2", "R2"),
                rmse=_first(metrics, "rmse", "RMSE"),
                inclusion_error=_first(metrics, "inclusion_error", "inclusion"),
                exclusion_error=_first(metrics, "exclusion_error", "exclusion"),
                chosen=str(name) == kind,
            )
        )
    return rows


def report_facts(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The fit report's survey and choice facts, as label/value text (docs/pmt.md)."""
    facts: list[tuple[str, str]] = []
    if "survey_households" in report:
        facts.append((_("Rumah tangga survei"), str(report["survey_households"])))
    per_region = report.get("households_per_kab_kota")
    if isinstance(per_region, dict) and per_region:
        facts.append(
            (_("Per kabupaten/kota"), ", ".join(f"{k}: {v}" for k, v in sorted(per_region.items())))
        )
    holdout = report.get("holdout")
    if isinstance(holdout, dict) and "test" in holdout:
        facts.append(
            (
                _("Data uji yang disisihkan"),
                _("%(test)s rumah tangga (%(share)s %%, benih %(seed)s)")
                % {
                    "test": holdout.get("test"),
                    "share": round(100 * float(holdout.get("share") or 0)),
                    "seed": holdout.get("seed"),
                },
            )
        )
    if "better_on_holdout" in report:
        facts.append((_("Lebih baik pada data uji (RMSE)"), str(report["better_on_holdout"])))
    if "chosen" in report:
        facts.append((_("Metode model ini"), str(report["chosen"])))
    left_out = report.get("proxies_left_out")
    if isinstance(left_out, dict) and left_out:
        facts.append(
            (_("Proksi ditinggalkan"), "; ".join(f"{k} ({v})" for k, v in left_out.items()))
        )
    return facts
