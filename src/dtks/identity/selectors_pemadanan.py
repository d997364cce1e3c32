"""Reads of pemadanan. Runs carry only counts (no personal data) and are listed to the roles
that may start them; verdicts on people are read within the user's region scope, through the
register person's household village or the source record's village."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, OuterRef, QuerySet, Subquery

from dtks.accounts.models import User
from dtks.accounts.roles import IMPORTERS
from dtks.accounts.scope import region_scope
from dtks.identity.models import CivregCheck, PemadananRun, PemadananTarget
from dtks.intake.models import SourcePerson
from dtks.jobs.models import JobStatus
from dtks.registry.models import Person

# Dinas Sosial (kab/kota, provinsi) and Pusdatin, like bulk imports.
PEMADANAN_RUNNERS = IMPORTERS
NOT_CHECKED = "belum_diperiksa"


def can_run_pemadanan(*, user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in PEMADANAN_RUNNERS


def pemadanan_list(*, user: User) -> QuerySet[PemadananRun]:
    runs = PemadananRun.objects.select_related("job", "created_by")
    return runs if can_run_pemadanan(user=user) else runs.none()


def pemadanan_get(*, user: User, run_id: int) -> PemadananRun | None:
    return pemadanan_list(user=user).filter(pk=run_id).first()


def pemadanan_busy(*, user: User) -> PemadananRun | None:
    """The run that is queued or running, if any."""
    return (
        pemadanan_list(user=user)
        .filter(job__status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .first()
    )


def _latest_status() -> Subquery:
    latest = CivregCheck.objects.filter(nik=OuterRef("nik")).order_by("-checked_at", "-id")
    return Subquery(latest.values("status")[:1])


def _people(*, user: User, target: str) -> QuerySet[Person] | QuerySet[SourcePerson]:
    scope = region_scope(user=user)
    if target == PemadananTarget.SOURCES:
        return SourcePerson.objects.filter(scope.village_filter("village__code"), nik__isnull=False)
    return Person.objects.filter(
        scope.village_filter("household__village__code"), nik__isnull=False
    )


def civreg_status_counts(*, user: User, target: str = PemadananTarget.REGISTER) -> dict[str, int]:
    """People (register) or source records with a NIK in the user's scope, by the latest
    verdict on their NIK; ``belum_diperiksa`` for NIKs never verified."""
    rows = (
        _people(user=user, target=target)
        .annotate(civreg=_latest_status())
        .values("civreg")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {str(row["civreg"] or NOT_CHECKED): int(row["n"]) for row in rows}


def civreg_latest_by_nik(*, user: User, niks: Iterable[str]) -> dict[str, CivregCheck]:
    """The latest verdict on each NIK of ``niks`` held by a register person or a source record
    in the user's scope (other NIKs are left out as if never verified)."""
    wanted = set(niks)
    visible = set(
        _people(user=user, target=PemadananTarget.REGISTER)
        .filter(nik__in=wanted)
        .values_list("nik", flat=True)
    )
    visible |= set(
        _people(user=user, target=PemadananTarget.SOURCES)
        .filter(nik__in=wanted - visible)
        .values_list("nik", flat=True)
    )
    latest: dict[str, CivregCheck] = {}
    for check in CivregCheck.objects.filter(nik__in=visible).order_by("nik", "checked_at", "id"):
        latest[check.nik] = check
    return latest
