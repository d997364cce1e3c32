"""Fixtures of the assessment tests: a synth world with fitted PMT models, its truth files
loaded into the register, users."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from assessment_support import PmtWorld, make_world

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.assessment.models import PmtModel
from dtks.assessment.services_models import pmt_model_approve, pmt_model_store
from dtks.intake.imports import import_batch_create, import_batch_run
from dtks.jobs.models import JobStatus


@pytest.fixture(scope="session")
def pmt_world(tmp_path_factory: pytest.TempPathFactory) -> PmtWorld:
    return make_world(tmp_path_factory.mktemp("pmt-world"))


@pytest.fixture
def pusdatin(make_user: Callable[..., User]) -> User:
    return make_user(Role.PUSDATIN, username="pusdatin")


@pytest.fixture
def approved_model(pmt_world: PmtWorld, pusdatin: User) -> PmtModel:
    model = pmt_model_store(document_text=pmt_world.ols_text, name="OLS uji", user=pusdatin)
    return pmt_model_approve(model=model, user=pusdatin)


@pytest.fixture
def synth_register(regions: None, pmt_world: PmtWorld, settings: Any, tmp_path: Path) -> PmtWorld:
    """The synth world's true households in the register (a DTKS import to the register)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    created = import_batch_create(
        source="DTKS", paths=pmt_world.truth_files, created_by=None, to_register=True
    )
    batch = import_batch_run(batch_id=created.batch.pk)
    assert batch.job.status == JobStatus.SUCCEEDED, batch.error_message
    return pmt_world
