"""Reads of link runs and of golden records with their lineage.

A run's report holds counts only; runs are national work (deduplication at Pusdatin), so only
Pusdatin and superusers see them. A person's lineage is personal data: it is read through the
register's region scope (``registry.selectors.person_list``), so an operator of another
village gets nothing, as for the household page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.identity.models import LinkRun, PersonLineage
from dtks.registry.models import Person
from dtks.registry.selectors import can_read_registry, person_list


def can_run_linkage(*, user: User) -> bool:
    """May ``user`` see link runs and start one (national identity work)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role == Role.PUSDATIN


def link_run_list(*, user: User) -> QuerySet[LinkRun]:
    runs = LinkRun.objects.select_related("job", "created_by").order_by("-created_at", "-id")
    return runs if can_run_linkage(user=user) else runs.none()


def link_run_get(*, user: User, run_id: int) -> LinkRun | None:
    return link_run_list(user=user).filter(pk=run_id).first()


def link_run_previous(*, run: LinkRun) -> LinkRun | None:
    """The finished run before ``run`` (what its merges and splits compare with)."""
    return LinkRun.objects.filter(finished_at__isnull=False, pk__lt=run.pk).order_by("-pk").first()


@dataclass(frozen=True)
class PersonWithLineage:
    person: Person
    lineage: list[PersonLineage]  # with source_person and its batch, best source first
    supplier: dict[str, PersonLineage]  # golden field -> the record that supplied it


def person_lineage_get(*, user: User, person_id: int) -> PersonWithLineage | None:
    """A register person with every source record of it, or None if absent or out of scope."""
    if not can_read_registry(user=user):
        return None
    rows = PersonLineage.objects.select_related("source_person__batch", "source_person__village")
    person = (
        person_list(user=user)
        .select_related("household__village", "family", "link_run")
        .prefetch_related(Prefetch("lineage", queryset=rows.order_by("source_person_id")))
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        return None
    lineage = sorted(
        person.lineage.all(),
        key=lambda row: (-len(row.field_list), row.source_person.batch.created_at),
    )
    supplier = {name: row for row in lineage for name in row.field_list}
    return PersonWithLineage(person=person, lineage=lineage, supplier=supplier)
