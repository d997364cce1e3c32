"""Reads of the region tree (public data: no scope needed)."""

from __future__ import annotations

from django.db.models import QuerySet

from dtks.regions.models import Region


def region_children(*, code: str | None) -> QuerySet[Region]:
    """The regions directly under ``code``, or the provinces when ``code`` is None."""
    if code is None:
        return Region.objects.filter(level=1)
    return Region.objects.filter(parent_id=code)


def region_ancestors(*, region: Region) -> list[Region]:
    """From the province down to ``region`` itself (at most four rows, one query)."""
    codes = [region.code[:length] for length in (2, 5, 8, 13) if length <= len(region.code)]
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def region_get(*, code: str) -> Region | None:
    return Region.objects.filter(code=code).first()
