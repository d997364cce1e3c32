"""Reads of personal data in the register. Every function applies the user's region scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Substr

from dtks.accounts.models import User
from dtks.accounts.roles import FULL_NIK_READERS
from dtks.accounts.scope import region_scope
from dtks.domain import codes
from dtks.regions.models import CODE_LENGTH, Region
from dtks.regions.selectors import region_ancestors, region_children, region_get
from dtks.registry.models import Family, Household, Person


@dataclass(frozen=True)
class HouseholdFilters:
    """What a registry list may be narrowed by; empty values do not filter."""

    region_code: str = ""  # any level, dotted
    query: str = ""  # a name, a NIK or a KK number (or their start)
    lantai: int | None = None
    sumber_penerangan: int | None = None
    ikut_pkh: bool | None = None


def _scoped_households(*, user: User) -> QuerySet[Household]:
    return Household.objects.filter(region_scope(user=user).village_filter("village__code"))


def _within(field: str, code: str) -> Q:
    """``field`` (a village code) lies in region ``code`` (any level)."""
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def can_read_registry(*, user: User) -> bool:
    """May ``user`` open the registry browser at all (any scope but nothing)?"""
    return not region_scope(user=user).nothing


def can_see_full_nik(*, user: User) -> bool:
    """Full NIKs on the household page and in exports; everyone else sees them masked."""
    if not can_read_registry(user=user):
        return False
    return user.is_superuser or user.role in FULL_NIK_READERS


def household_scoped(*, user: User) -> QuerySet[Household]:
    """Every household the user may see, without annotations (admin, counts)."""
    return _scoped_households(user=user)


def household_list(*, user: User, filters: HouseholdFilters | None = None) -> QuerySet[Household]:
    """Households the user may see, narrowed by ``filters``, with head and member count."""
    filters = filters or HouseholdFilters()
    households = _scoped_households(user=user)
    if filters.region_code:
        households = households.filter(_within("village__code", filters.region_code.strip()))
    query = filters.query.strip()
    if query:
        households = households.filter(pk__in=_matching_household_ids(query))
    if filters.lantai is not None:
        households = households.filter(lantai=filters.lantai)
    if filters.sumber_penerangan is not None:
        households = households.filter(sumber_penerangan=filters.sumber_penerangan)
    if filters.ikut_pkh is not None:
        households = households.filter(ikut_pkh=filters.ikut_pkh)
    heads = Person.objects.filter(hubungan=codes.HEAD).only(
        "id", "household_id", "nama", "nik", "jenis_kelamin", "tanggal_lahir"
    )
    return (
        households.select_related("village", "village__parent")
        .annotate(member_count=Count("members", distinct=True))
        .prefetch_related(Prefetch("members", queryset=heads, to_attr="heads"))
        .order_by("household_ref")
    )


def _matching_household_ids(query: str) -> QuerySet[Person, Any]:
    digits = query.replace(" ", "")
    if digits.isdigit():
        # NIK or KK, whole or its beginning (indexed prefix match).
        return Person.objects.filter(
            Q(nik__startswith=digits) | Q(family__no_kk__startswith=digits)
        ).values("household_id")
    return Person.objects.filter(nama__icontains=query).values("household_id")


def household_get(*, user: User, household_id: int) -> Household | None:
    """One household with its families and members, or None when absent or out of scope."""
    members = Person.objects.select_related("family").order_by("hubungan", "tanggal_lahir", "id")
    return (
        _scoped_households(user=user)
        .select_related("village__parent__parent__parent")
        .prefetch_related(Prefetch("members", queryset=members), "families")
        .filter(pk=household_id)
        .first()
    )


def person_list(*, user: User) -> QuerySet[Person]:
    """People the user may see."""
    scope = region_scope(user=user)
    return Person.objects.filter(scope.village_filter("household__village__code"))


def family_list(*, user: User) -> QuerySet[Family]:
    scope = region_scope(user=user)
    return Family.objects.filter(scope.village_filter("household__village__code"))


@dataclass(frozen=True)
class RegistryCounts:
    households: int
    families: int
    people: int


def registry_counts(*, user: User, region_code: str = "") -> RegistryCounts:
    households = household_list(user=user, filters=HouseholdFilters(region_code=region_code))
    people = person_list(user=user)
    families = family_list(user=user)
    if region_code:
        prefix = _within("household__village__code", region_code)
        people, families = people.filter(prefix), families.filter(prefix)
    return RegistryCounts(
        households=households.order_by().values("pk").count(),
        families=families.count(),
        people=people.count(),
    )


@dataclass(frozen=True)
class RegionRow:
    """One child region of the drill-down with the registry counts under it."""

    region: Region
    households: int
    people: int


@dataclass(frozen=True)
class RegionDrilldown:
    region: Region | None  # None: all of Indonesia
    path: list[Region]  # province first, down to ``region``
    root_code: str | None  # the top of the user's scope (None: national)
    rows: list[RegionRow]  # the child regions, empty for a village
    households: int
    people: int

    def browsable(self, region: Region) -> bool:
        """Can the user open ``region`` of the breadcrumb (is it inside their scope)?"""
        return self.root_code is None or len(region.code) >= len(self.root_code)


def region_drilldown(*, user: User, code: str | None = None) -> RegionDrilldown | None:
    """Counts per child region of ``code`` (default: the user's scope root), within scope.

    None when the user may not read the registry, or ``code`` is unknown or outside their
    scope, so callers answer 404 without telling which. The counts of every child come from
    one grouped query (households joined to their members), never one query per row.
    """
    scope = region_scope(user=user)
    if scope.nothing:
        return None
    code = code or scope.code
    region = None
    if code is not None:
        region = region_get(code=code)
        if region is None or not scope.covers(code):
            return None
    households = _scoped_households(user=user).order_by()
    if code is not None:
        households = households.filter(_within("village__code", code))
    level = region.level if region else 0
    grouped = (
        households.annotate(child=Substr("village_id", 1, CODE_LENGTH[min(level + 1, 4)]))
        .values("child")
        .annotate(n_households=Count("id", distinct=True), n_people=Count("members"))
    )
    counts = {g["child"]: (g["n_households"], g["n_people"]) for g in grouped}
    rows = []
    if level < 4:
        for child in region_children(code=code):
            n_households, n_people = counts.get(child.code, (0, 0))
            rows.append(RegionRow(region=child, households=n_households, people=n_people))
    return RegionDrilldown(
        region=region,
        path=region_ancestors(region=region) if region else [],
        root_code=scope.code,
        rows=rows,
        households=sum(h for h, _ in counts.values()),
        people=sum(p for _, p in counts.values()),
    )


def region_filter_options(*, user: User, selected: str = "") -> list[Region]:
    """Regions the list's region filter offers: those under the user's scope root, plus
    ``selected`` when it is a deeper region inside the scope (reached from the drill-down)."""
    scope = region_scope(user=user)
    if scope.nothing:
        return []
    options = list(region_children(code=scope.code))
    if scope.code is not None and not options:
        options = [r for r in [region_get(code=scope.code)] if r is not None]
    if selected and selected not in {r.code for r in options} and scope.covers(selected):
        extra = region_get(code=selected)
        if extra is not None:
            options.append(extra)
    return options
