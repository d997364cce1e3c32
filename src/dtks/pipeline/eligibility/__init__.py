"""Programme eligibility on the pipeline engines (DuckDB, Spark): rules in, decisions out."""

from dtks.pipeline.eligibility.decide import (
    DECISION_COLUMNS,
    EligibilityInputError,
    eligibility_decide,
)
from dtks.pipeline.eligibility.defaults import default_rule_documents

__all__ = [
    "DECISION_COLUMNS",
    "EligibilityInputError",
    "default_rule_documents",
    "eligibility_decide",
]
