"""Template context for the role-aware navigation."""

from __future__ import annotations

from django.http import HttpRequest

from dtks.accounts.scope import region_scope


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {}
    scope = region_scope(user=user)
    return {"can_browse_registry": not scope.nothing, "user_scope": scope}
