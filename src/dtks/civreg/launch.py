"""Start the reference civil registry as a child process (the demo; tests have their own)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass
class RunningCivreg:
    process: subprocess.Popen[bytes]
    url: str
    api_key: str

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def civreg_start(
    *, data_dir: Path, db_path: Path, api_key: str, port: int | None = None, wait: float = 120.0
) -> RunningCivreg:
    """``dtks civreg serve`` on loopback; returns once it answers its health check."""
    port = port or _free_port()
    command = [sys.executable, "-m", "dtks.civreg", "serve", "--data", str(data_dir)]
    command += ["--port", str(port), "--db", str(db_path)]
    env = {**os.environ, "DTKS_CIVREG_API_KEY": api_key}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server Dukcapil rujukan berhenti (kode {process.returncode})")
        try:
            with urllib.request.urlopen(url + "/v1/health", timeout=1) as response:
                if response.status == 200:
                    return RunningCivreg(process, url, api_key)
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("server Dukcapil rujukan tidak menjawab")
        time.sleep(0.1)
