"""Template filters of the registry browser."""

from __future__ import annotations

from django import template

from dtks.registry.presenters import mask_nik as _mask_nik

register = template.Library()


@register.filter
def mask_nik(value: str | None) -> str:
    """``1871********0001``: a NIK or KK number as shown in lists."""
    return _mask_nik(value)
