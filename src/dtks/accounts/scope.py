"""Region scope: which part of the registry a user may read.

Selectors that return personal data take the user and apply ``region_scope(user=...)``; a
view never filters by region itself. The scope is a dotted region code prefix (``18.71`` covers
every village whose code starts with ``18.71.``), all of Indonesia, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from dtks.accounts.models import User
from dtks.accounts.roles import REGISTRY_READERS, ROLE_REGION_LEVEL, Role
from dtks.regions.models import CODE_LENGTH


@dataclass(frozen=True)
class RegionScope:
    code: str | None  # None with everything=True: national
    everything: bool = False

    @property
    def nothing(self) -> bool:
        return not self.everything and self.code is None

    def covers(self, village_code: str) -> bool:
        if self.everything:
            return True
        if self.code is None:
            return False
        return village_code == self.code or village_code.startswith(self.code + ".")

    def village_filter(self, field: str) -> Q:
        """A filter on a village-code field (e.g. ``"village__code"``) for this scope.

        Name the code through the relation (``village__code``, not ``village_id``): Django
        refuses ``startswith`` on a foreign key column, and trims the join itself.
        """
        if self.everything:
            return Q()
        if self.code is None:
            return Q(pk__in=[])
        if len(self.code) == 13:
            return Q(**{field: self.code})
        return Q(**{f"{field}__startswith": self.code + "."})


NO_SCOPE = RegionScope(code=None)
NATIONAL = RegionScope(code=None, everything=True)


def region_scope(*, user: User) -> RegionScope:
    """The registry scope of ``user``; inactive, anonymous or mis-set accounts see nothing."""
    if not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    if user.is_superuser:
        return NATIONAL
    if user.role not in REGISTRY_READERS:
        return NO_SCOPE
    level = ROLE_REGION_LEVEL[user.role]
    if level is None:
        return NATIONAL if user.role == Role.PUSDATIN else NO_SCOPE
    if user.region_id is None or len(user.region_id) != CODE_LENGTH[level]:
        return NO_SCOPE
    return RegionScope(code=user.region_id)
