"""The HTTP API of the reference civil registry (``docs/civreg.md``).

``ThreadingHTTPServer`` with HTTP/1.1 keep-alive. Fault switches (delay, 503 rate, drop rate)
make the failure modes of the real service reproducible in tests; they are set at start or via
``POST /v1/_faults``. ``GET /v1/_stats`` counts requests so that tests can see batching.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import random
import socket
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dtks.civreg.matching import QueryError, parse_query, verdict
from dtks.civreg.store import Store

__all__ = ["MAX_RECORDS", "CivregServer", "Faults", "make_server"]

MAX_RECORDS = 1000
MAX_BODY = 4 * 1024 * 1024


@dataclass(slots=True)
class Faults:
    delay_ms: int = 0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    seed: int | None = None


@dataclass(slots=True)
class Stats:
    verify_requests: int = 0
    verify_ok: int = 0
    verify_errors: int = 0
    verify_dropped: int = 0
    records: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


class CivregServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], store: Store, api_key: str, faults: Faults):
        super().__init__(address, Handler)
        self.store = store
        self.api_key = api_key
        self.lock = threading.Lock()
        self.stats = Stats()
        self.faults = faults
        self.rng = random.Random(faults.seed)

    def set_faults(self, faults: Faults) -> None:
        with self.lock:
            self.faults = faults
            self.rng = random.Random(faults.seed)

    def draw(self) -> tuple[float, bool, bool]:
        """This request's delay (s), whether to answer 503 and whether to drop it."""
        with self.lock:
            f = self.faults
            error = f.error_rate > 0 and self.rng.random() < f.error_rate
            drop = not error and f.drop_rate > 0 and self.rng.random() < f.drop_rate
            return f.delay_ms / 1000, error, drop


class BadRequestError(Exception):
    pass


def _parse_faults(body: Any) -> Faults:
    if not isinstance(body, dict):
        raise BadRequestError("body must be a JSON object")
    faults = Faults()
    for name, kind in (("delay_ms", int), ("error_rate", float), ("drop_rate", float)):
        value = body.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise BadRequestError(f"{name} must be a non-negative number")
        if kind is float and value > 1:
            raise BadRequestError(f"{name} must be between 0 and 1")
        setattr(faults, name, kind(value))
    seed = body.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise BadRequestError("seed must be an integer or null")
    faults.seed = seed
    return faults


class Handler(BaseHTTPRequestHandler):
    server: CivregServer
    protocol_version = "HTTP/1.1"
    server_version = "dtks-civreg/1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- plumbing -------------------------------------------------------------------------

    def _send(self, status: int, payload: Any) -> None:
        body = json.dumps(payload, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, {"error": HTTPStatus(status).phrase, "detail": message})

    def _authorised(self) -> bool:
        given = self.headers.get("X-API-Key", "")
        if hmac.compare_digest(given.encode(), self.server.api_key.encode()):
            return True
        self._error(401, "missing or wrong X-API-Key")
        return False

    def _body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._error(400, "bad Content-Length")
            return None
        if length > MAX_BODY:
            self.close_connection = True
            self._error(413, f"body larger than {MAX_BODY} bytes")
            return None
        return self.rfile.read(length)

    def _json(self, body: bytes) -> Any:
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BadRequestError(f"malformed JSON: {exc}") from None

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    # -- routes ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        if self.path == "/v1/health":
            self._send(200, {"status": "ok", "records": self.server.store.records})
        elif self.path == "/v1/_stats":
            if self._authorised():
                with self.server.lock:
                    stats = asdict(self.server.stats)
                    faults = asdict(self.server.faults)
                self._send(200, {**stats, "faults": faults})
        else:
            self._error(404, f"no route {self.path}")

    def do_POST(self) -> None:
        if self.path not in ("/v1/verify", "/v1/_faults"):
            self._error(404, f"no route {self.path}")
            return
        body = self._body()
        if body is None or not self._authorised():
            return
        try:
            if self.path == "/v1/_faults":
                faults = _parse_faults(self._json(body))
                self.server.set_faults(faults)
                self._send(200, asdict(faults))
            else:
                self._verify(body)
        except BadRequestError as exc:
            self._error(400, str(exc))

    def _verify(self, body: bytes) -> None:
        server = self.server
        delay, error, drop = server.draw()
        with server.lock:
            server.stats.verify_requests += 1
        if delay:
            time.sleep(delay)
        if drop:
            with server.lock:
                server.stats.verify_dropped += 1
            self._drop()
            return
        if error:
            with server.lock:
                server.stats.verify_errors += 1
            self._error(503, "injected fault: service unavailable")
            return
        payload = self._json(body)
        records = payload.get("records") if isinstance(payload, dict) else None
        if not isinstance(records, list):
            raise BadRequestError("body must be an object with a 'records' list")
        if len(records) > MAX_RECORDS:
            self._error(413, f"{len(records)} records, at most {MAX_RECORDS} per request")
            return
        queries = []
        for index, raw in enumerate(records):
            try:
                queries.append(parse_query(raw))
            except QueryError as exc:
                raise BadRequestError(f"records[{index}].{exc}") from None
        found = server.store.lookup(q.nik for q in queries)
        results = [verdict(q, found.get(q.nik)) for q in queries]
        checked_at = datetime.now(UTC).isoformat(timespec="seconds")
        with server.lock:
            server.stats.verify_ok += 1
            server.stats.records += len(results)
            for result in results:
                by = server.stats.by_status
                by[result.status] = by.get(result.status, 0) + 1
        self._send(200, {"checked_at": checked_at, "results": [r.as_json() for r in results]})


def make_server(
    store: Store, api_key: str, host: str = "127.0.0.1", port: int = 0, faults: Faults | None = None
) -> CivregServer:
    """A bound server (``port=0``: any free port); call ``serve_forever``."""
    if not api_key:
        raise ValueError("an API key is required")
    return CivregServer((host, port), store, api_key, faults or Faults())
