"""Region scope: nobody reads a household outside their scope, through any URL.

The URL sweep walks the project's whole URL configuration, so a page added later is covered
without touching this file: every parameter is filled with the identifiers of a household the
user must not see, and no response may contain that household's names or numbers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date
from io import BytesIO
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.accounts.scope import NATIONAL, NO_SCOPE, RegionScope, region_scope
from dtks.domain.nik import make_nik
from dtks.intake.models import Proposal
from dtks.intake.proposals import (
    proposal_create,
    proposal_musdes_record,
    proposal_submit,
    proposed_household_save,
)
from dtks.registry.models import Household
from dtks.registry.selectors import (
    family_list,
    household_get,
    household_list,
    person_list,
    region_drilldown,
    registry_counts,
)
from dtks.registry.services import MemberInput
from shared_constants import VILLAGE_A, VILLAGE_B, VILLAGE_METRO

# --- RegionScope itself ---------------------------------------------------------------------


def test_covers() -> None:
    kota = RegionScope(code="18.71")
    assert kota.covers(VILLAGE_A)
    assert kota.covers(VILLAGE_B)
    assert kota.covers("18.71")
    assert not kota.covers(VILLAGE_METRO)
    assert not kota.covers("18.710.01.1001")  # a prefix of the digits is not a parent
    assert not kota.covers("18")  # nor is an ancestor
    village = RegionScope(code=VILLAGE_A)
    assert village.covers(VILLAGE_A)
    assert not village.covers(VILLAGE_B)
    assert NATIONAL.covers(VILLAGE_METRO)
    assert not NO_SCOPE.covers(VILLAGE_A)
    assert NO_SCOPE.nothing
    assert not NATIONAL.nothing


def test_village_filter(make_household: Callable[..., Household]) -> None:
    a, b, metro = (make_household(v) for v in (VILLAGE_A, VILLAGE_B, VILLAGE_METRO))

    def visible(scope: RegionScope) -> set[int]:
        return set(
            Household.objects.filter(scope.village_filter("village__code")).values_list(
                "pk", flat=True
            )
        )

    assert visible(RegionScope(code=VILLAGE_A)) == {a.pk}
    assert visible(RegionScope(code="18.71.02")) == {b.pk}
    assert visible(RegionScope(code="18.71")) == {a.pk, b.pk}
    assert visible(RegionScope(code="18")) == {a.pk, b.pk, metro.pk}
    assert visible(RegionScope(code="18.7")) == set()  # not a region: matches nothing
    assert visible(NATIONAL) == {a.pk, b.pk, metro.pk}
    assert visible(NO_SCOPE) == set()
    assert NATIONAL.village_filter("village__code") == Q()


# --- Who sees what ------------------------------------------------------------------------


@pytest.fixture
def world(make_household: Callable[..., Household]) -> dict[str, Household]:
    return {
        "a": make_household(VILLAGE_A, head_name="Budi Santoso"),
        "b": make_household(VILLAGE_B, head_name="Bambang Kurniawan"),
        "metro": make_household(VILLAGE_METRO, head_name="Sri Mulyani Indrawati"),
    }


def _seen(user: User) -> set[str]:
    return set(household_list(user=user).values_list("household_ref", flat=True))


def _refs(world: dict[str, Household], *keys: str) -> set[str]:
    return {world[k].household_ref for k in keys}


@pytest.mark.parametrize(
    ("role", "region", "visible"),
    [
        (Role.OPERATOR_DESA, VILLAGE_A, ("a",)),
        (Role.OPERATOR_DESA, VILLAGE_B, ("b",)),
        (Role.DINSOS_KABKOTA, "18.71", ("a", "b")),
        (Role.DINSOS_KABKOTA, "18.72", ("metro",)),
        (Role.QA, "18.71", ("a", "b")),
        (Role.DINSOS_PROVINSI, "18", ("a", "b", "metro")),
        (Role.PUSDATIN, None, ("a", "b", "metro")),
        # No scope: partners use the partner API; wrong or missing regions see nothing.
        (Role.PARTNER, None, ()),
        (Role.PARTNER, "18.71", ()),
        (Role.OPERATOR_DESA, None, ()),
        (Role.OPERATOR_DESA, "18.71", ()),
        (Role.OPERATOR_DESA, "18.71.01", ()),
        (Role.DINSOS_KABKOTA, None, ()),
        (Role.DINSOS_KABKOTA, VILLAGE_A, ()),
        (Role.DINSOS_PROVINSI, "18.71", ()),
        ("", VILLAGE_A, ()),
    ],
)
def test_scope_by_role(
    make_user: Callable[..., User],
    world: dict[str, Household],
    role: str,
    region: str | None,
    visible: tuple[str, ...],
) -> None:
    user = make_user(role, region)
    assert _seen(user) == _refs(world, *visible)
    for key, household in world.items():
        found = household_get(user=user, household_id=household.pk)
        assert (found is not None) == (key in visible)
    assert person_list(user=user).count() == 3 * len(visible)
    assert family_list(user=user).count() == len(visible)
    assert registry_counts(user=user).households == len(visible)
    drilldown = region_drilldown(user=user)
    assert (drilldown is None) == (not visible)
    if drilldown is not None:
        assert drilldown.households == len(visible)


def test_inactive_user_sees_nothing(
    make_user: Callable[..., User], world: dict[str, Household], client: Client
) -> None:
    user = make_user(Role.PUSDATIN)
    user.is_active = False
    user.save()
    assert region_scope(user=user) == NO_SCOPE
    assert _seen(user) == set()
    assert household_get(user=user, household_id=world["a"].pk) is None
    client.force_login(user)
    response = client.get(reverse("registry:household_detail", args=[world["a"].pk]))
    assert response.status_code == 302  # logged out: inactive accounts have no session
    assert b"Budi Santoso" not in response.content


def test_superuser_sees_all(make_user: Callable[..., User], world: dict[str, Household]) -> None:
    admin = User.objects.create_superuser("root", password="rahasia-uji-123")
    assert region_scope(user=admin) == NATIONAL
    assert _seen(admin) == _refs(world, "a", "b", "metro")


@pytest.mark.parametrize(
    ("role", "region"),
    [(Role.PARTNER, None), (Role.OPERATOR_DESA, "18.71"), (Role.DINSOS_KABKOTA, None)],
)
def test_no_scope_gets_403_everywhere(
    make_user: Callable[..., User],
    world: dict[str, Household],
    client: Client,
    role: str,
    region: str | None,
) -> None:
    client.force_login(make_user(role, region))
    urls = [
        reverse("registry:household_list"),
        reverse("registry:household_detail", args=[world["a"].pk]),
        reverse("registry:region_root"),
        reverse("registry:region", args=["18"]),
        reverse("registry:export_csv"),
        reverse("registry:export_xlsx"),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Budi Santoso" not in home
    assert reverse("registry:household_list") not in home


# --- The sweep: an operator of village A against B's (and Metro's) household ---------------

_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_ALTERNATIVES = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _fill(route: str, values: list[str]) -> Iterator[str]:
    """Every URL of ``route`` with each parameter set to each of ``values``."""
    route = route.replace("^", "").replace("$", "")
    slots: list[list[str]] = []

    def slot(match: re.Match[str]) -> str:
        body = match.groupdict().get("body")
        if body is not None and re.fullmatch(r"[\w|]+", body):
            slots.append(body.split("|"))  # a regex alternation: each alternative
        else:
            slots.append(values)
        return "{}"

    template = _ALTERNATIVES.sub(slot, _CONVERTER.sub(slot, route))
    for combination in itertools.product(*slots):
        yield "/" + template.format(*combination)


@pytest.fixture
def operator_a(make_user: Callable[..., User], client: Client) -> Client:
    client.force_login(make_user(Role.OPERATOR_DESA, VILLAGE_A))
    return client


def _secrets(household: Household) -> list[str]:
    """What must never reach a user outside the household's region."""
    people = list(household.members.all())
    secrets = [household.household_ref, *(p.nik for p in people if p.nik)]
    secrets += [f.no_kk for f in household.families.all()]
    secrets += [p.nama for p in people if p.hubungan == 1]
    return secrets


