"""Why a household has its desil: its proxies recomputed from the register, explained.

The proxies of the one household come from the same export SQL (``register_db``) and the same
proxy SQL (``dtks.pipeline.pmt.rank.proxies_for``, on DuckDB) as the ranking; the ranking's
model explains them (``dtks.pipeline.pmt.model.explain``). When the register changed since the
ranking, the recomputed welfare differs from the stored one, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from dtks.assessment import register_db
from dtks.assessment.models import HouseholdScore, Ranking
from dtks.assessment.services_ranking import stored_model_load
from dtks.pipeline.pmt.model import Contribution, Explanation, explain
from dtks.pipeline.pmt.rank import proxies_for
from dtks.pipeline.sql_engines import DuckDBSqlEngine
from dtks.registry.models import Household

# Welfare is a log: a difference below this is rounding, not a change of data.
WELFARE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class HouseholdExplanation:
    explanation: Explanation
    contributions: list[Contribution]  # largest absolute contribution first
    largest: float  # the largest absolute contribution (for bar widths), > 0
    stored_welfare: float | None
    data_changed: bool  # the register changed since the ranking (welfare differs)

    @property
    def recomputed_welfare(self) -> float:
        return self.explanation.welfare


def household_explanation(
    *, household: Household, ranking: Ranking, score: HouseholdScore | None = None
) -> HouseholdExplanation | None:
    """The contributions of each proxy to ``household``'s welfare in ``ranking``; None when
    the household has no member left to describe it (nothing to explain).

    The caller has checked that the user may see ``household`` (the page's scoped object).
    """
    tables = register_db.household_read(household_id=household.pk)
    if tables.households.num_rows == 0 or tables.persons.num_rows == 0:
        return None
    engine = DuckDBSqlEngine()
    try:
        proxies = proxies_for(
            engine=engine,
            households=tables.households,
            persons=tables.persons,
            members=tables.members,
            as_of=ranking.as_of,
        )
    finally:
        engine.close()
    if proxies.num_rows != 1:
        return None
    row = proxies.to_pylist()[0]
    model = stored_model_load(ranking.model)
    values = {name: float(row[name]) for name in model.proxies}
    explanation = explain(model, values, str(row["kab_kota"]))
    ordered = sorted(explanation.contributions, key=lambda c: -abs(c.contribution))
    largest = max((abs(c.contribution) for c in ordered), default=0.0) or 1.0
    stored = score.welfare if score is not None else None
    changed = stored is not None and abs(stored - explanation.welfare) > WELFARE_TOLERANCE
    return HouseholdExplanation(
        explanation=explanation,
        contributions=ordered,
        largest=largest,
        stored_welfare=stored,
        data_changed=changed,
    )
