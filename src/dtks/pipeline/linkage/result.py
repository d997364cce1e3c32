"""What a linkage run returns, and the tables it accepts besides the persons.

Every table is Arrow, so results move to the database through ADBC without the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

CLUSTERS_SCHEMA = pa.schema([("record_id", pa.string()), ("person_id", pa.string())])
"""Every input record exactly once, with the id of the person (cluster) it belongs to.

A ``person_id`` is the smallest ``record_id`` of its cluster, so the same clusters give the
same ids whichever engine computed them.
"""

PAIRS_SCHEMA = pa.schema(
    [
        ("record_id_l", pa.string()),
        ("record_id_r", pa.string()),
        ("match_weight", pa.float64()),
        ("match_probability", pa.float64()),
        # JSON object: comparison name -> {"level": label, "weight": float,
        # "l": left value, "r": right value}; the evidence the review queue shows per field.
        ("evidence", pa.string()),
    ]
)
"""Scored record pairs, ``record_id_l < record_id_r``."""

DECISIONS_SCHEMA = pa.schema(
    [
        ("record_id_l", pa.string()),
        ("record_id_r", pa.string()),
        # "match" or "non_match": a clerical decision that overrides the model.
        ("decision", pa.string()),
    ]
)
"""Clerical review decisions fed back into clustering."""

MATCH = "match"
NON_MATCH = "non_match"


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities: at or above ``accept`` a pair links; between the two it is reviewed."""

    accept: float = 0.95
    review: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 < self.review <= self.accept < 1.0:
            raise ValueError("thresholds must satisfy 0 < review <= accept < 1")


@dataclass
class LinkResult:
    clusters: pa.Table  # CLUSTERS_SCHEMA
    review_pairs: pa.Table  # PAIRS_SCHEMA, pairs with review <= p < accept, not yet decided
    linked_pairs: pa.Table  # PAIRS_SCHEMA, pairs that formed the clusters (p >= accept or match)
    model_version: str
    counts: dict[str, Any] = field(default_factory=dict)
    model: Any = None  # the LinkageModel used (trained or loaded)
