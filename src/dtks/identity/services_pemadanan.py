"""Pemadanan: verify the register's people (or the landed source records) with Dukcapil.

A run reads the people to verify in chunks of NIKs (``pemadanan_db``), skips the values whose
stored verdict is younger than the run's maximum age, sends the rest in batches through the
civil-registry client (``HttpCivilRegistry`` from settings, or any ``CivilRegistry``) and stores
each batch's verdicts as soon as they arrive. When the registry fails (down, too slow, circuit
open, key refused) the run stops with an Indonesian message on the run and its job; what was
stored stays, and the next run continues from there because the stored verdicts are fresh.

Web: ``pemadanan_create`` + ``pemadanan_enqueue`` (``tasks_pemadanan``); CLI: ``pemadanan_run``
inline (or create + enqueue with ``--background``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dtks.accounts.models import User
from dtks.audit.services import audit_record
from dtks.identity import pemadanan_db as db
from dtks.identity.civreg_client import (
    CircuitOpenError,
    CivilRegistry,
    CivilRegistryError,
    CivilRegistryUnavailableError,
    HttpCivilRegistry,
)
from dtks.identity.models import CivregStatus, PemadananRun, PemadananTarget
from dtks.jobs.models import Job, JobStatus
from dtks.jobs.services import JobProgress, Listener, job_create, job_run

JOB_KIND = "pemadanan"
# NIKs read per chunk; the registry is asked in batches of DTKS_CIVREG_BATCH_SIZE.
CHUNK_NIKS = 5000


class PemadananRefusedError(ValueError):
    """The run cannot start (not configured, bad request, another run busy); nothing stored."""


class PemadananFailedError(RuntimeError):
    """The civil registry failed during the run; ``message`` says what in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def pemadanan_configured() -> bool:
    return bool(settings.DTKS_CIVREG_URL)


def civil_registry_from_settings() -> HttpCivilRegistry:
    """The configured client; ``PemadananRefusedError`` when pemadanan is not configured."""
    if not pemadanan_configured():
        raise PemadananRefusedError(
            "Pemadanan belum dikonfigurasi: setel DTKS_CIVREG_URL dan DTKS_CIVREG_API_KEY "
            "(alamat dan kunci API layanan Dukcapil)."
        )
    return HttpCivilRegistry(
        settings.DTKS_CIVREG_URL,
        settings.DTKS_CIVREG_API_KEY,
        timeout=settings.DTKS_CIVREG_TIMEOUT,
        retries=settings.DTKS_CIVREG_RETRIES,
        batch_size=settings.DTKS_CIVREG_BATCH_SIZE,
    )


def pemadanan_create(
    *,
    user: User | None,
    target: str = PemadananTarget.REGISTER,
    max_age: timedelta | None = None,
    configured: bool | None = None,
) -> PemadananRun:
    """Record a queued run. ``max_age``: reuse stored verdicts younger than this (None: the
    setting DTKS_CIVREG_MAX_AGE_DAYS). ``configured=True`` when a registry is passed in."""
    if target not in PemadananTarget.values:
        raise PemadananRefusedError(
            f"Sasaran {target!r} tidak dikenal; pilih register atau sources."
        )
    if not (configured if configured is not None else pemadanan_configured()):
        civil_registry_from_settings()  # raises the "not configured" error
    if max_age is None:
        max_age = timedelta(days=settings.DTKS_CIVREG_MAX_AGE_DAYS)
    if max_age < timedelta(0):
        raise PemadananRefusedError("Umur hasil tersimpan tidak boleh negatif.")
    busy = PemadananRun.objects.filter(
        job__status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).first()
    if busy is not None:
        raise PemadananRefusedError(
            f"Pemadanan #{busy.pk} masih menunggu atau berjalan; tunggu sampai selesai."
        )
    with transaction.atomic():
        run = PemadananRun.objects.create(
            job=job_create(kind=JOB_KIND, created_by=user),
            target=target,
            max_age_days=max_age.days,
            created_by=user,
        )
        audit_record(
            actor=user,
            action="pemadanan_mulai",
            obj=run,
            summary=f"Pemadanan #{run.pk} ({target}, hasil tersimpan < {max_age.days} hari)",
        )
    return run


def pemadanan_enqueue(*, run: PemadananRun) -> None:
    """Hand the run to the background worker (``dtks db_worker``) once committed."""
    from dtks.identity.tasks_pemadanan import run_pemadanan

    def enqueue() -> None:
        result = run_pemadanan.enqueue(run_id=run.pk)
        Job.objects.filter(pk=run.job_id).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def pemadanan_execute(
    *, run_id: int, registry: CivilRegistry | None = None, listener: Listener | None = None
) -> PemadananRun:
    """Run queued run ``run_id`` as its job; a run delivered again after it ran is returned
    as it is. A failure is recorded on the run (``error``) and its job, not raised."""
    run = PemadananRun.objects.select_related("job").get(pk=run_id)
    if run.job.status != JobStatus.QUEUED:
        return run
    PemadananRun.objects.filter(pk=run.pk).update(started_at=timezone.now(), error="")
    try:
        client = registry if registry is not None else civil_registry_from_settings()
        job_run(
            job_id=run.job_id, work=lambda progress: _work(run, client, progress), listener=listener
        )
    except (PemadananFailedError, PemadananRefusedError) as error:
        _failed(run, str(error))
    except Exception as error:  # recorded on the job by job_run; say it on the run too
        _failed(run, f"Pemadanan berhenti karena galat tak terduga: {error}")
    PemadananRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db()
    run.job.refresh_from_db()
    return run


