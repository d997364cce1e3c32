"""The one console script: dtks's own commands and every Django command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _dtks(*args: str, var: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTKS_")}
    env["DTKS_VAR_DIR"] = str(var)
    return subprocess.run(
        [sys.executable, "-m", "dtks", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("synth", "--help"), "--households"),
        (("civreg", "serve", "--help"), "--drop-rate"),
        (("import", "--help"), "--to-register"),
        (("usulan", "import", "--help"), "--user"),
        (("jobs", "reconcile", "--help"), "--minutes"),
        (("regions", "load", "--help"), "--source"),
        (("check",), "System check identified no issues"),
    ],
)
def test_commands_are_reachable(args: tuple[str, ...], expected: str, tmp_path: Path) -> None:
    result = _dtks(*args, var=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert expected in result.stdout + result.stderr
