"""Eligibility runs (penetapan kelayakan): the current PMT ranking into beneficiary lists.

``eligibility_run_create`` records a pending run with the rule versions it will use (the
newest active version of each programme) on the current ranking; ``eligibility_run_execute``
reads the ranked households and their people through ADBC, decides every programme on the
chosen engine (``dtks.pipeline.eligibility.eligibility_decide``) and writes all decisions and
the totals in ONE transaction. A failure anywhere writes nothing: the run is "failed" with the
reason. Web: create + enqueue (``tasks``); CLI: ``eligibility_run`` inline.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa
from django.db import connection as django_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dtks.accounts.models import User
from dtks.assessment.models import Ranking, RankingStatus
from dtks.assessment.selectors import current_ranking
from dtks.audit.services import audit_record
from dtks.domain.eligibility import ProgrammeRules, RuleError, parse_rules
from dtks.jobs.models import Job, JobStatus
from dtks.jobs.services import JobProgress, Listener, job_create, job_run
from dtks.pipeline import dbio
from dtks.pipeline.sql_engines import ENGINE_NAMES, sql_engine
from dtks.programs import eligibility_db
from dtks.programs.models import EligibilityRun, Programme, RuleSet, RunStatus
from dtks.programs.selectors import minimum_wages_for, rule_sets_active, run_busy
from dtks.programs.services import (
    ProgrammePermissionError,
    programmes_seed,
    require_programme_editor,
)
from dtks.registry.bulk_load import django_database_target

JOB_KIND = "eligibility_run"


class EligibilityRunRefusedError(ValueError):
    """The run cannot start (no ranking, engine unknown, another run busy); nothing stored."""


def eligibility_run_create(
    *, user: User | None, engine: str = "duckdb", as_of: date | None = None
) -> EligibilityRun:
    """Record a pending run on the current ranking with today's active rule versions; pusdatin
    only (``None``: the command line); audited. Seeds the default programmes when none exist."""
    require_programme_editor(user)
    if engine not in ENGINE_NAMES:
        raise EligibilityRunRefusedError(
            _("Mesin %(engine)r tidak dikenal; pilih salah satu: %(engines)s")
            % {"engine": engine, "engines": ", ".join(ENGINE_NAMES)}
        )
    ranking = current_ranking()
    if ranking is None:
        raise EligibilityRunRefusedError(
            _("Belum ada peringkat PMT yang selesai; jalankan pemeringkatan (dtks pmt rank) dulu.")
        )
    if not Programme.objects.exists():
        programmes_seed(user=user)
    rule_sets = rule_sets_active()
    if not rule_sets:
        raise EligibilityRunRefusedError(_("Tidak ada program dengan versi aturan yang aktif."))
    with transaction.atomic():
        busy = run_busy()
        if busy is not None:
            raise EligibilityRunRefusedError(
                _("Penetapan #%(id)s masih menunggu atau berjalan; tunggu sampai selesai.")
                % {"id": busy.pk}
            )
        run = EligibilityRun.objects.create(
            ranking=ranking,
            engine=engine,
            as_of=as_of or timezone.localdate(),
            job=job_create(kind=JOB_KIND, created_by=user),
            created_by=user,
        )
        run.rule_sets.set(rule_sets)
        versions = ", ".join(f"{r.programme.code} v{r.version}" for r in rule_sets)
        audit_record(
            actor=user,
            action="program.penetapan_mulai",
            obj=run,
            summary=f"Penetapan #{run.pk} atas peringkat #{ranking.pk} ({engine}): {versions}",
        )
    return run


def eligibility_run_enqueue(*, run: EligibilityRun) -> None:
    """Hand the run to the background worker (``dtks db_worker``) once committed."""
    from dtks.programs.tasks import run_eligibility

    job_id = run.job_id
    if job_id is None:
        raise EligibilityRunRefusedError(_("Penetapan tanpa pekerjaan tidak dapat diantrekan."))

    def enqueue() -> None:
        result = run_eligibility.enqueue(run_id=run.pk)
        Job.objects.filter(pk=job_id).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def eligibility_run_execute(*, run_id: int, listener: Listener | None = None) -> EligibilityRun:
    """Run pending run ``run_id`` as its job; a run delivered again after it ran is returned as
    it is. A failure is recorded on the run (``error``, "failed") and its job, not raised."""
    run = EligibilityRun.objects.select_related("job", "ranking").get(pk=run_id)
    if run.status != RunStatus.PENDING or run.job_id is None:
        return run
    EligibilityRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, error="")
    try:
        job_run(job_id=run.job_id, work=lambda progress: _work(run, progress), listener=listener)
    except (EligibilityRunRefusedError, RuleError, ValueError) as error:
        _failed(run, str(error))
    except Exception as error:  # recorded on the job by job_run; say it on the run too
        _failed(run, _("Penetapan berhenti karena galat tak terduga: %(e)s") % {"e": error})
    run.refresh_from_db()
    if run.job is not None:
        run.job.refresh_from_db()
    if run.status == RunStatus.DONE:
        eligible = sum(int(t["eligible"]) for t in run.totals.values())
        audit_record(
            actor=run.created_by,
            action="program.penetapan_selesai",
            obj=run,
            summary=f"Penetapan #{run.pk} selesai: {eligible} satuan layak",
        )
    return run


def eligibility_run(
    *,
    user: User | None,
    engine: str = "duckdb",
    as_of: date | None = None,
    listener: Listener | None = None,
) -> EligibilityRun:
    """Create and run inline (the CLI, the demo, tests); returns the finished run."""
    run = eligibility_run_create(user=user, engine=engine, as_of=as_of)
    return eligibility_run_execute(run_id=run.pk, listener=listener)


def _failed(run: EligibilityRun, message: str) -> None:
    EligibilityRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error=message, finished_at=timezone.now()
    )
    if run.job_id is None:
        return
    Job.objects.filter(pk=run.job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.FAILED, error=message, finished_at=timezone.now()
    )


def _rule_sets(run: EligibilityRun) -> list[RuleSet]:
    return list(run.rule_sets.select_related("programme").order_by("programme__code"))


def _work(run: EligibilityRun, progress: JobProgress) -> None:
    ranking: Ranking = run.ranking
    if ranking.status != RankingStatus.DONE:
        raise EligibilityRunRefusedError(
            _("Peringkat #%(id)s belum selesai; penetapan tidak dapat dijalankan.")
            % {"id": ranking.pk}
        )
    programmes = []
    for rule_set in _rule_sets(run):
        try:
            programmes.append(parse_rules(rule_set.document))
        except RuleError as error:
            raise EligibilityRunRefusedError(
                _("Aturan %(code)s versi %(v)s tidak berlaku lagi: %(e)s")
                % {"code": rule_set.programme.code, "v": rule_set.version, "e": error}
            ) from error
    wages = eligibility_db.minimum_wages_table(minimum_wages_for(as_of=run.as_of))
    target = django_database_target()
    sqlite = target.vendor == "sqlite"
    progress("membaca rumah tangga berperingkat", 0, None)
    with progress.database_paused(when=sqlite):
        if sqlite:
            django_connection.close()
        reader = dbio.connect(target)
        try:
            with reader.cursor() as cursor:
                inputs = eligibility_db.run_inputs(cursor, ranking_id=int(ranking.pk))
        finally:
            reader.close()
    if inputs.households.num_rows == 0:
        raise EligibilityRunRefusedError(
            _("Peringkat #%(id)s tidak berisi rumah tangga registri; tidak ada yang dinilai.")
            % {"id": ranking.pk}
        )
    progress("menilai kelayakan program", 0, None)
    rows, totals = _decide(run, inputs, programmes, wages)
    progress("menulis keputusan", 0, None)
    with progress.database_paused(when=sqlite):
        if sqlite:
            django_connection.close()
        writer = dbio.connect(target)
        try:
            eligibility_db.decisions_write(
                writer,
                vendor=target.vendor,
                run_id=int(run.pk),
                rows=rows,
                totals=totals,
                finished_at=timezone.now(),
            )
        finally:
            writer.close()
    progress("selesai", 1, 1)


def _decide(
    run: EligibilityRun,
    inputs: eligibility_db.RunInputs,
    programmes: list[ProgrammeRules],
    wages: pa.Table,
) -> tuple[pa.Table, dict[str, dict[str, int]]]:
    from dtks.pipeline.eligibility.decide import eligibility_decide

    engine = sql_engine(run.engine)
    try:
        decisions = eligibility_decide(
            engine=engine,
            households=inputs.households.select(list(eligibility_db.HOUSEHOLD_COLUMNS)),
            persons=inputs.persons.select(list(eligibility_db.PERSON_COLUMNS)),
            minimum_wages=wages,
            programmes=programmes,
            as_of=run.as_of,
        )
    finally:
        engine.close()
    return eligibility_db.decision_rows(run_id=int(run.pk), decisions=decisions, inputs=inputs)


__all__ = [
    "EligibilityRunRefusedError",
    "ProgrammePermissionError",
    "eligibility_run",
    "eligibility_run_create",
    "eligibility_run_enqueue",
    "eligibility_run_execute",
]
