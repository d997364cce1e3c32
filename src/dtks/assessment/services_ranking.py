"""Rankings: score every registered household with an approved PMT model, as a job.

``ranking_execute`` exports the register as Arrow through ADBC (``register_db``), runs
``dtks.pipeline.pmt.rank.score_and_rank`` on the chosen engine (DuckDB or Spark), and writes
every ``HouseholdScore`` row in ONE ADBC transaction that also marks the ranking done. On any
failure nothing is written: the ranking is "failed" with the reason, and its job says why. A
ranking's scores are never changed afterwards; ranking again makes a new ranking.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from django.db import connection as django_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dtks.accounts.models import User
from dtks.assessment import register_db
from dtks.assessment.models import PmtModel, PmtModelStatus, Ranking, RankingStatus
from dtks.assessment.services_models import PmtModelPermissionError, can_manage_models
from dtks.audit.services import audit_record
from dtks.jobs.models import Job, JobStatus
from dtks.jobs.services import JobProgress, Listener, job_create, job_run
from dtks.pipeline import dbio
from dtks.pipeline.pmt.model import PmtModel as PipelineModel
from dtks.pipeline.pmt.model import model_from_json
from dtks.pipeline.pmt.rank import score_and_rank
from dtks.pipeline.sql_engines import ENGINE_NAMES, sql_engine
from dtks.registry.bulk_load import django_database_target

JOB_KIND = "pmt_ranking"
Progress = Callable[[str, int, int | None], None]
ERROR_MAX_LENGTH = 2000


class RankingRefusedError(ValueError):
    """The ranking cannot start (model not approved, unknown engine, one already running)."""


def stored_model_load(model: PmtModel) -> PipelineModel:
    """The pipeline model of a stored row (its hash is checked again on loading)."""
    return model_from_json(json.dumps(model.document))


def ranking_create(
    *,
    model: PmtModel,
    user: User | None,
    engine: str = "duckdb",
    as_of: date | None = None,
) -> Ranking:
    """Record a pending ranking (and its job), audited. ``user`` None: the command line."""
    if user is not None and not can_manage_models(user=user):
        raise PmtModelPermissionError(
            _("Hanya pengguna Pusdatin yang dapat menjalankan pemeringkatan.")
        )
    if engine not in ENGINE_NAMES:
        raise RankingRefusedError(
            _("Mesin %(engine)r tidak dikenal; pilih salah satu: %(engines)s")
            % {"engine": engine, "engines": ", ".join(ENGINE_NAMES)}
        )
    with transaction.atomic():
        model = PmtModel.objects.select_for_update().get(pk=model.pk)
        if model.status != PmtModelStatus.APPROVED:
            raise RankingRefusedError(
                _(
                    "Model %(version)s berstatus %(status)s: hanya model yang disetujui Pusdatin "
                    "yang dapat dipakai memeringkat."
                )
                % {"version": model.short_version, "status": model.get_status_display()}
            )
        busy = Ranking.objects.filter(
            status__in=[RankingStatus.PENDING, RankingStatus.RUNNING],
            job__status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
        ).first()
        if busy is not None:
            raise RankingRefusedError(
                _("Pemeringkatan #%(id)s masih menunggu atau berjalan; tunggu sampai selesai.")
                % {"id": busy.pk}
            )
        job = job_create(kind=JOB_KIND, created_by=user)
        ranking = Ranking.objects.create(
            model=model,
            engine=engine,
            job=job,
            as_of=as_of or timezone.localdate(),
            created_by=user,
        )
        audit_record(
            actor=user,
            action="assessment.ranking_create",
            obj=ranking,
            summary=(
                f"Pemeringkatan #{ranking.pk} dengan model {model.short_version} ({engine}), "
                f"tanggal acuan {ranking.as_of:%Y-%m-%d}"
            ),
        )
    return ranking


def ranking_enqueue(*, ranking: Ranking) -> None:
    """Hand the ranking to the background worker (``dtks db_worker``) once committed."""
    from dtks.assessment.tasks import run_ranking

    if ranking.job_id is None:
        raise RankingRefusedError(_("Pemeringkatan tanpa pekerjaan tidak dapat diantrekan"))
    job_id: int = ranking.job_id

    def enqueue() -> None:
        result = run_ranking.enqueue(ranking_id=ranking.pk)
        Job.objects.filter(pk=job_id).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def ranking_execute(*, ranking_id: int, listener: Listener | None = None) -> Ranking:
    """Run pending ranking ``ranking_id`` as its job; a failure is recorded on both.

    A ranking that already ran (or is running) is returned as it is.
    """
    ranking = Ranking.objects.select_related("job", "model").get(pk=ranking_id)
    job = ranking.job
    if job is None or ranking.status != RankingStatus.PENDING:
        return ranking
    Ranking.objects.filter(pk=ranking.pk).update(status=RankingStatus.RUNNING)

    def work(progress: JobProgress) -> int:
        return _work(ranking, progress)

    try:
        written = job_run(job_id=job.pk, work=work, listener=listener)
    except Exception as error:
        reason = str(error).strip() or type(error).__name__
        Ranking.objects.filter(pk=ranking.pk).update(
            status=RankingStatus.FAILED,
            error=reason[:ERROR_MAX_LENGTH],
            finished_at=timezone.now(),
        )
        ranking.refresh_from_db()
        audit_record(
            actor=ranking.created_by,
            action="assessment.ranking_failed",
            obj=ranking,
            summary=f"Pemeringkatan #{ranking.pk} gagal: {reason}",
        )
        return ranking
    ranking.refresh_from_db()
    audit_record(
        actor=ranking.created_by,
        action="assessment.ranking_done",
        obj=ranking,
        summary=f"Pemeringkatan #{ranking.pk} selesai: {written} rumah tangga dinilai",
    )
    return ranking


def ranking_run(
    *,
    model: PmtModel,
    user: User | None,
    engine: str = "duckdb",
    as_of: date | None = None,
    progress: Progress | None = None,
) -> Ranking:
    """Create and run a ranking inline (CLI, demo, tests); ``progress(step, done, total)``."""
    ranking = ranking_create(model=model, user=user, engine=engine, as_of=as_of)

    def listen(job: Job) -> None:
        if progress is not None:
            progress(job.step, job.done, job.total)

    return ranking_execute(ranking_id=ranking.pk, listener=listen)


_STEPS = 5


def _work(ranking: Ranking, progress: JobProgress) -> int:
    target = django_database_target()
    progress(_("memuat model"), 0, _STEPS)
    model = stored_model_load(ranking.model)
    progress(_("membaca registri"), 1, _STEPS)
    # SQLite: the ADBC driver has its own SQLite; it sees what Django's connection wrote (in
    # the WAL) reliably only once that connection is closed.
    django_connection.close()
    reader = dbio.connect(target)
    try:
        with reader.cursor() as cursor:
            tables = register_db.register_read(cursor)
    finally:
        reader.close()
    if tables.households.num_rows == 0:
        raise RankingRefusedError(_("Registri masih kosong; tidak ada rumah tangga yang dinilai."))
    progress(_("menghitung proksi, skor dan peringkat"), 2, _STEPS)
    engine = sql_engine(ranking.engine)
    try:
        scores = score_and_rank(
            engine=engine,
            households=tables.households,
            persons=tables.persons,
            members=tables.members,
            model=model,
            as_of=ranking.as_of,
        )
    finally:
        engine.close()
    if scores.num_rows != tables.households.num_rows:
        raise RuntimeError(
            f"Skor {scores.num_rows} rumah tangga, registri {tables.households.num_rows}"
        )
    progress(_("menulis skor"), 3, _STEPS)
    django_connection.close()  # no Django-held connection to the SQLite file while ADBC writes
    with progress.database_paused(when=target.vendor == "sqlite"):
        writer = dbio.connect(target)
        try:
            with dbio.transaction(writer, vendor=target.vendor) as cursor:
                written = register_db.scores_write(
                    cursor,
                    vendor=target.vendor,
                    ranking_id=int(ranking.pk),
                    scores=scores,
                    finished_at=timezone.now(),
                )
        finally:
            writer.close()
    progress(_("selesai"), _STEPS, _STEPS)
    return written
