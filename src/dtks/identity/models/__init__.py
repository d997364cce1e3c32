"""Identity: civil-registry matching (pemadanan), linkage runs, golden records, review queue.

One module per concern; each helper-owned module is imported here.
"""

from dtks.identity.models.civreg import (
    CivregCheck,
    CivregStatus,
    PemadananRun,
    PemadananTarget,
)
from dtks.identity.models.lineage import PersonLineage
from dtks.identity.models.review import ReviewDecision, ReviewDecisionChoice, ReviewPair
from dtks.identity.models.runs import LinkRun

__all__ = [
    "CivregCheck",
    "CivregStatus",
    "LinkRun",
    "PemadananRun",
    "PemadananTarget",
    "PersonLineage",
    "ReviewDecision",
    "ReviewDecisionChoice",
    "ReviewPair",
]
