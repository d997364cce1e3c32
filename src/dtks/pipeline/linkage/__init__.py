"""Entity resolution: person records into people, on Splink 5 (DuckDB or Spark).

No Django here; the identity app feeds Arrow tables in and stores what comes out.
"""

from .engines import DuckDBEngine, Engine, SparkEngine, make_engine
from .errors import LinkageError, LinkInputError, LinkModelError
from .link import link_persons, train_model
from .model import LinkageModel
from .result import (
    CLUSTERS_SCHEMA,
    DECISIONS_SCHEMA,
    MATCH,
    NON_MATCH,
    PAIRS_SCHEMA,
    LinkResult,
    Thresholds,
)

__all__ = [
    "CLUSTERS_SCHEMA",
    "DECISIONS_SCHEMA",
    "MATCH",
    "NON_MATCH",
    "PAIRS_SCHEMA",
    "DuckDBEngine",
    "Engine",
    "LinkInputError",
    "LinkModelError",
    "LinkResult",
    "LinkageError",
    "LinkageModel",
    "SparkEngine",
    "Thresholds",
    "link_persons",
    "make_engine",
    "train_model",
]
