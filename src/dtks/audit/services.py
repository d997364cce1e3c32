"""Recording audit events."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models

from dtks.accounts.models import User
from dtks.audit.models import AuditEvent


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    summary: str = "",
    changes: Mapping[str, object] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``obj``; ``changes`` maps field -> [old, new]."""
    label = actor.get_username() if actor is not None else "sistem"
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        changes=dict(changes or {}),
    )


def field_changes(
    before: Mapping[str, object], after: Mapping[str, object]
) -> dict[str, list[object]]:
    """``{field: [old, new]}`` for the fields whose value differs (values made JSON-safe)."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _plain(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
