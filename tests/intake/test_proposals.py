"""Usulan services and selectors: states, who may do what, every validation rule, the audit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from dtks.accounts.roles import Role
from dtks.audit.models import AuditEvent
from dtks.domain import codes
from dtks.domain.nik import make_kk, make_nik
from dtks.intake.models import Proposal, ProposalStatus, ProposedHousehold, ProposedMember
from dtks.intake.proposal_rules import musdes_problems
from dtks.intake.proposal_selectors import (
    can_read_proposals,
    proposal_audit,
    proposal_get,
    proposal_list,
    register_matches,
)
from dtks.intake.proposals import (
    ProposalPermissionError,
    ProposalStateError,
    proposal_create,
    proposal_delete,
    proposal_musdes_record,
    proposal_submit,
    proposed_household_delete,
    proposed_household_save,
)
from dtks.registry.models import Household
from dtks.registry.services import MemberInput, RegistryValidationError
from shared_constants import VILLAGE_A, VILLAGE_B, VILLAGE_METRO

PDF = b"%PDF-1.4\n%%EOF\n"
KEC_A = "187101"
HOUSING = {"lantai": 9, "sumber_penerangan": 1, "daya": 1, "luas_lantai": 24.0}
ADDRESS = {"alamat": "Jl. Pramuka Gg. Mawar 3", "rt": "4", "rw": "1"}


def member(
    serial: int,
    *,
    sex: int = codes.MALE,
    born: date = date(1984, 2, 11),
    hubungan: int = codes.CHILD,
    ref: str = "",
    **kw: Any,
) -> MemberInput:
    return MemberInput(
        person_ref=ref,
        nama=kw.pop("nama", f"Warga {serial}"),
        nik=kw.pop("nik", make_nik(kecamatan_code=KEC_A, birth_date=born, sex=sex, serial=serial)),
        no_kk=make_kk(kecamatan_code=KEC_A, issue_date=date(2019, 6, 3), serial=77),
        jenis_kelamin=sex,
        tanggal_lahir=born,
        hubungan=hubungan,
        **kw,
    )


def family(base: int = 100) -> list[MemberInput]:
    return [
        member(base + 1, hubungan=codes.HEAD, nama="Darmawan"),
        member(base + 2, sex=codes.FEMALE, born=date(1987, 9, 2), hubungan=codes.SPOUSE),
    ]


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    """Messages are checked in the source language, whatever an earlier request activated."""
    with translation.override("id"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def operator(regions: None, make_user: Callable[..., Any]) -> Any:
    return make_user(Role.OPERATOR_DESA, VILLAGE_A)


@pytest.fixture
def draft(operator: Any) -> Proposal:
    return proposal_create(user=operator)


def save(operator: Any, proposal: Proposal, members: list[MemberInput], **kw: Any) -> Any:
    return proposed_household_save(
        user=operator,
        proposal=proposal,
        housing=kw.pop("housing", HOUSING),
        address=kw.pop("address", ADDRESS),
        members=members,
        **kw,
    )


def problem_codes(excinfo: pytest.ExceptionInfo[RegistryValidationError]) -> set[str]:
    return {p.code for p in excinfo.value.problems}


def record_musdes(operator: Any, proposal: Proposal) -> Proposal:
    return proposal_musdes_record(
        user=operator,
        proposal=proposal,
        musdes_date=timezone.localdate() - timedelta(days=2),
        attendance=31,
        minutes=SimpleUploadedFile("ba.pdf", PDF),
    )


# --- Creating and who may ---------------------------------------------------------------


def test_operator_creates_a_draft_of_their_village(operator: Any, draft: Proposal) -> None:
    assert (draft.village_id, draft.status, draft.created_by) == (
        VILLAGE_A,
        ProposalStatus.DRAFT,
        operator,
    )
    event = AuditEvent.objects.get(action="proposal.create")
    assert (event.actor, event.object_id, event.object_type) == (
        operator,
        str(draft.pk),
        "intake.proposal",
    )
    assert event.changes == {"village": [None, VILLAGE_A], "status": [None, "draft"]}


@pytest.mark.parametrize(
    ("role", "region"),
    [
        (Role.DINSOS_KABKOTA, "18.71"),
        (Role.PUSDATIN, None),
        (Role.DINSOS_PROVINSI, "18"),
        (Role.QA, "18.71"),
        (Role.OPERATOR_DESA, None),
        (Role.OPERATOR_DESA, "18.71.01"),
    ],
)
def test_only_village_operators_create(
    regions: None, make_user: Callable[..., Any], role: str, region: str | None
) -> None:
    with pytest.raises(ProposalPermissionError):
        proposal_create(user=make_user(role, region))
    assert not Proposal.objects.exists()


def test_other_village_and_other_roles_may_not_change_a_draft(
    draft: Proposal, make_user: Callable[..., Any]
) -> None:
    for user in (
        make_user(Role.OPERATOR_DESA, VILLAGE_B),
        make_user(Role.DINSOS_KABKOTA, "18.71"),
        make_user(Role.PUSDATIN),
    ):
        with pytest.raises(ProposalPermissionError):
            save(user, draft, family())
        with pytest.raises(ProposalPermissionError):
            proposal_submit(user=user, proposal=draft)
    assert not ProposedHousehold.objects.exists()


# --- Households: stored, validated ------------------------------------------------------


def test_household_is_stored_with_its_members_and_audited(operator: Any, draft: Proposal) -> None:
    household = save(operator, draft, family())
    assert (household.rt, household.rw, household.lantai, household.alamat) == (
        "004",
        "001",
        9,
        ADDRESS["alamat"],
    )
    members = list(household.members.order_by("hubungan"))
    assert [m.nama for m in members] == ["Darmawan", "Warga 102"]
    assert members[0].no_kk
    assert members[0].tanggal_lahir == date(1984, 2, 11)
    event = AuditEvent.objects.get(action="proposal.household.create")
    assert event.actor == operator
    assert event.actor_label == operator.username
    assert event.object_id == str(draft.pk)
    assert "Darmawan" in event.summary
    head = members[0]
    assert event.changes[f"anggota#{head.pk}.nik"] == [None, head.nik]
    assert event.changes[f"ruta#{household.pk}.lantai"] == [None, 9]
    assert event.at is not None


@pytest.mark.parametrize(
    ("members", "code"),
    [
        ([member(1, hubungan=codes.CHILD)], "kepala_ruta_tidak_satu"),
        ([member(1, hubungan=1), member(2, hubungan=1)], "kepala_ruta_tidak_satu"),
        ([member(1, hubungan=1, status_kawin=7)], "kode_tidak_dikenal"),
        ([member(1, hubungan=1, hamil=1)], "hamil_bukan_perempuan"),
        ([member(1, hubungan=1, nik="18710111028")], "nik_bukan_16_digit"),
        ([member(1, hubungan=1, nik="1,87101E+15")], "nik_notasi_ilmiah"),
        ([member(1, hubungan=1, nik="9999991102840001")], "nik_wilayah_tidak_dikenal"),
        (
            [replace(member(1, hubungan=1), jenis_kelamin=codes.FEMALE)],
            "nik_jenis_kelamin_tidak_sesuai",
        ),
        (
            [replace(member(1, hubungan=1), tanggal_lahir=date(1984, 2, 12))],
            "nik_tanggal_lahir_tidak_sesuai",
        ),
        ([member(1, hubungan=1), member(1, hubungan=3, nama="Kembar")], "nik_ganda"),
        ([member(1, hubungan=1, nama="  ")], "nama_kosong"),
        ([], "anggota_kosong"),
    ],
)
def test_member_rules(
    operator: Any, draft: Proposal, members: list[MemberInput], code: str
) -> None:
    with pytest.raises(RegistryValidationError) as invalid:
        save(operator, draft, members)
    assert code in problem_codes(invalid)
    assert not ProposedHousehold.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="proposal.household").exists()


def test_problems_name_the_member_and_field(operator: Any, draft: Proposal) -> None:
    wrong_sex = replace(member(2, hubungan=codes.SPOUSE), jenis_kelamin=codes.FEMALE)
    with pytest.raises(RegistryValidationError) as invalid:
        save(operator, draft, [member(1, hubungan=codes.HEAD), wrong_sex])
    [problem] = invalid.value.problems
    assert problem.where == "anggota 2.nik"
    assert "Jenis kelamin menurut NIK tidak sesuai" in problem.message


@pytest.mark.parametrize(
    ("housing", "address", "code"),
    [
        ({"lantai": 11}, ADDRESS, "kode_tidak_dikenal"),
        ({"daya": 2, "sumber_penerangan": 3}, ADDRESS, "daya_tanpa_pln"),
        ({"luas_lantai": 0.0}, ADDRESS, "luas_lantai_tidak_wajar"),
        ({"luas_lahan": -1.0}, ADDRESS, "luas_lahan_negatif"),
        ({"jumlah_kamar": 101}, ADDRESS, "jumlah_kamar_tidak_wajar"),
        ({}, {**ADDRESS, "alamat": " "}, "alamat_kosong"),
        ({}, {**ADDRESS, "rt": "1a"}, "rt_tidak_valid"),
    ],
)
def test_dwelling_rules(
    operator: Any, draft: Proposal, housing: dict, address: dict, code: str
) -> None:
    with pytest.raises(RegistryValidationError) as invalid:
        save(operator, draft, family(), housing=housing, address=address)
    assert code in problem_codes(invalid)


def test_nik_of_an_open_proposal_is_refused_in_any_village(
    operator: Any, draft: Proposal, make_user: Callable[..., Any]
) -> None:
    save(operator, draft, family())
    again = [member(9, hubungan=codes.HEAD), member(102, sex=codes.FEMALE, born=date(1987, 9, 2))]
    with pytest.raises(RegistryValidationError) as invalid:
        save(operator, proposal_create(user=operator), again)  # another draft, same village
    assert problem_codes(invalid) == {"nik_sudah_diusulkan"}
    assert invalid.value.problems[0].where == "anggota 2.nik"
    other = make_user(Role.OPERATOR_DESA, VILLAGE_B)
    with pytest.raises(RegistryValidationError) as invalid:
        save(other, proposal_create(user=other), again)
    assert problem_codes(invalid) == {"nik_sudah_diusulkan"}
    # Submitted is still open; once rejected (verivali, a later step) the NIK is free again.
    record_musdes(operator, draft)
    proposal_submit(user=operator, proposal=draft)
    with pytest.raises(RegistryValidationError):
        save(other, proposal_create(user=other), again)
    Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.REJECTED)
    assert save(other, proposal_create(user=other), again).members.count() == 2


def test_nik_already_registered_is_flagged_not_refused(
    operator: Any,
    draft: Proposal,
    make_household: Callable[..., Household],
    make_user: Callable[..., Any],
) -> None:
    own = make_household(VILLAGE_A, head_name="Terdaftar Sini")
    elsewhere = make_household(VILLAGE_B, head_name="Terdaftar Sana")
    metro = make_household(VILLAGE_METRO, head_name="Terdaftar Metro")
    own_nik = own.members.get(hubungan=codes.HEAD).nik
    b_nik = elsewhere.members.get(hubungan=codes.HEAD).nik
    metro_nik = metro.members.get(hubungan=codes.HEAD).nik
    born = date(1980, 5, 17)
    head = member(1, hubungan=codes.HEAD, nik=own_nik, born=born)
    household = save(
        operator,
        draft,
        [
            head,
            replace(member(2, born=born), nik=b_nik, hubungan=codes.SPOUSE),
            replace(member(3, born=born), nik=metro_nik, hubungan=codes.CHILD),
        ],
    )
    assert household.members.count() == 3
    niks = [own_nik, b_nik, metro_nik, "1871010101900009"]
    flags = register_matches(user=operator, village_code=VILLAGE_A, niks=niks)
    assert set(flags) == {own_nik, b_nik, metro_nik}
    assert flags[own_nik].same_village
    assert flags[own_nik].household_id == own.pk
    assert flags[own_nik].visible
    for nik in (b_nik, metro_nik):  # other villages: only that it is registered elsewhere
        assert not flags[nik].visible
        assert flags[nik].household_id is None
        assert not flags[nik].village_name
        assert not flags[nik].same_village
    kota = make_user(Role.DINSOS_KABKOTA, "18.71")
    flags = register_matches(user=kota, village_code=VILLAGE_A, niks=niks)
    assert flags[b_nik].household_id == elsewhere.pk
    assert flags[b_nik].village_name
    assert not flags[metro_nik].visible


# --- Editing and deleting ---------------------------------------------------------------


def test_update_changes_members_and_records_what_changed(operator: Any, draft: Proposal) -> None:
    household = save(operator, draft, family())
    head, spouse = household.members.order_by("hubungan")
    new_head = replace(
        member(102, sex=codes.FEMALE, born=date(1987, 9, 2), hubungan=codes.HEAD),
        person_ref=str(spouse.pk),
        nama="Sri Rahayu",
    )
    child = member(103, born=date(2015, 1, 20), hubungan=codes.CHILD, partisipasi_sekolah=1)
    # The head leaves (moved out), the spouse becomes head, a child is added.
    save(
        operator,
        draft,
        [new_head, child],
        household=household,
        housing={**HOUSING, "lantai": 6},
    )
    members = {m.nama: m for m in household.members.all()}
    assert set(members) == {"Sri Rahayu", "Warga 103"}
    assert members["Sri Rahayu"].pk == spouse.pk
    assert members["Sri Rahayu"].hubungan == 1
    household.refresh_from_db()
    assert household.lantai == 6
    event = AuditEvent.objects.get(action="proposal.household.update")
    assert event.actor == operator
    assert event.changes[f"ruta#{household.pk}.lantai"] == [9, 6]
    assert event.changes[f"anggota#{spouse.pk}.hubungan"] == [2, 1]
    assert event.changes[f"anggota#{spouse.pk}.nama"] == ["Warga 102", "Sri Rahayu"]
    assert event.changes[f"anggota#{head.pk}.nama"] == ["Darmawan", None]
    new = members["Warga 103"]
    assert event.changes[f"anggota#{new.pk}.partisipasi_sekolah"] == [None, 1]


def test_unchanged_save_writes_no_audit_row(operator: Any, draft: Proposal) -> None:
    household = save(operator, draft, family())
    stored = household.members.order_by("hubungan")
    refs = [replace(m, person_ref=str(p.pk)) for m, p in zip(family(), stored, strict=True)]
    save(operator, draft, refs, household=household)
    assert not AuditEvent.objects.filter(action="proposal.household.update").exists()


def test_delete_household_is_audited(operator: Any, draft: Proposal) -> None:
    household = save(operator, draft, family())
    head = household.members.get(hubungan=codes.HEAD)
    proposed_household_delete(user=operator, household=household)
    assert not ProposedHousehold.objects.exists()
    assert not ProposedMember.objects.exists()
    event = AuditEvent.objects.get(action="proposal.household.delete")
    assert event.changes[f"anggota#{head.pk}.nik"] == [head.nik, None]
    assert "Darmawan" in event.summary


def test_delete_draft_keeps_its_history(
    operator: Any, draft: Proposal, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    save(operator, draft, family())
    record_musdes(operator, draft)
    assert list((media_root / "musdes").iterdir())
    pk = draft.pk
    with django_capture_on_commit_callbacks(execute=True):
        proposal_delete(user=operator, proposal=draft)
    assert not Proposal.objects.filter(pk=pk).exists()
    assert not list((media_root / "musdes").iterdir())
    actions = set(AuditEvent.objects.filter(object_id=str(pk)).values_list("action", flat=True))
    assert {"proposal.create", "proposal.household.create", "proposal.delete"} <= actions


# --- Musdes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_ago", "attendance", "codes_"),
    [
        (0, 1, set()),
        (364, 50, set()),
        (-1, 10, {"musdes_tanggal_masa_depan"}),
        (400, 10, {"musdes_tanggal_terlalu_lama"}),
        (3, 0, {"musdes_hadir_kurang"}),
        (3, None, {"musdes_hadir_kurang"}),
    ],
)
def test_musdes_rules(days_ago: int, attendance: int | None, codes_: set[str]) -> None:
    today = date(2026, 3, 1)
    found = musdes_problems(
        musdes_date=today - timedelta(days=days_ago), attendance=attendance, today=today
    )
    assert {p.code for p in found} == codes_
    assert all(p.message for p in found)


def test_musdes_one_year_boundary() -> None:
    today = date(2026, 3, 1)
    assert not musdes_problems(musdes_date=date(2025, 3, 1), attendance=5, today=today)
    assert musdes_problems(musdes_date=date(2025, 2, 28), attendance=5, today=today)
    assert musdes_problems(musdes_date=None, attendance=5, today=today)


def test_musdes_needs_minutes_the_first_time(operator: Any, draft: Proposal) -> None:
    with pytest.raises(RegistryValidationError) as invalid:
        proposal_musdes_record(
            user=operator,
            proposal=draft,
            musdes_date=timezone.localdate(),
            attendance=10,
            minutes=None,
        )
    assert problem_codes(invalid) == {"berita_acara_kosong"}


def test_musdes_is_recorded_and_audited(operator: Any, draft: Proposal) -> None:
    proposal = record_musdes(operator, draft)
    assert proposal.musdes_attendance == 31
    assert proposal.minutes_content_type == "application/pdf"
    event = AuditEvent.objects.get(action="proposal.musdes")
    assert event.actor == operator
    assert event.changes["musdes_attendance"] == [None, 31]
    assert event.changes["minutes_name"] == ["", "ba.pdf"]
    assert len(event.changes["minutes_sha256"][1]) == 64


# --- Submitting --------------------------------------------------------------------------


def test_submit_needs_households_and_musdes(operator: Any, draft: Proposal) -> None:
    with pytest.raises(ProposalStateError, match="belum ada rumah tangga"):
        proposal_submit(user=operator, proposal=draft)
    save(operator, draft, family())
    with pytest.raises(ProposalStateError, match="musdes"):
        proposal_submit(user=operator, proposal=draft)
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT


def test_submit_then_read_only(operator: Any, draft: Proposal) -> None:
    household = save(operator, draft, family())
    record_musdes(operator, draft)
    submitted = proposal_submit(user=operator, proposal=draft)
    assert submitted.status == ProposalStatus.SUBMITTED
    assert submitted.submitted_by == operator
    assert submitted.submitted_at is not None
    event = AuditEvent.objects.get(action="proposal.submit")
    assert event.actor == operator
    assert event.changes["status"] == ["draft", "submitted"]
    draft.refresh_from_db()
    for attempt in (
        lambda: proposal_submit(user=operator, proposal=draft),
        lambda: save(operator, draft, family(200)),
        lambda: save(operator, draft, family(), household=household),
        lambda: proposed_household_delete(user=operator, household=household),
        lambda: record_musdes(operator, draft),
        lambda: proposal_delete(user=operator, proposal=draft),
    ):
        with pytest.raises(ProposalStateError):
            attempt()
    assert ProposedHousehold.objects.count() == 1
    assert AuditEvent.objects.filter(action="proposal.submit").count() == 1


# --- Selectors: who sees which proposal ------------------------------------------------


@pytest.fixture
def proposals_world(regions: None, make_user: Callable[..., Any]) -> dict[str, Proposal]:
    made = {}
    for key, village, submit in (
        ("a_draft", VILLAGE_A, False),
        ("a_sent", VILLAGE_A, True),
        ("b_sent", VILLAGE_B, True),
        ("metro_sent", VILLAGE_METRO, True),
        ("metro_draft", VILLAGE_METRO, False),
    ):
        user = make_user(Role.OPERATOR_DESA, village, username=f"op-{key}")
        proposal = proposal_create(user=user)
        if submit:
            base = 300 + 10 * len(made)
            save(user, proposal, [member(base, hubungan=codes.HEAD)])
            record_musdes(user, proposal)
            proposal = proposal_submit(user=user, proposal=proposal)
        made[key] = proposal
    return made


@pytest.mark.parametrize(
    ("role", "region", "visible"),
    [
        (Role.OPERATOR_DESA, VILLAGE_A, {"a_draft", "a_sent"}),
        (Role.OPERATOR_DESA, VILLAGE_B, {"b_sent"}),
        (Role.DINSOS_KABKOTA, "18.71", {"a_sent", "b_sent"}),
        (Role.DINSOS_KABKOTA, "18.72", {"metro_sent"}),
        (Role.PUSDATIN, None, {"a_sent", "b_sent", "metro_sent"}),
        (Role.DINSOS_PROVINSI, "18", None),
        (Role.QA, "18.71", None),
        (Role.PARTNER, None, None),
        (Role.OPERATOR_DESA, None, None),
        (Role.DINSOS_KABKOTA, None, None),
    ],
)
def test_visibility(
    proposals_world: dict[str, Proposal],
    make_user: Callable[..., Any],
    role: str,
    region: str | None,
    visible: set[str] | None,
) -> None:
    user = make_user(role, region)
    assert can_read_proposals(user=user) == (visible is not None)
    expected = {proposals_world[k].pk for k in visible or ()}
    assert set(proposal_list(user=user).values_list("pk", flat=True)) == expected
    for proposal in proposals_world.values():
        found = proposal_get(user=user, proposal_id=proposal.pk)
        assert (found is not None) == (proposal.pk in expected)


def test_list_filters_by_status_and_counts(
    proposals_world: dict[str, Proposal], make_user: Callable[..., Any]
) -> None:
    user = make_user(Role.OPERATOR_DESA, VILLAGE_A)
    drafts = proposal_list(user=user, status=ProposalStatus.DRAFT)
    assert [p.pk for p in drafts] == [proposals_world["a_draft"].pk]
    sent = proposal_list(user=user, status=ProposalStatus.SUBMITTED).get()
    assert (sent.n_households, sent.n_members) == (1, 1)
    assert proposal_list(user=user, status="nonsense").count() == 2


def test_audit_history_of_a_proposal(proposals_world: dict[str, Proposal]) -> None:
    proposal = proposals_world["a_sent"]
    actions = [e.action for e in proposal_audit(proposal=proposal)]
    assert actions == [
        "proposal.submit",
        "proposal.musdes",
        "proposal.household.create",
        "proposal.create",
    ]
    assert {e.actor_label for e in proposal_audit(proposal=proposal)} == {"op-a_sent"}
