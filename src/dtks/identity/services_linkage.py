"""Link runs: every landed source record into golden records of the register, as a job.

``link_run`` reads every landed source record (all batches, all sources, the civil-registry
extract included) through ADBC, clusters them (``dtks.pipeline.linkage.link_persons``, with the
reviewers' decisions), makes one golden record per cluster (``golden.py``), rebuilds the
households per family card (``households.py``), and writes, in ONE database transaction, the
new register, its lineage, the review queue and the quality report (``report.py``). A failure
anywhere leaves the register, lineage and queue exactly as they were, and the job says why.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.db import connection as django_connection
from django.db import transaction
from django.utils.translation import gettext as _

from dtks.accounts.models import User
from dtks.audit.services import audit_record
from dtks.identity import linkage_db
from dtks.identity.golden import SurvivorshipRules, attach_probability, golden_records
from dtks.identity.households import households_build
from dtks.identity.models import LinkRun
from dtks.identity.report import quality_report
from dtks.jobs.models import Job, JobStatus
from dtks.jobs.services import JobProgress, Listener, job_create, job_run
from dtks.pipeline import dbio
from dtks.pipeline.linkage import Thresholds, link_persons
from dtks.pipeline.linkage.model import default_model_path
from dtks.registry.bulk_load import django_database_target

ENGINES = ("duckdb", "spark")
JOB_KIND = "link_run"
Progress = Callable[[str, int, int | None], None]
DEFAULT_THRESHOLDS = Thresholds()


class LinkRunRefusedError(ValueError):
    """The request is wrong (engine, model file); nothing was started."""


def link_run_create(
    *,
    user: User | None,
    engine: str = "duckdb",
    model_path: Path | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> LinkRun:
    """Record a queued link run (and its job), audited; one at a time (each replaces the
    whole register)."""
    if engine not in ENGINES:
        raise LinkRunRefusedError(
            _("Mesin %(engine)r tidak dikenal; pilih salah satu: %(engines)s")
            % {"engine": engine, "engines": ", ".join(ENGINES)}
        )
    if model_path is not None and not Path(model_path).is_file():
        raise LinkRunRefusedError(_("Berkas model %(path)s tidak ditemukan") % {"path": model_path})
    with transaction.atomic():
        busy = LinkRun.objects.filter(job__status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).first()
        if busy is not None:
            raise LinkRunRefusedError(
                _("Proses identitas #%(id)s masih menunggu atau berjalan; tunggu sampai selesai.")
                % {"id": busy.pk}
            )
        job = job_create(kind=JOB_KIND, created_by=user)
        run = LinkRun.objects.create(
            job=job,
            engine=engine,
            accept_threshold=thresholds.accept,
            review_threshold=thresholds.review,
            created_by=user,
        )
        audit_record(
            actor=user,
            action="identity.link_run",
            obj=run,
            summary=f"Proses pemadanan identitas #{run.pk} ({engine})",
            changes={"model": [None, str(model_path) if model_path else None]},
        )
    return run


def link_run_enqueue(*, link_run: LinkRun, model_path: Path | None = None) -> None:
    """Hand the run to the background worker (``dtks db_worker``) once committed."""
    from dtks.identity.tasks_linkage import run_link

    if link_run.job_id is None:
        raise LinkRunRefusedError(_("Proses pemadanan tanpa pekerjaan tidak dapat diantrekan"))
    job_id: int = link_run.job_id

    def enqueue() -> None:
        result = run_link.enqueue(
            link_run_id=link_run.pk, model_path=str(model_path) if model_path else None
        )
        Job.objects.filter(pk=job_id).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def link_run_execute(
    *, link_run_id: int, model_path: Path | None = None, listener: Listener | None = None
) -> LinkRun:
    """Run queued link run ``link_run_id`` as its job; a failure is recorded on the job.

    A run that already ran (or is running) is returned as it is.
    """
    run = LinkRun.objects.select_related("job").get(pk=link_run_id)
    job = run.job
    if job is None or job.status not in {JobStatus.QUEUED, JobStatus.FAILED}:
        return run

    def work(progress: JobProgress) -> None:
        _work(run, model_path, progress)

    with contextlib.suppress(Exception):  # recorded on the job (failed, error) by job_run
        job_run(job_id=job.pk, work=work, listener=listener)
    run.refresh_from_db()
    if run.job is not None:
        run.job.refresh_from_db()
    if run.finished_at is not None:
        report = run.report
        audit_record(
            actor=run.created_by,
            action="identity.link_run_finished",
            obj=run,
            summary=(
                f"Registri dibangun ulang: {report['persons']['register']} individu, "
                f"{report['households']['households']} rumah tangga"
            ),
        )
    return run


def link_run(
    *,
    user: User | None,
    engine: str = "duckdb",
    model_path: Path | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    progress: Progress | None = None,
) -> LinkRun:
    """Create and run a link run inline (CLI, demo, tests); ``progress(step, done, total)``."""
    run = link_run_create(user=user, engine=engine, model_path=model_path, thresholds=thresholds)

    def listen(job: Job) -> None:
        if progress is not None:
            progress(job.step, job.done, job.total)

    return link_run_execute(link_run_id=run.pk, model_path=model_path, listener=listen)


def _work(run: LinkRun, model_path: Path | None, progress: JobProgress) -> None:
    rules = SurvivorshipRules()
    target = django_database_target()
    progress("membaca rekaman sumber", 0, None)
    reader = dbio.connect(target)
    try:
        with reader.cursor() as cursor:
            inputs = linkage_db.run_inputs(cursor, vendor=target.vendor, rules=rules)
    finally:
        reader.close()
    if inputs.records.num_rows == 0:
        raise LinkRunRefusedError(
            _("Belum ada rekaman sumber yang diimpor; tidak ada yang dipadankan.")
        )
    result = link_persons(
        inputs.linkage_persons,
        engine=run.engine,
        # The stored model (a deployment's own, or the one dtks ships): prediction reuses
        # it instead of retraining on every run (docs/linkage.md).
        model_path=model_path or default_model_path(),
        thresholds=Thresholds(accept=run.accept_threshold, review=run.review_threshold),
        decisions=_decisions(),
        progress=lambda step, done, total: progress(step, done, total),
    )
    progress("menyusun rekaman emas", 0, None)
    golden = golden_records(
        records=inputs.records,
        clusters=result.clusters,
        previous=inputs.previous,
        new_ref_prefix=f"I{run.pk}-",
        rules=rules,
    )
    progress("menyusun rumah tangga per KK", 0, None)
    plan = households_build(
        persons=golden.persons,
        records=inputs.records,
        lineage=golden.lineage,
        source_households=inputs.source_households,
        rules=rules,
    )
    tables = linkage_db.register_tables(
        golden_persons=golden.persons,
        lineage=golden.lineage,
        plan=plan,
        probabilities=attach_probability(result.linked_pairs),
        register_ids=inputs.register_ids,
    )
    progress("menulis registri", 0, None)
    django_connection.close()  # no Django-held connection to the SQLite file while ADBC writes
    with progress.database_paused(when=target.vendor == "sqlite"):
        writer = dbio.connect(target)
        try:
            with dbio.transaction(writer, vendor=target.vendor) as cursor:
                linkage_db.register_replace(
                    cursor, vendor=target.vendor, tables=tables, run_id=int(run.pk)
                )
                queued = _review_pairs_replace(
                    cursor, run=run, result_pairs=result.review_pairs, vendor=target.vendor
                )
                report = quality_report(
                    records=inputs.records,
                    golden=golden,
                    plan=plan,
                    link_counts=result.counts,
                    review_pairs_queued=queued,
                    model_version=result.model_version,
                    rules=rules,
                )
                linkage_db.run_finish(
                    cursor,
                    vendor=target.vendor,
                    run_id=int(run.pk),
                    report=report,
                    model_version=result.model_version,
                )
        finally:
            writer.close()
    progress("selesai", 1, 1)


def _decisions() -> pa.Table:
    """The reviewers' decisions (the review queue's selector), fed back into clustering."""
    from dtks.identity.selectors_review import review_decisions_table

    return review_decisions_table()


def _review_pairs_replace(cursor: Any, *, run: LinkRun, result_pairs: pa.Table, vendor: str) -> int:
    """The run's uncertain pairs into the review queue, on the same transaction."""
    from dtks.identity.services_review import review_pairs_replace_in_transaction

    return review_pairs_replace_in_transaction(
        cursor=cursor, vendor=vendor, link_run_id=int(run.pk), pairs=result_pairs
    ).queued
