"""Pemadanan against the real reference civil registry: verdicts stored, cache reused, faults
survived or reported clearly, and a stopped run continued by the next one."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from pemadanan_support import API_KEY, Civreg, build_register

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.audit.models import AuditEvent
from dtks.identity.civreg_client import HttpCivilRegistry
from dtks.identity.models import CivregCheck, PemadananRun
from dtks.identity.selectors_pemadanan import civreg_latest_by_nik, civreg_status_counts
from dtks.identity.services_pemadanan import (
    PemadananRefusedError,
    pemadanan_create,
    pemadanan_run,
)
from dtks.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db(transaction=True)

STATUSES = ("padan", "nik_tidak_ditemukan", "data_berbeda", "meninggal", "pindah")


@pytest.fixture
def register(regions: None, civreg: Civreg) -> dict[str, str]:
    return build_register(civreg.data)


def _client(civreg: Civreg, **options: Any) -> HttpCivilRegistry:
    options = {"batch_size": 100, "backoff": 0.001, **options}
    return HttpCivilRegistry(civreg.url, API_KEY, **options)


def _stored() -> dict[str, str]:
    return dict(CivregCheck.objects.values_list("nik", "status"))


def test_verdicts_are_stored_per_person(
    register: dict[str, str], civreg: Civreg, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.PUSDATIN)
    before = civreg.stats()
    run = pemadanan_run(user=user, max_age=timedelta(days=30), registry=_client(civreg))
    assert run.job.status == JobStatus.SUCCEEDED, run.error
    assert run.error == ""
    assert _stored() == register
    expected = Counter(register.values())
    assert set(expected) == set(STATUSES)  # every verdict occurs
    assert run.counts == {s: expected[s] for s in STATUSES}
    assert (run.total, run.sent, run.reused) == (len(register), len(register), 0)
    assert civreg.stats()["records"] - before["records"] == len(register)
    assert civreg.stats()["verify_ok"] - before["verify_ok"] == -(-len(register) // 100)
    dead = CivregCheck.objects.filter(status="meninggal")
    assert dead.exists()
    assert all(c.tanggal_meninggal for c in dead)
    moved = CivregCheck.objects.filter(status="pindah")
    assert moved.exists()
    assert all(len(c.kode_wilayah_baru) == 13 for c in moved)
    differ = CivregCheck.objects.filter(status="data_berbeda").first()
    assert differ is not None
    assert differ.fields_differ == ["nama"]
    assert AuditEvent.objects.filter(action="pemadanan_mulai", object_id=str(run.pk)).exists()
    assert run.job.done == run.job.total == len(register)


def test_second_run_reuses_stored_verdicts(register: dict[str, str], civreg: Civreg) -> None:
    first = pemadanan_run(user=None, max_age=timedelta(days=30), registry=_client(civreg))
    before = civreg.stats()
    second = pemadanan_run(user=None, max_age=timedelta(days=30), registry=_client(civreg))
    after = civreg.stats()
    assert second.job.status == JobStatus.SUCCEEDED, second.error
    assert after["verify_requests"] == before["verify_requests"]  # nothing was sent
    assert (second.reused, second.sent) == (len(register), 0)
    assert second.counts == first.counts
    assert CivregCheck.objects.count() == len(register)
    # With a maximum age of zero every stored verdict is too old: everything is asked again.
    third = pemadanan_run(user=None, max_age=timedelta(0), registry=_client(civreg))
    assert (third.reused, third.sent) == (0, len(register))
    assert civreg.stats()["records"] - after["records"] == len(register)


def test_server_errors_and_dropped_connections_are_retried(
    register: dict[str, str], civreg: Civreg
) -> None:
    civreg.faults(error_rate=0.3, drop_rate=0.2, seed=3)
    before = civreg.stats()
    run = pemadanan_run(user=None, max_age=None, registry=_client(civreg, retries=12))
    after = civreg.stats()
    assert run.job.status == JobStatus.SUCCEEDED, run.error
    assert _stored() == register
    assert after["verify_errors"] > before["verify_errors"]
    assert after["verify_dropped"] > before["verify_dropped"]


def test_registry_down_mid_run_keeps_results_and_the_next_run_continues(
    register: dict[str, str], civreg: Civreg
) -> None:
    def break_after_two_batches(job: Job) -> None:
        if job.done >= 200:
            civreg.faults(error_rate=1.0)

    run = pemadanan_run(
        user=None,
        max_age=None,
        registry=_client(civreg, retries=2),
        progress=break_after_two_batches,
    )
    assert run.job.status == JobStatus.FAILED
    assert "Layanan Dukcapil tidak tersedia" in run.error
    assert "jalankan pemadanan lagi untuk melanjutkan" in run.error
    assert "Layanan Dukcapil tidak tersedia" in run.job.error
    kept = _stored()
    assert len(kept) == run.sent == 200  # the batches stored before the failure
    assert all(register[nik] == status for nik, status in kept.items())
    assert sum(run.counts.values()) == 200

    civreg.faults()
    before = civreg.stats()
    again = pemadanan_run(user=None, max_age=None, registry=_client(civreg))
    assert again.job.status == JobStatus.SUCCEEDED, again.error
    assert (again.reused, again.sent) == (200, len(register) - 200)
    assert civreg.stats()["records"] - before["records"] == len(register) - 200
    assert _stored() == register
    assert sum(again.counts.values()) == len(register)


def test_open_circuit_fails_fast_and_closes_again(register: dict[str, str], civreg: Civreg) -> None:
    client = _client(civreg, retries=0, breaker_failures=1, breaker_reset=2.0)
    civreg.faults(error_rate=1.0)
    first = pemadanan_run(user=None, max_age=None, registry=client)
    assert first.job.status == JobStatus.FAILED
    civreg.faults()
    before = civreg.stats()
    second = pemadanan_run(user=None, max_age=None, registry=client)
    assert second.job.status == JobStatus.FAILED
    assert "pemutus sirkuit terbuka" in second.error
    assert civreg.stats()["verify_requests"] == before["verify_requests"]  # not even asked
    assert not CivregCheck.objects.exists()
    time.sleep(2.1)  # half-open: a trial batch goes through and closes the breaker
    third = pemadanan_run(user=None, max_age=None, registry=client)
    assert third.job.status == JobStatus.SUCCEEDED, third.error
    assert _stored() == register


def test_slow_registry_times_out_or_is_waited_for(register: dict[str, str], civreg: Civreg) -> None:
    civreg.faults(delay_ms=300)
    impatient = pemadanan_run(
        user=None, max_age=None, registry=_client(civreg, timeout=0.1, retries=1)
    )
    assert impatient.job.status == JobStatus.FAILED
    assert "waktu tunggu habis" in impatient.error
    assert "timed out" in impatient.error
    assert not CivregCheck.objects.exists()
    civreg.faults(delay_ms=40)
    patient = pemadanan_run(
        user=None, max_age=None, registry=_client(civreg, timeout=2.0, batch_size=500)
    )
    assert patient.job.status == JobStatus.SUCCEEDED, patient.error
    assert _stored() == register


def test_refused_key_is_reported(register: dict[str, str], civreg: Civreg) -> None:
    client = HttpCivilRegistry(civreg.url, "kunci-salah", backoff=0.001)
    run = pemadanan_run(user=None, max_age=None, registry=client)
    assert run.job.status == JobStatus.FAILED
    assert "menolak kunci API (HTTP 401)" in run.error
    assert "DTKS_CIVREG_API_KEY" in run.error


def test_settings_client_and_not_configured(
    register: dict[str, str], civreg: Civreg, settings: Any
) -> None:
    run = pemadanan_run(user=None, max_age=None)  # the client from DTKS_CIVREG_* settings
    assert run.job.status == JobStatus.SUCCEEDED, run.error
    assert _stored() == register
    settings.DTKS_CIVREG_URL = ""
    with pytest.raises(PemadananRefusedError, match=r"belum dikonfigurasi.*DTKS_CIVREG_URL"):
        pemadanan_create(user=None)
    assert PemadananRun.objects.count() == 1


def test_one_run_at_a_time(register: dict[str, str], civreg: Civreg) -> None:
    queued = pemadanan_create(user=None)
    with pytest.raises(PemadananRefusedError, match=f"Pemadanan #{queued.pk} masih"):
        pemadanan_create(user=None)
    with pytest.raises(PemadananRefusedError, match="tidak dikenal"):
        pemadanan_create(user=None, target="semua")


def test_reads_are_scoped_by_region(
    register: dict[str, str], civreg: Civreg, make_user: Callable[..., User]
) -> None:
    from dtks.registry.models import Person

    pemadanan_run(user=None, max_age=None, registry=_client(civreg))
    pusdatin = make_user(Role.PUSDATIN)
    assert civreg_status_counts(user=pusdatin) == dict(Counter(register.values()))
    person = Person.objects.select_related("household").order_by("pk").first()
    assert person is not None
    assert person.nik
    village = person.household.village_id
    operator = make_user(Role.OPERATOR_DESA, village)
    own = list(Person.objects.filter(household__village_id=village).values_list("nik", flat=True))
    counts = civreg_status_counts(user=operator)
    assert counts == dict(Counter(register[nik] for nik in own))
    outside = next(nik for nik in register if nik not in own)
    latest = civreg_latest_by_nik(user=operator, niks=[own[0], outside])
    assert set(latest) == {own[0]}
    assert latest[own[0]].status == register[own[0]]
    assert civreg_status_counts(user=make_user(Role.PARTNER)) == {}


def test_landed_source_records_are_verified(regions: None, civreg: Civreg) -> None:
    from dtks.intake.imports import import_batch_create, import_batch_run
    from dtks.intake.models import SourcePerson

    for source, path in (
        ("PKH", civreg.data / "sources" / "pkh_persons.csv"),
        ("DUKCAPIL", civreg.data / "civil_registry" / "persons.csv"),
    ):
        created = import_batch_create(source=source, paths=[path], created_by=None)
        batch = import_batch_run(batch_id=created.batch.pk)
        assert batch.job.status == JobStatus.SUCCEEDED, batch.error_message
    pkh = SourcePerson.objects.filter(source="PKH", nik__isnull=False)
    values = set(
        pkh.values_list("nik", "nama", "tanggal_lahir", "jenis_kelamin", "nama_ibu_kandung")
    )
    run = pemadanan_run(
        user=None, target="sources", max_age=None, registry=_client(civreg, batch_size=500)
    )
    assert run.job.status == JobStatus.SUCCEEDED, run.error
    assert run.total == run.sent == len(values) == CivregCheck.objects.count()
    assert sum(run.counts.values()) == run.total
    assert set(CivregCheck.objects.values_list("nik", flat=True)) == {v[0] for v in values}
    assert run.padan > 0
    assert run.data_berbeda > 0
