"""Fixtures of the programs tests: a ranked register and the users of each role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from programs_world import World, world_make

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.programs.services import minimum_wages_seed
from dtks.registry.models import Household


@pytest.fixture
def world(make_household: Callable[..., Household]) -> World:
    # A transactional test before this one flushed the rows migration 0002 seeded.
    minimum_wages_seed()
    return world_make(make_household)


@pytest.fixture
def pusdatin(make_user: Callable[..., User]) -> User:
    return make_user(Role.PUSDATIN)
