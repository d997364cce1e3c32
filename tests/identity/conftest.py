"""Fixtures of the identity tests: the reference civil registry (Dukcapil stand-in) running
as a subprocess on a free loopback port, serving a small synth extract."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pemadanan_support import API_KEY, Civreg, read_csv

from dtks.civreg.launch import civreg_start


@pytest.fixture(scope="session")
def civreg_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dtks.synth import generate

    out = tmp_path_factory.mktemp("pemadanan-synth")
    generate(region="18.71", households=200, seed=4, out_dir=out)
    return out


@pytest.fixture(scope="session")
def civreg_service(
    civreg_synth: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Civreg]:
    db = tmp_path_factory.mktemp("pemadanan-civreg") / "civreg.sqlite3"
    server = civreg_start(data_dir=civreg_synth, db_path=db, api_key=API_KEY, wait=20)
    try:
        persons = read_csv(civreg_synth / "civil_registry" / "persons.csv")
        yield Civreg(server.url, civreg_synth, persons)
    finally:
        server.stop()


@pytest.fixture
def civreg(civreg_service: Civreg, settings: Any) -> Iterator[Civreg]:
    """The shared server with its faults reset, configured as dtks's civil registry."""
    settings.DTKS_CIVREG_URL = civreg_service.url
    settings.DTKS_CIVREG_API_KEY = API_KEY
    civreg_service.faults(delay_ms=0, error_rate=0, drop_rate=0)
    yield civreg_service
    civreg_service.faults(delay_ms=0, error_rate=0, drop_rate=0)
