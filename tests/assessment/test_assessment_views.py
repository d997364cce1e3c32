"""The assessment pages and the household page's PMT section: who sees what, uploads,
approvals, starting a ranking, and the explanation of a household's desil."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from assessment_support import PmtWorld
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.assessment.models import PmtModel, PmtModelStatus, Ranking, RankingStatus
from dtks.assessment.services_ranking import ranking_execute, ranking_run
from dtks.registry.models import Household
from shared_constants import VILLAGE_A, VILLAGE_B, VILLAGE_METRO

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(make_household: Callable[..., Household]) -> dict[str, Household]:
    return {
        "a": make_household(VILLAGE_A, head_name="Budi Santoso"),
        "b": make_household(VILLAGE_B, head_name="Bambang Kurniawan"),
        "metro": make_household(VILLAGE_METRO, head_name="Sri Mulyani Indrawati"),
    }


@pytest.fixture
def ranked(world: dict[str, Household], approved_model: PmtModel) -> Ranking:
    ranking = ranking_run(model=approved_model, user=None)
    assert ranking.status == RankingStatus.DONE, ranking.error
    return ranking


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_pages_need_a_scope(
    make_user: Callable[..., User], ranked: Ranking, approved_model: PmtModel
) -> None:
    urls = [
        reverse("assessment:overview"),
        reverse("assessment:model_list"),
        reverse("assessment:model_detail", args=[approved_model.pk]),
        reverse("assessment:ranking_list"),
        reverse("assessment:ranking_detail", args=[ranked.pk]),
    ]
    for user in (make_user(Role.PARTNER), make_user(Role.OPERATOR_DESA, "18.71")):
        client = _client(user)
        for url in urls:
            assert client.get(url).status_code == 403, url
    anonymous = Client()
    assert anonymous.get(urls[0]).status_code == 302
    reader = _client(make_user(Role.DINSOS_KABKOTA, "18.71"))
    for url in urls:
        assert reader.get(url).status_code == 200, url
    assert reader.get(reverse("assessment:model_detail", args=[999999])).status_code == 404
    assert reader.get(reverse("assessment:ranking_detail", args=[999999])).status_code == 404


def test_overview_counts_only_the_users_region(
    make_user: Callable[..., User], ranked: Ranking, pusdatin: User
) -> None:
    national = _text(_client(pusdatin).get(reverse("assessment:overview")).content.decode())
    assert "3 rumah tangga dinilai di wilayah Anda" in national
    kota = _client(make_user(Role.DINSOS_KABKOTA, "18.71")).get(reverse("assessment:overview"))
    assert "2 rumah tangga dinilai di wilayah Anda" in _text(kota.content.decode())
    operator = _client(make_user(Role.OPERATOR_DESA, VILLAGE_A))
    page = operator.get(reverse("assessment:overview")).content.decode()
    assert "1 rumah tangga dinilai di wilayah Anda" in _text(page)
    for elsewhere in (VILLAGE_B, VILLAGE_METRO, "18.72", "18.71.02"):
        assert elsewhere not in page
    detail = operator.get(reverse("assessment:ranking_detail", args=[ranked.pk])).content.decode()
    assert "1 rumah tangga dinilai di wilayah Anda" in _text(detail)
    assert VILLAGE_B not in detail


def test_upload_and_approve_a_model(
    pmt_world: PmtWorld, pusdatin: User, make_user: Callable[..., User], regions: None
) -> None:
    dinsos = _client(make_user(Role.DINSOS_KABKOTA, "18.71"))
    upload = {"file": SimpleUploadedFile("model.json", pmt_world.ols_text.encode()), "name": "x"}
    assert dinsos.post(reverse("assessment:model_list"), upload).status_code == 403
    assert not PmtModel.objects.exists()
    client = _client(pusdatin)
    bad = {"file": SimpleUploadedFile("model.json", b'{"format": "dtks-pmt-model"'), "name": ""}
    response = client.post(reverse("assessment:model_list"), bad)
    assert response.status_code == 400
    assert "Berkas model PMT ditolak" in response.content.decode()
    binary = {"file": SimpleUploadedFile("model.json", b"\xff\xfe\x00model"), "name": ""}
    response = client.post(reverse("assessment:model_list"), binary)
    assert response.status_code == 400
    assert "bukan teks UTF-8" in response.content.decode()
    assert not PmtModel.objects.exists()
    upload = {"file": SimpleUploadedFile("model.json", pmt_world.ols_text.encode()), "name": "OLS"}
    response = client.post(reverse("assessment:model_list"), upload)
    model = PmtModel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:model_detail", args=[model.pk])
    page = _text(client.get(response["Location"]).content.decode())
    assert "Draf" in page
    assert "Galat eksklusi" in page
    ols_exclusion = model.report["learners"]["ols"]["exclusion_error"]
    assert f"{ols_exclusion:.3f}".replace(".", ",") in page  # Indonesian decimal comma
    approve = reverse("assessment:model_approve", args=[model.pk])
    assert dinsos.post(approve).status_code == 403
    assert dinsos.get(approve).status_code == 405
    model.refresh_from_db()
    assert model.status == PmtModelStatus.DRAFT
    assert client.post(reverse("assessment:model_approve", args=[999999])).status_code == 404
    assert client.post(approve).status_code == 302
    model.refresh_from_db()
    assert model.status == PmtModelStatus.APPROVED
    assert model.approved_by == pusdatin
    again = client.post(approve, follow=True)
    assert "hanya draf" in again.content.decode()


def test_start_a_ranking_and_follow_it(
    world: dict[str, Household],
    approved_model: PmtModel,
    pusdatin: User,
    make_user: Callable[..., User],
) -> None:
    dinsos = _client(make_user(Role.DINSOS_KABKOTA, "18.71"))
    form = {"model": approved_model.pk, "engine": "duckdb"}
    assert dinsos.post(reverse("assessment:ranking_list"), form).status_code == 403
    assert (
        "Jalankan pemeringkatan"
        not in dinsos.get(reverse("assessment:ranking_list")).content.decode()
    )
    client = _client(pusdatin)
    wrong = client.post(reverse("assessment:ranking_list"), {**form, "engine": "pandas"})
    assert wrong.status_code == 400
    assert not Ranking.objects.exists()
    response = client.post(reverse("assessment:ranking_list"), form)
    ranking = Ranking.objects.get()
    assert response.status_code == 302
    assert ranking.created_by == pusdatin
    assert ranking.status == RankingStatus.PENDING
    detail = reverse("assessment:ranking_detail", args=[ranking.pk])
    waiting = client.get(detail, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in waiting
    assert "<html" not in waiting
    busy = client.post(reverse("assessment:ranking_list"), form)
    assert busy.status_code == 400
    assert "masih menunggu" in busy.content.decode()
    ranking_execute(ranking_id=ranking.pk)  # what the worker does
    done = client.get(detail, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert "3 rumah tangga dinilai" in _text(done)
    listing = client.get(reverse("assessment:ranking_list")).content.decode()
    assert "berlaku" in listing


def test_household_section_explains_the_desil(
    world: dict[str, Household], ranked: Ranking, make_user: Callable[..., User]
) -> None:
    household = world["a"]
    client = _client(make_user(Role.OPERATOR_DESA, VILLAGE_A))
    page = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    score = ranked.scores.get(household=household)
    text = _text(page)
    assert "Penilaian kesejahteraan (PMT)" in text
    assert f"Persentil nasional {score.persentil}" in text
    assert f"Desil {score.desil}" in text
    assert ("DTKS: desil 1-4" in text) == (score.desil <= 4)
    assert ranked.model.short_version in text
    assert "Mengapa desil ini" in text
    assert "Jumlah anggota rumah tangga (log)" in text
    assert "berubah sejak pemeringkatan" not in text
    rows = re.findall(r'class="(weight-plus|weight-minus)">([+-]?[\d.,]+)<', page)
    sizes = [abs(float(value.replace(",", "."))) for _, value in rows]
    assert len(sizes) == len(ranked.model.document["proxies"])
    assert sizes == sorted(sizes, reverse=True)
    # The register changes after the ranking: the page says the explanation is recomputed.
    Household.objects.filter(pk=household.pk).update(luas_lantai=120.0, aset_mobil=True)
    changed = client.get(reverse("registry:household_detail", args=[household.pk]))
    assert "berubah sejak pemeringkatan" in _text(changed.content.decode())


def test_household_section_without_ranking(
    world: dict[str, Household], make_user: Callable[..., User]
) -> None:
    client = _client(make_user(Role.OPERATOR_DESA, VILLAGE_A))
    page = client.get(reverse("registry:household_detail", args=[world["a"].pk]))
    assert "Belum ada pemeringkatan PMT" in page.content.decode()
