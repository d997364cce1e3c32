"""``dtks pmt``: store, approve, list models and rank the register from the command line."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from assessment_support import PmtWorld, edited
from django.core.management import CommandError, call_command

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.assessment.models import HouseholdScore, PmtModel, PmtModelStatus, Ranking, RankingStatus
from dtks.cli import main as dtks_main
from dtks.jobs.models import JobStatus
from dtks.pipeline.pmt.model import model_from_json

pytestmark = pytest.mark.django_db(transaction=True)


def _call(*args: str) -> str:
    out = StringIO()
    call_command("pmt", *args, stdout=out)
    return out.getvalue()


def test_add_approve_list_and_rank(
    synth_register: PmtWorld, pusdatin: User, capsys: pytest.CaptureFixture[str]
) -> None:
    path = synth_register.model_file("ols.json", synth_register.ols_text)
    version = model_from_json(synth_register.ols_text).version
    _call("model", "add", str(path), "--user", "pusdatin", "--name", "OLS 2024")
    assert "dtks pmt model approve" in capsys.readouterr().out
    model = PmtModel.objects.get()
    assert (model.version, model.name, model.uploaded_by) == (version, "OLS 2024", pusdatin)
    with pytest.raises(CommandError, match="disetujui"):
        _call("rank", "--model", version[:10])
    assert not Ranking.objects.exists()
    _call("model", "approve", version[:10], "--user", "pusdatin")
    assert PmtModel.objects.get().status == PmtModelStatus.APPROVED
    _call("model", "list")
    assert version[:12] in capsys.readouterr().out
    _call("rank", "--model", version[:10], "--as-of", "2024-06-30")
    ranking = Ranking.objects.get()
    assert ranking.status == RankingStatus.DONE, ranking.error
    assert ranking.created_by is None
    assert HouseholdScore.objects.filter(ranking=ranking).count() == ranking.households == 120
    assert "Pemeringkatan #" in capsys.readouterr().out


def test_rank_with_a_model_file(
    synth_register: PmtWorld, make_user: Callable[..., User], pusdatin: User
) -> None:
    path = synth_register.model_file("gbm.json", synth_register.gbm_text)
    with pytest.raises(CommandError, match=r"approve [0-9a-f]{12} --user"):
        _call("rank", "--model", str(path))
    model = PmtModel.objects.get()  # stored as a draft on the way
    assert model.status == PmtModelStatus.DRAFT
    make_user(Role.DINSOS_KABKOTA, "18.71", username="dinsos")
    with pytest.raises(CommandError, match="Pusdatin"):
        _call("model", "approve", model.version[:8], "--user", "dinsos")
    with pytest.raises(CommandError, match="tidak ada"):
        _call("model", "approve", model.version[:8], "--user", "siapa")
    _call("model", "approve", model.version[:8], "--user", "pusdatin")
    _call("rank", "--model", str(path), "--user", "pusdatin", "--background")
    ranking = Ranking.objects.get()
    assert ranking.status == RankingStatus.PENDING
    assert ranking.job is not None
    assert ranking.job.status == JobStatus.QUEUED
    assert ranking.job.task_id  # handed to the worker queue


def test_bad_files_are_refused(synth_register: PmtWorld) -> None:
    spoiled = edited(synth_register.ols_text, lambda d: d.update(schema_version=9))
    path = synth_register.model_file("lama.json", spoiled)
    with pytest.raises(CommandError, match=r"lama\.json: Berkas model PMT ditolak.*versi skema 9"):
        _call("model", "add", str(path))
    with pytest.raises(CommandError, match="tidak ada"):
        _call("model", "add", str(synth_register.root / "hilang.json"))
    with pytest.raises(CommandError, match="Tidak ada model PMT tersimpan"):
        _call("rank", "--model", "abcdef12")
    assert not PmtModel.objects.exists()


def test_fit_still_runs_before_django(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_code:
        dtks_main(["pmt", "fit", "--help"])
    assert exit_code.value.code == 0
    assert "survey" in capsys.readouterr().out
