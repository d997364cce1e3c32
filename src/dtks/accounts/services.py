"""Writes to accounts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dtks.accounts.models import User
from dtks.accounts.roles import ROLE_REGION_LEVEL, Role
from dtks.regions.models import CODE_LENGTH, Region


def user_upsert(
    *,
    username: str,
    password: str,
    role: str,
    region_code: str | None = None,
    full_name: str = "",
    superuser: bool = False,
) -> User:
    """Create the account, or bring an existing one to this role, region and password.

    A regional role must come with a region of its level; a national role with none.
    """
    if role not in Role.values:
        raise ValidationError(f"Peran {role!r} tidak dikenal")
    level = ROLE_REGION_LEVEL[role]
    if level is None and region_code:
        raise ValidationError(f"Peran {role} bersifat nasional dan tidak memakai wilayah")
    if level is not None:
        if not region_code or len(region_code) != CODE_LENGTH[level]:
            raise ValidationError(f"Peran {role} memerlukan wilayah tingkat {level}")
        if not Region.objects.filter(code=region_code).exists():
            raise ValidationError(f"Wilayah {region_code} tidak dikenal")
    first, _, last = full_name.partition(" ")
    with transaction.atomic():
        user, _created = User.objects.get_or_create(username=username)
        user.role = role
        user.region_id = region_code or None
        user.first_name, user.last_name = first, last
        user.is_superuser = user.is_staff = superuser
        user.is_active = True
        user.set_password(password)
        user.save()
    return user
