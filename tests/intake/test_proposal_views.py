"""Usulan pages: entry with live checks, musdes upload and download, submit, and scope."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from dtks.accounts.roles import Role
from dtks.domain import codes
from dtks.domain.nik import make_nik
from dtks.intake.models import Proposal, ProposalStatus, ProposedHousehold
from dtks.intake.proposals import (
    proposal_create,
    proposal_musdes_record,
    proposal_submit,
    proposed_household_save,
)
from dtks.registry.models import Household
from dtks.registry.services import MemberInput
from shared_constants import VILLAGE_A, VILLAGE_B

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
KEC_A = "187101"
HEAD_BORN = date(1979, 8, 17)
SPOUSE_BORN = date(1982, 12, 1)


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    """Messages are checked in the source language, whatever an earlier request activated."""
    with translation.override("id"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def nik(born: date, sex: int, serial: int) -> str:
    return make_nik(kecamatan_code=KEC_A, birth_date=born, sex=sex, serial=serial)


def row(
    nama: str, born: date, sex: int, hubungan: int, serial: int, **extra: str
) -> dict[str, str]:
    return {
        "nama": nama,
        "nik": nik(born, sex, serial),
        "jenis_kelamin": str(sex),
        "tanggal_lahir": born.isoformat(),
        "hubungan": str(hubungan),
        "tempat_lahir": "Bandar Lampung",
        "nama_ibu_kandung": "Ponirah",
        **extra,
    }


HEAD = row("Suparjo", HEAD_BORN, codes.MALE, codes.HEAD, 501, status_kawin="2", bekerja="1")
SPOUSE = row("Wartini", SPOUSE_BORN, codes.FEMALE, codes.SPOUSE, 502, hamil="1")


def form_data(
    members: list[dict[str, str]], *, extra_rows: int = 0, **household: str
) -> dict[str, str]:
    data = {
        "alamat": "Jl. Cut Nyak Dien No. 8",
        "rt": "2",
        "rw": "7",
        "lantai": "9",
        "sumber_penerangan": "1",
        "daya": "1",
        "luas_lantai": "30",
        "aset_televisi": "true",
        "aset_mobil": "false",
        "jumlah_kambing": "2",
        "ikut_pkh": "true",
        "anggota-TOTAL_FORMS": str(len(members) + extra_rows),
        "anggota-INITIAL_FORMS": "0",
        "anggota-MIN_NUM_FORMS": "1",
        "anggota-MAX_NUM_FORMS": "40",
        **household,
    }
    for index, member in enumerate(members):
        data.update({f"anggota-{index}-{k}": v for k, v in member.items()})
    return data


@pytest.fixture
def operator(regions: None, make_user: Callable[..., Any]) -> Any:
    return make_user(Role.OPERATOR_DESA, VILLAGE_A, username="operator-a")


@pytest.fixture
def op_client(operator: Any, client: Client) -> Client:
    client.force_login(operator)
    return client


@pytest.fixture
def draft(operator: Any) -> Proposal:
    return proposal_create(user=operator)


def _member_input(values: dict[str, str]) -> MemberInput:
    return MemberInput(
        person_ref="",
        nama=values["nama"],
        nik=values["nik"],
        jenis_kelamin=int(values["jenis_kelamin"]),
        tanggal_lahir=date.fromisoformat(values["tanggal_lahir"]),
        hubungan=int(values["hubungan"]),
    )


def _fill(operator: Any, proposal: Proposal, *members: dict[str, str]) -> ProposedHousehold:
    return proposed_household_save(
        user=operator,
        proposal=proposal,
        housing={"lantai": 9},
        address={"alamat": "Jl. Kenanga 1"},
        members=[_member_input(m) for m in members or (HEAD,)],
    )


def _submit(operator: Any, proposal: Proposal) -> Proposal:
    if not proposal.households.exists():
        _fill(operator, proposal)
    proposal_musdes_record(
        user=operator,
        proposal=proposal,
        musdes_date=timezone.localdate(),
        attendance=40,
        minutes=SimpleUploadedFile("ba.pdf", PDF),
    )
    return proposal_submit(user=operator, proposal=proposal)


def url(name: str, *args: object) -> str:
    return reverse(f"intake:{name}", args=args)


# --- Entering a household ---------------------------------------------------------------


def test_pages_render_for_the_operator(op_client: Client, draft: Proposal) -> None:
    listing = op_client.get(url("proposal_list")).content.decode()
    assert f"Usulan #{draft.pk}" in listing
    assert "Buat usulan baru" in listing
    page = op_client.get(url("household_create", draft.pk)).content.decode()
    assert f'hx-post="{url("household_validate_new", draft.pk)}"' in page
    assert 'method="post"' in page  # works without JS too
    for name in ("alamat", "lantai", "aset_televisi", "jumlah_kambing", "ikut_kur"):
        assert f'name="{name}"' in page
    for field in ("nik", "no_kk", "hamil", "jenis_cacat", "ijazah", "lapangan_usaha"):
        assert f'name="anggota-0-{field}"' in page
    assert 'id="id_anggota-0-nik-galat"' in page
    assert "Keramik" in page
    assert "Leher angsa" in page
    assert "Tuna netra/buta" in page
    assert f'href="{url("proposal_list")}"' in op_client.get("/").content.decode()  # nav link


def test_create_proposal_by_post_only(op_client: Client, operator: Any) -> None:
    assert op_client.get(url("proposal_create")).status_code == 405
    response = op_client.post(url("proposal_create"))
    proposal = Proposal.objects.get()
    assert response["Location"] == url("proposal_detail", proposal.pk)
    assert proposal.created_by == operator


def test_household_saved_from_the_form(op_client: Client, draft: Proposal) -> None:
    response = op_client.post(
        url("household_create", draft.pk), form_data([HEAD, SPOUSE], extra_rows=1)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    household = ProposedHousehold.objects.get()
    assert household.rt == "002"
    assert (household.aset_televisi, household.aset_mobil) == (True, False)
    assert household.jumlah_kambing == 2
    assert household.aset_ac is None
    spouse = household.members.get(hubungan=codes.SPOUSE)
    assert spouse.hamil == 1
    assert spouse.nama_ibu_kandung == "Ponirah"
    detail = op_client.get(url("proposal_detail", draft.pk)).content.decode()
    assert "Suparjo" in detail
    assert "Wartini" in detail
    assert "Rumah tangga ditambahkan" in detail
    assert "operator-a" in detail


def test_wrong_nik_is_refused_on_submit_with_the_rule_message(
    op_client: Client, draft: Proposal
) -> None:
    wrong = {**SPOUSE, "jenis_kelamin": str(codes.MALE), "hamil": ""}
    response = op_client.post(url("household_create", draft.pk), form_data([HEAD, wrong]))
    assert response.status_code == 200
    page = response.content.decode()
    slot = page.split('id="id_anggota-1-nik-galat"')[1].split("</p>")[0]
    assert "Jenis kelamin menurut NIK tidak sesuai" in slot
    assert 'aria-invalid="true"' in page
    assert not ProposedHousehold.objects.exists()
    assert 'value="Wartini"' in page  # what was typed is kept


def test_live_validation_swaps_in_field_errors(op_client: Client, draft: Proposal) -> None:
    wrong = {**SPOUSE, "jenis_kelamin": str(codes.MALE), "hamil": "1"}
    half = {"nama": "Anak", "hubungan": "3"}  # still being typed: no "required" noise
    response = op_client.post(
        url("household_validate_new", draft.pk),
        form_data([HEAD, wrong, half]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # a fragment
    nik_slot = body.split('id="id_anggota-1-nik-galat" hx-swap-oob="true">')[1].split("</p>")[0]
    assert "Jenis kelamin menurut NIK tidak sesuai" in nik_slot
    hamil_slot = body.split('id="id_anggota-1-hamil-galat" hx-swap-oob="true">')[1]
    assert hamil_slot.startswith("Hanya perempuan dapat hamil")
    assert "wajib" not in body.lower()
    assert "kepala rumah tangga" not in body  # exactly one head: fine
    assert not ProposedHousehold.objects.exists()
    # Two heads is a household error, shown in the members' box.
    two_heads = op_client.post(
        url("household_validate_new", draft.pk),
        form_data([HEAD, {**SPOUSE, "hubungan": "1"}]),
    ).content.decode()
    box = two_heads.split('id="anggota-galat" hx-swap-oob="true">')[1]
    assert "tepat satu kepala rumah tangga" in box


def test_live_validation_flags_registered_nik(
    op_client: Client, draft: Proposal, make_household: Callable[..., Household]
) -> None:
    own = make_household(VILLAGE_A, head_name="Sudah Terdaftar")
    other = make_household(VILLAGE_B, head_name="Orang Desa Lain")
    own_head = own.members.get(hubungan=1)
    other_head = other.members.get(hubungan=1)
    members = [
        {**HEAD, "nik": own_head.nik, "tanggal_lahir": own_head.tanggal_lahir.isoformat()},
        {**SPOUSE, "nik": other_head.nik, "jenis_kelamin": "1", "hamil": "",
         "tanggal_lahir": other_head.tanggal_lahir.isoformat()},
    ]  # fmt: skip
    body = op_client.post(
        url("household_validate_new", draft.pk), form_data(members)
    ).content.decode()
    first = body.split('id="anggota-0-catatan" hx-swap-oob="true">')[1].split("</div>")[0]
    second = body.split('id="anggota-1-catatan" hx-swap-oob="true">')[1].split("</div>")[0]
    assert "Sudah terdaftar di DTKS" in first
    assert reverse("registry:household_detail", args=[own.pk]) in first
    assert "terdaftar di desa lain" in second
    assert other.household_ref not in body
    assert "Orang Desa Lain" not in body
    assert reverse("registry:household_detail", args=[other.pk]) not in body
    # Flagged, not refused: the household can be saved.
    response = op_client.post(url("household_create", draft.pk), form_data(members))
    assert response.status_code == 302
    detail = op_client.get(url("proposal_detail", draft.pk)).content.decode()
    assert "terdaftar di desa lain" in detail
    assert "2 NIK sudah terdaftar" in detail


def test_add_row_without_js(op_client: Client, draft: Proposal) -> None:
    data = form_data([HEAD])
    data["tambah_anggota"] = "1"
    page = op_client.post(url("household_create", draft.pk), data).content.decode()
    assert 'name="anggota-1-nik"' in page
    assert 'name="anggota-2-nik"' not in page
    assert 'value="Suparjo"' in page
    assert not ProposedHousehold.objects.exists()


def test_edit_and_delete_a_member(op_client: Client, operator: Any, draft: Proposal) -> None:
    household = _fill(operator, draft, HEAD, SPOUSE)
    page = op_client.get(url("household_edit", draft.pk, household.pk)).content.decode()
    assert 'value="Wartini"' in page
    assert "Hapus anggota ini" in page
    head, spouse = household.members.order_by("hubungan")
    data = form_data([{**HEAD, "id": str(head.pk), "nama": "Suparjo Adi"},
                      {**SPOUSE, "id": str(spouse.pk), "DELETE": "on"}])  # fmt: skip
    data["anggota-INITIAL_FORMS"] = "2"
    response = op_client.post(url("household_edit", draft.pk, household.pk), data)
    assert response.status_code == 302
    assert [m.nama for m in household.members.all()] == ["Suparjo Adi"]
    assert op_client.get(url("household_delete", draft.pk, household.pk)).status_code == 200
    op_client.post(url("household_delete", draft.pk, household.pk))
    assert not ProposedHousehold.objects.exists()


# --- Musdes, minutes, submit -----------------------------------------------------------


def test_musdes_upload_download_and_submit(
    op_client: Client, operator: Any, draft: Proposal, media_root: Path
) -> None:
    _fill(operator, draft)
    today = timezone.localdate()
    response = op_client.post(
        url("musdes", draft.pk),
        {
            "musdes_date": (today - timedelta(days=1)).isoformat(),
            "musdes_attendance": "25",
            "minutes": SimpleUploadedFile("BA Musdes.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    download = op_client.get(url("minutes_download", draft.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "BA Musdes.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    response = op_client.post(url("proposal_submit", draft.pk))
    assert response["Location"] == url("proposal_detail", draft.pk)
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED
    assert draft.submitted_by == operator
    # Read-only from now on: the editing pages send the operator back to the proposal.
    for name, args in (
        ("household_create", ()),
        ("musdes", ()),
        ("proposal_delete", ()),
        ("household_delete", (draft.households.get().pk,)),
    ):
        for method in (op_client.get, op_client.post):
            response = method(url(name, draft.pk, *args))
            assert response.status_code == 302, name
            assert response["Location"] == url("proposal_detail", draft.pk)
    page = op_client.get(url("proposal_detail", draft.pk)).content.decode()
    assert "Diajukan ke kab/kota" in page
    assert "Ajukan usulan" not in page
    readonly = op_client.get(url("household_edit", draft.pk, draft.households.get().pk))
    assert readonly.status_code == 200
    assert b'<form method="post" class="entry"' not in readonly.content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60, "bukan PDF"),
        ("halaman.png", b"<html><body>hai</body></html>", "bukan PNG"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_bad_minutes_refused_in_the_page(
    op_client: Client, draft: Proposal, media_root: Path, name: str, content: bytes, message: str
) -> None:
    response = op_client.post(
        url("musdes", draft.pk),
        {
            "musdes_date": timezone.localdate().isoformat(),
            "musdes_attendance": "9",
            "minutes": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    slot = response.content.decode().split('id="id_minutes-galat"')[1].split("</p>")[0]
    assert message in slot
    draft.refresh_from_db()
    assert draft.minutes_path == ""
    assert draft.musdes_date is None
    assert not (media_root / "musdes").exists() or not list((media_root / "musdes").iterdir())


def test_huge_upload_refused_before_reading(
    op_client: Client, draft: Proposal, settings: Any
) -> None:
    settings.DTKS_MINUTES_MAX_BYTES = 1024
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * 200_000)
    response = op_client.post(
        url("musdes", draft.pk),
        {"musdes_date": timezone.localdate().isoformat(), "musdes_attendance": "9", "minutes": big},
    )
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()


def test_musdes_date_rules_in_the_page(op_client: Client, draft: Proposal) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = op_client.post(
        url("musdes", draft.pk),
        {
            "musdes_date": tomorrow,
            "musdes_attendance": "3",
            "minutes": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert "tidak boleh di masa depan" in response.content.decode()


# --- Scope: nobody outside the village (or its kab/kota, once submitted) ---------------


def _every_url(proposal: Proposal, household: ProposedHousehold) -> list[str]:
    return [
        url("proposal_detail", proposal.pk),
        url("proposal_delete", proposal.pk),
        url("proposal_submit", proposal.pk),
        url("musdes", proposal.pk),
        url("minutes_download", proposal.pk),
        url("household_create", proposal.pk),
        url("household_validate_new", proposal.pk),
        url("household_edit", proposal.pk, household.pk),
        url("household_validate", proposal.pk, household.pk),
        url("household_delete", proposal.pk, household.pk),
    ]


@pytest.mark.parametrize(
    ("role", "region", "submitted"),
    [
        (Role.OPERATOR_DESA, VILLAGE_B, False),
        (Role.OPERATOR_DESA, VILLAGE_B, True),
        (Role.DINSOS_KABKOTA, "18.72", True),
        (Role.DINSOS_KABKOTA, "18.71", False),  # drafts stay in the village
        (Role.PUSDATIN, None, False),
    ],
)
def test_out_of_scope_gets_404_everywhere(
    operator: Any,
    draft: Proposal,
    make_user: Callable[..., Any],
    client: Client,
    role: str,
    region: str | None,
    submitted: bool,
) -> None:
    household = _fill(operator, draft)
    if submitted:
        _submit(operator, draft)
    client.force_login(make_user(role, region))
    for target in _every_url(draft, household):
        for method in (client.get, client.post):
            response = method(target)
            assert response.status_code in (404, 405), (target, response.status_code)
            assert b"Suparjo" not in response.content
    assert b"Suparjo" not in client.get(url("proposal_list")).content
    draft.refresh_from_db()
    assert draft.households.count() == 1


@pytest.mark.parametrize(
    ("role", "region"), [(Role.DINSOS_KABKOTA, "18.71"), (Role.PUSDATIN, None)]
)
def test_readers_see_submitted_read_only(
    operator: Any,
    draft: Proposal,
    make_user: Callable[..., Any],
    client: Client,
    role: str,
    region: str | None,
) -> None:
    household = _fill(operator, draft, HEAD, SPOUSE)
    _submit(operator, draft)
    client.force_login(make_user(role, region))
    assert f"Usulan #{draft.pk}" in client.get(url("proposal_list")).content.decode()
    page = client.get(url("proposal_detail", draft.pk)).content.decode()
    assert "Suparjo" in page
    assert nik(HEAD_BORN, codes.MALE, 501) in page
    assert "Ajukan usulan" not in page
    assert url("household_create", draft.pk) not in page
    readonly = client.get(url("household_edit", draft.pk, household.pk))
    assert readonly.status_code == 200
    assert b"Wartini" in readonly.content
    assert client.get(url("minutes_download", draft.pk)).status_code == 200
    for target in _every_url(draft, household):
        if target in {
            url("proposal_detail", draft.pk),
            url("household_edit", draft.pk, household.pk),
            url("minutes_download", draft.pk),
        }:
            continue
        assert client.post(target).status_code == 403, target
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize(
    ("role", "region"),
    [
        (Role.QA, "18.71"),
        (Role.DINSOS_PROVINSI, "18"),
        (Role.PARTNER, None),
        (Role.OPERATOR_DESA, None),
    ],
)
def test_roles_without_access_get_403(
    operator: Any,
    draft: Proposal,
    make_user: Callable[..., Any],
    client: Client,
    role: str,
    region: str | None,
) -> None:
    household = _fill(operator, draft)
    _submit(operator, draft)
    client.force_login(make_user(role, region))
    for target in [url("proposal_list"), url("proposal_create"), *_every_url(draft, household)]:
        assert client.get(target).status_code in (403, 405), target
        assert client.post(target).status_code == 403, target
    assert url("proposal_list") not in client.get("/").content.decode()


def test_anonymous_is_sent_to_login(client: Client, draft: Proposal) -> None:
    response = client.get(url("proposal_detail", draft.pk))
    assert response.status_code == 302
    assert "/masuk/" in response["Location"]


def test_english_ui(op_client: Client, draft: Proposal) -> None:
    op_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = op_client.get(url("proposal_detail", draft.pk)).content.decode()
    assert "Proposed households" in page
    form = op_client.get(url("household_create", draft.pk)).content.decode()
    assert "Ceramic" in form
    assert "Television" in form