def _body(response: Any) -> str:
    """The response as text; an XLSX export as the text of its cells."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.headers.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(BytesIO(content))
        cells = (c.value for sheet in workbook for row in sheet.iter_rows() for c in row)
        return "\n".join(str(v) for v in cells if v is not None)
    return content.decode("utf-8", errors="replace")


def _assert_clean_text(body: str, secrets: list[str], where: str) -> None:
    for secret in secrets:
        assert secret not in body, f"{where} leaks {secret!r}"


def _assert_clean(response: Any, secrets: list[str], where: str) -> None:
    _assert_clean_text(_body(response), secrets, where)


def _without_echo(body: str, query: dict[str, str]) -> str:
    """The page minus what the user typed (the search box and links repeat it)."""
    for value in query.values():
        for form in (value, quote_plus(value), quote(value)):
            body = body.replace(form, "")
    return body


@pytest.fixture
def proposals_elsewhere(
    world: dict[str, Household],
    make_user: Callable[..., User],
    settings: Any,
    tmp_path: Any,
) -> list[Proposal]:
    """Village proposals (usulan) of B and Metro: a submitted one each and a draft of B."""
    settings.MEDIA_ROOT = tmp_path / "media"
    made = []
    for n, (village, submit) in enumerate(
        [(VILLAGE_B, True), (VILLAGE_B, False), (VILLAGE_METRO, True)], start=1
    ):
        operator = make_user(Role.OPERATOR_DESA, village, username=f"usulan-{n}")
        proposal = proposal_create(user=operator)
        kecamatan = village[:8].replace(".", "")
        born = date(1975, 4, n)
        proposed_household_save(
            user=operator,
            proposal=proposal,
            housing={"lantai": 9},
            address={"alamat": f"Jalan Rahasia Usulan {n}"},
            members=[
                MemberInput(
                    person_ref="",
                    nama=f"Kepala Usulan Rahasia {n}",
                    nik=make_nik(kecamatan_code=kecamatan, birth_date=born, sex=1, serial=900 + n),
                    jenis_kelamin=1,
                    tanggal_lahir=born,
                    hubungan=1,
                )
            ],
        )
        if submit:
            proposal_musdes_record(
                user=operator,
                proposal=proposal,
                musdes_date=timezone.localdate(),
                attendance=10,
                minutes=SimpleUploadedFile(f"berita-acara-rahasia-{n}.pdf", b"%PDF-1.4\n%%EOF\n"),
            )
            proposal = proposal_submit(user=operator, proposal=proposal)
        made.append(proposal)
    return made


@pytest.fixture
def pmt_ranking(world: dict[str, Household], make_user: Callable[..., User]) -> list[str]:
    """A done PMT ranking scoring every household (test data through the ORM); the ids and
    version the sweep puts into the assessment URLs."""
    from dtks.assessment.models import HouseholdScore, Ranking
    from dtks.assessment.services_models import pmt_model_approve, pmt_model_store
    from dtks.pipeline.pmt.model import PmtModel, model_to_json
    from dtks.pipeline.pmt.proxies import PROXIES

    fitted = PmtModel(
        kind="ols",
        proxies=PROXIES,
        intercept=13.0,
        means=tuple(0.0 for _ in PROXIES),
        region_effects={"18.71": 0.1, "18.72": -0.1},
        coefficients=tuple(0.01 for _ in PROXIES),
    )
    approver = make_user(Role.PUSDATIN, username="pmt-penyetuju")
    stored = pmt_model_store(document_text=model_to_json(fitted), name="uji", user=approver)
    stored = pmt_model_approve(model=stored, user=approver)
    ranking = Ranking.objects.create(
        model=stored,
        status="done",
        as_of=date(2025, 1, 1),
        households=3,
        finished_at=timezone.now(),
    )
    for n, household in enumerate(world.values(), start=1):
        HouseholdScore.objects.create(
            ranking=ranking,
            household=household,
            welfare=12.0 + n,
            konsumsi_prediksi=2.0**n,
            persentil=n,
            desil=n,
        )
    return [str(ranking.pk), str(stored.pk), stored.version[:12]]


@pytest.fixture
def eligibility_decisions(world: dict[str, Household], pmt_ranking: list[str]) -> list[str]:
    """A done eligibility run with a decision per household and programme (test data through
    the ORM); the ids the sweep puts into the programme URLs."""
    from dtks.assessment.models import Ranking
    from dtks.programs.models import EligibilityDecision, EligibilityRun, RuleSet
    from dtks.programs.services import programmes_seed

    programmes_seed()
    run = EligibilityRun.objects.create(
        ranking=Ranking.objects.get(pk=int(pmt_ranking[0])),
        status="done",
        as_of=date(2025, 1, 1),
        totals={"PKH": {"units": 3, "eligible": 3, "budget": 3}},
    )
    for household in world.values():
        head = household.members.get(hubungan=1)
        kk = household.families.get().no_kk
        for programme in ("PKH", "SEMBAKO"):
            EligibilityDecision.objects.create(
                run=run,
                programme=programme,
                unit="keluarga",
                unit_ref=kk,
                household=household,
                household_ref=household.household_ref,
                kode_wilayah=household.village_id,
                nama=head.nama,
                nik=head.nik or "",
                no_kk=kk,
                eligible=True,
                amount=1,
            )
    return [str(run.pk), *(str(pk) for pk in RuleSet.objects.values_list("pk", flat=True))]


def _proposal_secrets(proposal: Proposal) -> list[str]:
    secrets = [proposal.minutes_name] if proposal.minutes_name else []
    for household in proposal.households.all():
        secrets.append(household.alamat)
        for member in household.members.all():
            secrets += [member.nama, *([member.nik] if member.nik else [])]
    return secrets


def _proposal_values(proposal: Proposal) -> list[str]:
    values = [str(proposal.pk)]
    for household in proposal.households.all():
        values += [str(household.pk), *(str(m.pk) for m in household.members.all())]
    return values


def test_every_url_hides_other_villages(
    operator_a: Client,
    world: dict[str, Household],
    proposals_elsewhere: list[Proposal],
    pmt_ranking: list[str],
    eligibility_decisions: list[str],
) -> None:
    others = [world["b"], world["metro"]]
    secrets = [s for h in others for s in _secrets(h)]
    secrets += [s for p in proposals_elsewhere for s in _proposal_secrets(p)]
    values = [VILLAGE_B, "18.71.02", "18.71", "18", VILLAGE_METRO, "18.72", *pmt_ranking]
    values += [*eligibility_decisions, "PKH", "SEMBAKO"]
    for proposal in proposals_elsewhere:
        values += _proposal_values(proposal)
    for household in others:
        values += [str(household.pk), household.household_ref]
        values += [str(p.pk) for p in household.members.all()]
        values += [str(f.pk) for f in household.families.all()]
        values += [p.nik for p in household.members.all() if p.nik]
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    assert "registri/rumah-tangga/<int:household_id>/" in routes
    checked = 0
    for route in routes:
        if route.startswith("keluar/"):
            continue  # logging out ends the session the sweep runs in
        urls = list(_fill(route, values)) if "<" in route or "(?P" in route else ["/" + route]
        for url in urls:
            for method in (operator_a.get, operator_a.post):
                _assert_clean(method(url), secrets, url)
                checked += 1
    assert checked > 100
    for proposal in proposals_elsewhere:
        url = reverse("intake:proposal_detail", args=[proposal.pk])
        assert operator_a.get(url).status_code == 404
        assert proposal.households.count() == 1  # the POSTs of the sweep changed nothing
    for household in others:
        url = reverse("registry:household_detail", args=[household.pk])
        assert operator_a.get(url).status_code == 404
        assert (
            operator_a.get(reverse("registry:region", args=[household.village_id])).status_code
            == 404
        )


def test_exports_and_search_leak_nothing(operator_a: Client, world: dict[str, Household]) -> None:
    for other in (world["b"], world["metro"]):
        head = other.members.get(hubungan=1)
        secrets = _secrets(other)
        kk = other.families.get().no_kk
        queries = [
            {"q": head.nama},
            {"q": head.nama.split()[-1].lower()},
            {"q": head.nik},
            {"q": head.nik[:10]},
            {"q": kk},
            {"q": kk[:8]},
            {"wilayah": other.village_id},
            {"wilayah": other.village_id[:8]},
            {"wilayah": other.village_id, "q": head.nama},
        ]
        for query in queries:
            for name in ("household_list", "export_csv", "export_xlsx"):
                response = operator_a.get(reverse(f"registry:{name}"), query)
                assert response.status_code == 200
                body = _without_echo(_body(response), query)
                _assert_clean_text(body, secrets, f"{name} {query}")
                if "wilayah" in query:
                    continue  # an out-of-scope region filter is ignored: the own village shows
                assert "Budi Santoso" not in body  # nothing of village A matches either
            response = operator_a.get(
                reverse("registry:household_list"), query, headers={"HX-Request": "true"}
            )
            body = _without_echo(_body(response), query)
            _assert_clean_text(body, secrets, f"htmx {query}")
    # The operator's own household is there, so the pages do work.
    for name in ("household_list", "export_csv", "export_xlsx"):
        own = operator_a.get(reverse(f"registry:{name}"), {"q": "Budi"})
        assert "Budi Santoso" in _body(own)


def test_admin_is_closed_to_operators(operator_a: Client, world: dict[str, Household]) -> None:
    url = reverse("admin:registry_household_change", args=[world["b"].pk])
    response = operator_a.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert "Bambang" not in _body(operator_a.get(reverse("admin:index"), follow=True))
