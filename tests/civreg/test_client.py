"""``HttpCivilRegistry`` against the real reference server: batching, retries, breaker, cache."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from civreg_support import API_KEY, EXPECTED, Civreg

from dtks.identity.civreg_client import (
    CircuitOpenError,
    CivilRegistryError,
    CivilRegistryUnavailableError,
    HttpCivilRegistry,
    InMemoryResultCache,
    VerifyRecord,
)


def _records(civreg: Civreg, n: int) -> list[VerifyRecord]:
    people = civreg.persons
    return [
        VerifyRecord(
            ref=f"r{i}",
            nik=p["nik"],
            nama=p["nama"],
            tanggal_lahir=date.fromisoformat(p["tanggal_lahir"]),
            jenis_kelamin=p["jenis_kelamin"],
        )
        for i, p in ((i, people[i % len(people)]) for i in range(n))
    ]


def _client(civreg: Civreg, **options: object) -> HttpCivilRegistry:
    return HttpCivilRegistry(civreg.url, API_KEY, **options)  # type: ignore[arg-type]


def test_batches_and_results_in_order(civreg: Civreg) -> None:
    before = civreg.stats()
    results = _client(civreg, batch_size=500).verify(_records(civreg, 1200))
    after = civreg.stats()
    assert after["verify_ok"] - before["verify_ok"] == 3
    assert after["records"] - before["records"] == 1200
    assert [r.ref for r in results] == [f"r{i}" for i in range(1200)]
    people = civreg.persons
    assert [r.status for r in results] == [
        EXPECTED[people[i % len(people)]["status"]] for i in range(1200)
    ]
    dead = next(r for r in results if r.status == "meninggal")
    assert isinstance(dead.tanggal_meninggal, date)
    assert dead.checked_at.tzinfo is not None


def test_retries_through_errors_and_drops(civreg: Civreg) -> None:
    civreg.faults(error_rate=0.5, drop_rate=0.3, seed=7)
    before = civreg.stats()
    client = _client(civreg, batch_size=100, retries=15, backoff=0.001)
    results = client.verify(_records(civreg, 400))
    after = civreg.stats()
    assert len(results) == 400
    assert after["verify_ok"] - before["verify_ok"] == 4
    assert after["verify_errors"] > before["verify_errors"]
    assert after["verify_dropped"] > before["verify_dropped"]


def test_timeouts_raise_after_retries(civreg: Civreg) -> None:
    civreg.faults(delay_ms=600)
    before = civreg.stats()
    client = _client(civreg, timeout=0.2, retries=2, backoff=0.01)
    start = time.monotonic()
    with pytest.raises(CivilRegistryUnavailableError, match="3 attempts"):
        client.verify(_records(civreg, 5))
    assert time.monotonic() - start >= 0.6
    assert civreg.stats()["verify_requests"] - before["verify_requests"] == 3


def test_client_errors_are_not_retried(civreg: Civreg) -> None:
    before = civreg.stats()
    client = HttpCivilRegistry(civreg.url, "kunci-salah", retries=3, backoff=0.01)
    with pytest.raises(CivilRegistryError, match="HTTP 401") as raised:
        client.verify(_records(civreg, 3))
    assert raised.value.status == 401
    assert "X-API-Key" in raised.value.body
    assert client.breaker.state == "closed"
    assert civreg.stats()["verify_requests"] == before["verify_requests"]


def test_breaker_opens_then_half_opens(civreg: Civreg) -> None:
    civreg.faults(error_rate=1.0, seed=1)
    client = _client(civreg, retries=0, breaker_failures=2, breaker_reset=0.5)
    records = _records(civreg, 3)
    for _ in range(2):
        with pytest.raises(CivilRegistryUnavailableError):
            client.verify(records)
    assert client.breaker.state == "open"
    before = civreg.stats()
    with pytest.raises(CircuitOpenError):
        client.verify(records)
    assert civreg.stats()["verify_requests"] == before["verify_requests"]
    time.sleep(0.6)
    assert client.breaker.state == "half-open"
    with pytest.raises(CivilRegistryUnavailableError):  # the trial fails: open again
        client.verify(records)
    assert client.breaker.state == "open"
    time.sleep(0.6)
    civreg.faults(error_rate=0)
    assert len(client.verify(records)) == 3  # the trial succeeds: closed
    assert client.breaker.state == "closed"


def test_cache_avoids_second_request_and_expires(civreg: Civreg) -> None:
    now = [datetime.now(UTC)]
    cache = InMemoryResultCache(timedelta(days=30), now=lambda: now[0])
    client = _client(civreg, cache=cache)
    records = _records(civreg, 10)
    before = civreg.stats()["verify_ok"]
    first = client.verify(records)
    again = [
        VerifyRecord(f"x{i}", r.nik, r.nama, r.tanggal_lahir, r.jenis_kelamin)
        for i, r in enumerate(records)
    ]
    second = client.verify(again)
    assert civreg.stats()["verify_ok"] - before == 1
    assert [r.ref for r in second] == [f"x{i}" for i in range(10)]
    assert [r.status for r in second] == [r.status for r in first]
    assert [r.checked_at for r in second] == [r.checked_at for r in first]
    now[0] += timedelta(days=31)
    client.verify(records)
    assert civreg.stats()["verify_ok"] - before == 2
