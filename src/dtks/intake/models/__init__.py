from dtks.intake.models.imports import (
    ImportBatch,
    ImportIssue,
    QuarantineRow,
    SourceHousehold,
    SourcePerson,
)
from dtks.intake.models.proposals import (
    Proposal,
    ProposalStatus,
    ProposedHousehold,
    ProposedMember,
)

__all__ = [
    "ImportBatch",
    "ImportIssue",
    "Proposal",
    "ProposalStatus",
    "ProposedHousehold",
    "ProposedMember",
    "QuarantineRow",
    "SourceHousehold",
    "SourcePerson",
]
