"""The reference civil registry as a subprocess on a free loopback port, with a synth extract."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from civreg_support import API_KEY, Civreg


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dtks.synth import generate

    out = tmp_path_factory.mktemp("civreg-synth")
    generate(region="18.71", households=200, seed=4, out_dir=out)
    return out


@pytest.fixture(scope="session")
def civreg_server(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Civreg]:
    port = _free_port()
    db = tmp_path_factory.mktemp("civreg-db") / "civreg.sqlite3"
    env = {**os.environ, "DTKS_CIVREG_API_KEY": API_KEY}
    command = [sys.executable, "-m", "dtks.civreg", "serve", "--data", str(synth_dir)]
    command += ["--port", str(port), "--db", str(db)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, process.communicate()[1].decode()
            try:
                with urllib.request.urlopen(url + "/v1/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "civreg server did not come up"
            time.sleep(0.05)
        with (synth_dir / "civil_registry" / "persons.csv").open(encoding="utf-8") as handle:
            persons = list(csv.DictReader(handle))
        yield Civreg(url, synth_dir, persons)
    finally:
        process.terminate()
        process.communicate(timeout=10)


@pytest.fixture
def civreg(civreg_server: Civreg) -> Iterator[Civreg]:
    """The shared server, with its fault switches reset after the test."""
    civreg_server.faults(delay_ms=0, error_rate=0, drop_rate=0)
    yield civreg_server
    civreg_server.faults(delay_ms=0, error_rate=0, drop_rate=0)
