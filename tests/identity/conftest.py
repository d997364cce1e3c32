"""Fixtures of the identity tests: the reference civil registry (Dukcapil stand-in) running
as a subprocess on a free loopback port, serving a small synth extract."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pemadanan_support import API_KEY, Civreg, read_csv


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def civreg_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dtks.synth import generate

    out = tmp_path_factory.mktemp("pemadanan-synth")
    generate(region="18.71", households=200, seed=4, out_dir=out)
    return out


def start_civreg(data: Path, db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``python -m dtks.civreg serve``; (process, base URL) once it answers."""
    port = _free_port()
    env = {**os.environ, "DTKS_CIVREG_API_KEY": API_KEY}
    command = [sys.executable, "-m", "dtks.civreg", "serve", "--data", str(data)]
    command += ["--port", str(port), "--db", str(db)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        assert process.poll() is None, process.communicate()[1].decode()
        try:
            with urllib.request.urlopen(url + "/v1/health", timeout=1) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            pass
        assert time.monotonic() < deadline, "civreg server did not come up"
        time.sleep(0.05)


def stop_civreg(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
    process.communicate(timeout=10)


@pytest.fixture(scope="session")
def civreg_service(
    civreg_synth: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Civreg]:
    db = tmp_path_factory.mktemp("pemadanan-civreg") / "civreg.sqlite3"
    process, url = start_civreg(civreg_synth, db)
    try:
        persons = read_csv(civreg_synth / "civil_registry" / "persons.csv")
        yield Civreg(url, civreg_synth, persons)
    finally:
        stop_civreg(process)


@pytest.fixture
def civreg(civreg_service: Civreg, settings: Any) -> Iterator[Civreg]:
    """The shared server with its faults reset, configured as dtks's civil registry."""
    settings.DTKS_CIVREG_URL = civreg_service.url
    settings.DTKS_CIVREG_API_KEY = API_KEY
    civreg_service.faults(delay_ms=0, error_rate=0, drop_rate=0)
    yield civreg_service
    civreg_service.faults(delay_ms=0, error_rate=0, drop_rate=0)
