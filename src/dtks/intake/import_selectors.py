"""Reads of import batches. Quarantine rows hold personal data, so batches are scoped: a
pusdatin user sees every batch, a dinsos user the batches made by accounts inside their region
(their own included), anyone else none. CLI imports (no user) are pusdatin's."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet

from dtks.accounts.models import User
from dtks.accounts.roles import IMPORTERS, Role
from dtks.domain.rules import RULES
from dtks.intake.models import ImportBatch, ImportIssue, QuarantineRow


def can_import(*, user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in IMPORTERS


def import_list(*, user: User) -> QuerySet[ImportBatch]:
    batches = ImportBatch.objects.select_related("job", "created_by")
    if not can_import(user=user):
        return batches.none()
    if user.is_superuser or user.role == Role.PUSDATIN:
        return batches
    if user.region_id is None:
        return batches.filter(created_by=user)
    code = user.region_id
    return batches.filter(
        Q(created_by=user)
        | Q(created_by__region__code=code)
        | Q(created_by__region__code__startswith=code + ".")
    )


def import_get(*, user: User, batch_id: int) -> ImportBatch | None:
    return import_list(user=user).filter(pk=batch_id).first()


def quarantine_files(*, batch: ImportBatch) -> list[str]:
    """The names of the batch's files that have quarantined rows."""
    return list(
        QuarantineRow.objects.filter(batch=batch)
        .order_by("file_name")
        .values_list("file_name", flat=True)
        .distinct()
    )


def quarantine_rows(*, batch: ImportBatch, file_name: str) -> Iterator[QuarantineRow]:
    return (
        QuarantineRow.objects.filter(batch=batch, file_name=file_name)
        .order_by("row_number")
        .iterator(chunk_size=2000)
    )


def quarantine_preview(*, batch: ImportBatch, limit: int = 50) -> QuerySet[QuarantineRow]:
    return QuarantineRow.objects.filter(batch=batch).order_by("file_name", "row_number")[:limit]


def issue_counts(*, batch: ImportBatch, english: bool = False) -> list[dict[str, object]]:
    """Repairs, flags and rejections per rule and column, most frequent first, each with
    the rule's message."""
    rows = list(
        ImportIssue.objects.filter(batch=batch)
        .values("rule_code", "severity", "column_name")
        .annotate(n=Count("id"))
        .order_by("-n", "rule_code")
    )
    for row in rows:
        known = RULES.get(str(row["rule_code"]))
        row["message"] = (known.message_en if english else known.message) if known else ""
    return rows