def _failed(run: PemadananRun, message: str) -> None:
    PemadananRun.objects.filter(pk=run.pk).update(error=message)
    Job.objects.filter(pk=run.job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.FAILED, error=message, finished_at=timezone.now()
    )


def pemadanan_run(
    *,
    user: User | None,
    target: str = PemadananTarget.REGISTER,
    max_age: timedelta | None = None,
    registry: CivilRegistry | None = None,
    progress: Listener | None = None,
) -> PemadananRun:
    """Create and run a pemadanan inline (the CLI, tests); returns the finished run."""
    run = pemadanan_create(
        user=user, target=target, max_age=max_age, configured=registry is not None or None
    )
    return pemadanan_execute(run_id=run.pk, registry=registry, listener=progress)


def _work(run: PemadananRun, registry: CivilRegistry, progress: JobProgress) -> None:
    since = timezone.now() - timedelta(days=run.max_age_days)
    batch_size = int(getattr(registry, "batch_size", settings.DTKS_CIVREG_BATCH_SIZE))
    counters = dict.fromkeys(db.RUN_COUNTERS, 0)
    progress("menghitung rekaman", 0, None)
    with db.adbc_session(_paused(progress)) as connection:
        counters["total"] = db.people_count(connection, target=run.target)
    PemadananRun.objects.filter(pk=run.pk).update(total=counters["total"])
    after = ""
    while True:
        with db.adbc_session(_paused(progress)) as connection:
            people = db.people_after(connection, target=run.target, after=after, niks=CHUNK_NIKS)
            vendor = db.database_vendor()
            fresh = (
                db.fresh_verdicts(
                    connection, vendor=vendor, first=people[0].nik, last=people[-1].nik, since=since
                )
                if people
                else {}
            )
        if not people:
            break
        after = people[-1].nik
        todo = []
        for person in people:
            status = fresh.get(person.key)
            if status is None:
                todo.append(person)
            else:
                counters["reused"] += 1
                counters[status] += 1
        for start in range(0, len(todo), batch_size):
            _send(run, registry, todo[start : start + batch_size], counters, progress)
        progress("memeriksa ke Dukcapil", counters["reused"] + counters["sent"], counters["total"])
    PemadananRun.objects.filter(pk=run.pk).update(**counters)
    progress("selesai", counters["total"], counters["total"])


def _paused(progress: JobProgress) -> Callable[[bool], AbstractContextManager[None]]:
    """Job progress stays off the database while ADBC holds a SQLite file."""
    return lambda sqlite: progress.database_paused(when=sqlite)


def _send(
    run: PemadananRun,
    registry: CivilRegistry,
    batch: list[db.Person],
    counters: dict[str, int],
    progress: JobProgress,
) -> None:
    records = [person.record(str(index)) for index, person in enumerate(batch)]
    try:
        results = registry.verify(records)
    except CivilRegistryError as error:
        PemadananRun.objects.filter(pk=run.pk).update(**counters)
        raise PemadananFailedError(_explain(error, stored=counters["sent"])) from error
    if [r.ref for r in results] != [r.ref for r in records]:
        raise PemadananFailedError("Jawaban Dukcapil tidak sesuai dengan rekaman yang dikirim.")
    counters["sent"] += len(results)
    for result in results:
        counters[result.status] += 1
    with db.adbc_session(_paused(progress)) as connection:
        db.store_verdicts(
            connection,
            vendor=db.database_vendor(),
            run_id=run.pk,
            people=batch,
            results=results,
            counters=counters,
        )
        progress("memeriksa ke Dukcapil", counters["reused"] + counters["sent"], counters["total"])


def _explain(error: CivilRegistryError, *, stored: int) -> str:
    kept = (
        f" {stored} hasil dari proses ini sudah tersimpan; jalankan pemadanan lagi untuk "
        "melanjutkan dari rekaman yang belum diperiksa."
    )
    if isinstance(error, CircuitOpenError):
        return (
            "Layanan Dukcapil tidak dihubungi: pemutus sirkuit terbuka setelah kegagalan "
            "berturut-turut. Coba lagi beberapa saat lagi." + kept
        )
    if isinstance(error, CivilRegistryUnavailableError):
        return (
            "Layanan Dukcapil tidak tersedia (tidak menjawab, waktu tunggu habis atau galat "
            f"server) setelah beberapa kali dicoba: {error}." + kept
        )
    if error.status in (401, 403):
        return (
            f"Layanan Dukcapil menolak kunci API (HTTP {error.status}); periksa "
            "DTKS_CIVREG_API_KEY." + kept
        )
    return f"Layanan Dukcapil menolak permintaan: {error}." + kept


STATUS_LABELS = dict(CivregStatus.choices)
