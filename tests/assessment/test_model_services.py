"""Stored PMT models: storing checks the file, approval is Pusdatin's, content never changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from assessment_support import PmtWorld, edited

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.assessment.models import PmtModel, PmtModelImmutableError, PmtModelStatus, Ranking
from dtks.assessment.services_models import (
    PmtModelPermissionError,
    PmtModelRefusedError,
    pmt_model_approve,
    pmt_model_find,
    pmt_model_retire,
    pmt_model_store,
)
from dtks.assessment.services_ranking import (
    RankingRefusedError,
    ranking_create,
    stored_model_load,
)
from dtks.audit.models import AuditEvent
from dtks.pipeline.pmt.model import model_from_json

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_store_keeps_the_file_as_a_draft(pmt_world: PmtWorld, pusdatin: User) -> None:
    model = pmt_model_store(document_text=pmt_world.ols_text, name="OLS 2024", user=pusdatin)
    expected = model_from_json(pmt_world.ols_text)
    assert model.version == expected.version
    assert model.kind == "ols"
    assert model.status == PmtModelStatus.DRAFT
    assert model.uploaded_by == pusdatin
    assert set(model.report["learners"]) == {"ols", "gbm"}
    # The stored document is the file: it loads again with its hash intact (both databases).
    model.refresh_from_db()
    assert stored_model_load(model).version == expected.version
    assert _actions() == ["assessment.model_store"]


def test_same_version_twice_returns_the_stored_row(pmt_world: PmtWorld, pusdatin: User) -> None:
    first = pmt_model_store(document_text=pmt_world.ols_text, name="a", user=pusdatin)
    pretty = json.dumps(json.loads(pmt_world.ols_text), indent=4)  # same content, other layout
    second = pmt_model_store(document_text=pretty, name="b", user=None)
    assert second.pk == first.pk
    assert second.name == "a"
    assert PmtModel.objects.count() == 1
    assert _actions() == ["assessment.model_store"]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda text: text[: len(text) // 2], "rusak"),
        (lambda text: "bukan json", "rusak"),
        (lambda text: edited(text, lambda d: d.update(schema_version=2)), "versi skema 2"),
        (lambda text: edited(text, lambda d: d.update(format="lain")), "bukan berkas model"),
        (
            lambda text: edited(text, lambda d: d["model"].update(intercept=99.0)),
            "tidak cocok dengan versinya",
        ),
        (
            lambda text: edited(text, lambda d: d["proxies"].append("gaji_kepala")),
            "proksi tidak dikenal",
        ),
    ],
)
def test_bad_file_is_refused_and_nothing_stored(
    pmt_world: PmtWorld, pusdatin: User, spoil: Callable[[str], str], message: str
) -> None:
    with pytest.raises(PmtModelRefusedError, match=message) as error:
        pmt_model_store(document_text=spoil(pmt_world.ols_text), name="", user=pusdatin)
    assert str(error.value).startswith("Berkas model PMT ditolak")
    assert not PmtModel.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("role", "region"),
    [(Role.DINSOS_KABKOTA, "18.71"), (Role.DINSOS_PROVINSI, "18"), (Role.OPERATOR_DESA, None)],
)
def test_only_pusdatin_stores_and_approves(
    pmt_world: PmtWorld,
    pusdatin: User,
    make_user: Callable[..., User],
    regions: None,
    role: str,
    region: str | None,
) -> None:
    other = make_user(role, region)
    with pytest.raises(PmtModelPermissionError):
        pmt_model_store(document_text=pmt_world.ols_text, name="", user=other)
    model = pmt_model_store(document_text=pmt_world.ols_text, name="", user=pusdatin)
    with pytest.raises(PmtModelPermissionError, match="Pusdatin"):
        pmt_model_approve(model=model, user=other)
    model.refresh_from_db()
    assert model.status == PmtModelStatus.DRAFT
    assert model.approved_by is None


def test_approve_then_retire(pmt_world: PmtWorld, pusdatin: User) -> None:
    model = pmt_model_store(document_text=pmt_world.gbm_text, name="", user=None)
    assert model.kind == "gbm"
    approved = pmt_model_approve(model=model, user=pusdatin)
    assert approved.status == PmtModelStatus.APPROVED
    assert approved.approved_by == pusdatin
    assert approved.approved_at is not None
    with pytest.raises(PmtModelRefusedError, match="hanya draf"):
        pmt_model_approve(model=approved, user=pusdatin)
    retired = pmt_model_retire(model=approved, user=pusdatin)
    assert retired.status == PmtModelStatus.RETIRED
    with pytest.raises(RankingRefusedError, match="disetujui"):
        ranking_create(model=retired, user=pusdatin)
    assert _actions() == [
        "assessment.model_store",
        "assessment.model_approve",
        "assessment.model_retire",
    ]


def test_superuser_approves(pmt_world: PmtWorld) -> None:
    admin = User.objects.create_superuser("root", password="rahasia-uji-123")
    model = pmt_model_store(document_text=pmt_world.ols_text, name="", user=admin)
    assert pmt_model_approve(model=model, user=admin).status == PmtModelStatus.APPROVED


def test_draft_model_cannot_rank(pmt_world: PmtWorld, pusdatin: User) -> None:
    model = pmt_model_store(document_text=pmt_world.ols_text, name="", user=pusdatin)
    with pytest.raises(RankingRefusedError, match="hanya model yang disetujui"):
        ranking_create(model=model, user=pusdatin)
    assert not Ranking.objects.exists()


def test_ranking_refuses_unknown_engine_and_other_roles(
    approved_model: PmtModel, make_user: Callable[..., User], regions: None
) -> None:
    with pytest.raises(RankingRefusedError, match="tidak dikenal"):
        ranking_create(model=approved_model, user=None, engine="pandas")
    with pytest.raises(PmtModelPermissionError):
        ranking_create(model=approved_model, user=make_user(Role.DINSOS_KABKOTA, "18.71"))
    first = ranking_create(model=approved_model, user=None)
    with pytest.raises(RankingRefusedError, match=f"#{first.pk} masih menunggu"):
        ranking_create(model=approved_model, user=None)
    assert Ranking.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.document["model"].update(intercept=1.0),
        lambda m: m.report.update(chosen="gbm"),
        lambda m: setattr(m, "version", "0" * 64),
        lambda m: setattr(m, "kind", "gbm"),
    ],
)
def test_stored_content_never_changes(approved_model: PmtModel, change: Callable[..., Any]) -> None:
    before = PmtModel.objects.values("version", "document", "report").get()
    model = PmtModel.objects.get(pk=approved_model.pk)
    change(model)
    with pytest.raises(PmtModelImmutableError, match="tidak dapat diubah"):
        model.save()
    assert PmtModel.objects.values("version", "document", "report").get() == before


def test_approved_model_never_returns_to_draft(approved_model: PmtModel) -> None:
    model = PmtModel.objects.get(pk=approved_model.pk)
    model.status = PmtModelStatus.DRAFT
    with pytest.raises(PmtModelImmutableError, match="tidak dapat kembali"):
        model.save()
    assert PmtModel.objects.get().status == PmtModelStatus.APPROVED


def test_find_by_version_prefix(pmt_world: PmtWorld, pusdatin: User) -> None:
    ols = pmt_model_store(document_text=pmt_world.ols_text, name="", user=pusdatin)
    gbm = pmt_model_store(document_text=pmt_world.gbm_text, name="", user=pusdatin)
    assert pmt_model_find(reference=ols.version[:8]) == ols
    assert pmt_model_find(reference=gbm.version.upper()) == gbm
    with pytest.raises(PmtModelRefusedError, match="6 karakter"):
        pmt_model_find(reference=ols.version[:3])
    with pytest.raises(PmtModelRefusedError, match="Tidak ada model"):
        pmt_model_find(reference="ffffffffffff" if not ols.version.startswith("ff") else "000000")
