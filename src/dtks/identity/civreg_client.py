"""Client of the civil-registry (Dukcapil) verification service; no Django.

``HttpCivilRegistry`` splits the records into batches, retries a batch on timeouts,
connection errors and 5xx answers (exponential backoff with jitter), raises
``CivilRegistryError`` at once on a 4xx, and guards the service with a circuit breaker: after
``breaker_failures`` consecutive failed batches it fails fast with ``CircuitOpenError`` until
``breaker_reset`` seconds have passed, then lets one trial batch through (half-open). An
optional ``ResultCache`` answers records asked recently. API: ``docs/civreg.md``.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

__all__ = [
    "CircuitBreaker",
    "CircuitOpenError",
    "CivilRegistry",
    "CivilRegistryError",
    "CivilRegistryUnavailableError",
    "HttpCivilRegistry",
    "InMemoryResultCache",
    "ResultCache",
    "VerifyRecord",
    "VerifyResult",
]

STATUSES = frozenset({"padan", "nik_tidak_ditemukan", "data_berbeda", "meninggal", "pindah"})


@dataclass(frozen=True, slots=True)
class VerifyRecord:
    ref: str
    nik: str
    nama: str
    tanggal_lahir: date | None = None
    jenis_kelamin: str | None = None  # "L" or "P"
    nama_ibu_kandung: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "nik": self.nik,
            "nama": self.nama,
            "tanggal_lahir": self.tanggal_lahir.isoformat() if self.tanggal_lahir else None,
            "jenis_kelamin": self.jenis_kelamin,
            "nama_ibu_kandung": self.nama_ibu_kandung,
        }

    def key(self) -> tuple[str, str, date | None, str | None, str | None]:
        """The fields the verdict depends on (not ``ref``)."""
        return (self.nik, self.nama, self.tanggal_lahir, self.jenis_kelamin, self.nama_ibu_kandung)


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ref: str
    status: str
    fields_differ: tuple[str, ...]
    tanggal_meninggal: date | None
    kode_wilayah_baru: str | None
    checked_at: datetime


class CivilRegistryError(Exception):
    """The registry refused or answered nonsense; ``status``/``body`` when it answered."""

    def __init__(self, message: str, status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class CivilRegistryUnavailableError(CivilRegistryError):
    """A batch still failed (timeout, connection error, 5xx) after all retries."""


class CircuitOpenError(CivilRegistryError):
    """The circuit breaker is open: the registry is not asked until the reset time passes."""


class CivilRegistry(Protocol):
    def verify(self, records: Sequence[VerifyRecord]) -> list[VerifyResult]: ...


class ResultCache(Protocol):
    def get(self, record: VerifyRecord) -> VerifyResult | None: ...

    def put(self, record: VerifyRecord, result: VerifyResult) -> None: ...


class InMemoryResultCache:
    """Results keyed by the request fields; a result older than ``max_age`` is re-asked."""

    def __init__(
        self, max_age: timedelta, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.max_age = max_age
        self._now = now
        self._lock = threading.Lock()
        self._items: dict[tuple[Any, ...], VerifyResult] = {}

    def get(self, record: VerifyRecord) -> VerifyResult | None:
        with self._lock:
            hit = self._items.get(record.key())
            if hit is None:
                return None
            if self._now() - hit.checked_at > self.max_age:
                del self._items[record.key()]
                return None
        return replace(hit, ref=record.ref)

    def put(self, record: VerifyRecord, result: VerifyResult) -> None:
        with self._lock:
            self._items[record.key()] = result

    def __len__(self) -> int:
        return len(self._items)


class CircuitBreaker:
    """Closed -> open after ``failures`` consecutive failures -> half-open after ``reset`` s."""

    def __init__(
        self, failures: int, reset: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failures = failures
        self.reset = reset
        self._clock = clock
        self._lock = threading.Lock()
        self._consecutive = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> str:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half-open" if self._clock() - self._opened_at >= self.reset else "open"

    def before(self) -> None:
        """Raise ``CircuitOpenError`` while open; in half-open let the caller try."""
        if self.state == "open":
            raise CircuitOpenError("civil registry circuit open: not asking until reset")

    def success(self) -> None:
        with self._lock:
            self._consecutive = 0
            self._opened_at = None

    def failure(self) -> None:
        with self._lock:
            self._consecutive += 1
            half_open = self._opened_at is not None
            if half_open or self._consecutive >= self.failures:
                self._opened_at = self._clock()


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _result(raw: Any, checked_at: datetime) -> VerifyResult:
    if not isinstance(raw, dict) or raw.get("status") not in STATUSES:
        raise CivilRegistryError(f"malformed result from the civil registry: {raw!r:.200}")
    return VerifyResult(
        ref=str(raw["ref"]),
        status=raw["status"],
        fields_differ=tuple(raw.get("fields_differ") or ()),
        tanggal_meninggal=_date(raw.get("tanggal_meninggal")),
        kode_wilayah_baru=raw.get("kode_wilayah_baru"),
        checked_at=checked_at,
    )


class _RetryableError(Exception):
    pass


class HttpCivilRegistry:
    """The verification service over HTTP (keep-alive, one connection per ``verify`` call)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.2,
        batch_size: int = 500,
        breaker_failures: int = 5,
        breaker_reset: float = 30.0,
        cache: ResultCache | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        url = urllib.parse.urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"bad base_url {base_url!r}")
        if not 1 <= batch_size <= 1000:
            raise ValueError("batch_size must be between 1 and 1000")
        self._url = url
        self._path = url.path.rstrip("/") + "/v1/verify"
        self.api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.batch_size = batch_size
        self.breaker = CircuitBreaker(breaker_failures, breaker_reset)
        self.cache = cache
        self._sleep = sleep
        self._random = random.Random()

    def _connect(self) -> http.client.HTTPConnection:
        cls = (
            http.client.HTTPSConnection
            if self._url.scheme == "https"
            else http.client.HTTPConnection
        )
        return cls(self._url.hostname or "", self._url.port, timeout=self.timeout)

    def verify(self, records: Sequence[VerifyRecord]) -> list[VerifyResult]:
        """The registry's verdict on every record, in order."""
        results: list[VerifyResult | None] = [None] * len(records)
        todo: list[int] = []
        for index, record in enumerate(records):
            hit = self.cache.get(record) if self.cache is not None else None
            if hit is None:
                todo.append(index)
            else:
                results[index] = hit
        conn: list[http.client.HTTPConnection | None] = [None]
        try:
            for start in range(0, len(todo), self.batch_size):
                indexes = todo[start : start + self.batch_size]
                batch = [records[i] for i in indexes]
                for index, result in zip(indexes, self._batch(batch, conn), strict=True):
                    results[index] = result
                    if self.cache is not None:
                        self.cache.put(records[index], result)
        finally:
            if conn[0] is not None:
                conn[0].close()
        return [r for r in results if r is not None]

    def _batch(
        self, batch: list[VerifyRecord], conn: list[http.client.HTTPConnection | None]
    ) -> list[VerifyResult]:
        self.breaker.before()
        body = json.dumps({"records": [r.as_json() for r in batch]}).encode()
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1)
                self._sleep(delay * (0.5 + self._random.random()))
            try:
                current = conn[0] if conn[0] is not None else self._connect()
                conn[0] = current
                results = self._post(current, body, batch)
            except _RetryableError as exc:
                last = str(exc)
                if conn[0] is not None:
                    conn[0].close()
                conn[0] = None
                continue
            self.breaker.success()
            return results
        self.breaker.failure()
        raise CivilRegistryUnavailableError(
            f"civil registry unavailable after {self.retries + 1} attempts: {last}"
        )

    def _post(
        self, conn: http.client.HTTPConnection, body: bytes, batch: list[VerifyRecord]
    ) -> list[VerifyResult]:
        headers = {"Content-Type": "application/json", "X-API-Key": self.api_key}
        try:
            conn.request("POST", self._path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise _RetryableError(f"{type(exc).__name__}: {exc}") from exc
        text = data.decode("utf-8", "replace")
        if response.status >= 500:
            raise _RetryableError(f"HTTP {response.status}: {text[:200]}")
        if response.status != 200:
            raise CivilRegistryError(
                f"civil registry answered HTTP {response.status}: {text[:500]}",
                status=response.status,
                body=text,
            )
        try:
            payload = json.loads(data)
            checked_at = datetime.fromisoformat(payload["checked_at"])
            raw_results = payload["results"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CivilRegistryError(f"malformed answer: {text[:200]}", 200, text) from exc
        results = [_result(raw, checked_at) for raw in raw_results]
        if [r.ref for r in results] != [r.ref for r in batch]:
            raise CivilRegistryError("answer does not match the request's refs", 200, text)
        return results
