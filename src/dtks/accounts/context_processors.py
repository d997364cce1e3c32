"""Template context for the role-aware navigation."""

from __future__ import annotations

from django.http import HttpRequest

from dtks.accounts.roles import IDENTITY_REVIEWERS, IMPORTERS, Role
from dtks.accounts.scope import region_scope

# Roles whose navigation links the village proposals (usulan): the operators who draft them
# and the kab/kota offices they are submitted to.
PROPOSAL_NAV_ROLES = frozenset({Role.OPERATOR_DESA, Role.DINSOS_KABKOTA})


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {}
    scope = region_scope(user=user)
    return {
        "can_browse_registry": not scope.nothing,
        "can_use_proposals": user.role in PROPOSAL_NAV_ROLES and not scope.nothing,
        "can_import": user.is_superuser or user.role in IMPORTERS,
        "can_review_identity": (user.is_superuser or user.role in IDENTITY_REVIEWERS)
        and not scope.nothing,
        "user_scope": scope,
    }
