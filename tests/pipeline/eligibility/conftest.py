"""The DuckDB engine of the eligibility tests (one per test: registrations do not leak)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dtks.pipeline.sql_engines import DuckDBSqlEngine


@pytest.fixture
def engine() -> Iterator[DuckDBSqlEngine]:
    engine = DuckDBSqlEngine()
    yield engine
    engine.close()
