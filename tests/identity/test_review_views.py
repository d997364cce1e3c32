"""The review pages: the queue, one pair side by side, deciding, and who gets 403 or 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from review_world import Record, Scored, link_run, pairs_table, source_people

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.identity.models import ReviewDecision, ReviewPair
from dtks.identity.services_review import review_pairs_replace
from dtks.intake.models import SourcePerson
from shared_constants import VILLAGE_A, VILLAGE_B, VILLAGE_METRO

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pairs(regions: None) -> dict[str, ReviewPair]:
    a1, a2, b1, b2, m1, m2 = source_people(
        [
            Record("Budi Santoso", VILLAGE_A, serial=1),
            Record("Budi Santosa", VILLAGE_A, serial=2),
            Record("Siti Aminah", VILLAGE_B, sex=2, serial=3),
            Record("Siti Aminah", VILLAGE_B, sex=2, serial=4, mother="Sumarni"),
            Record("Sri Mulyani Rahasia", VILLAGE_METRO, sex=2, serial=5),
            Record("Sri Mulyani Rahasia", VILLAGE_METRO, sex=2, serial=6),
        ]
    )
    scored = {
        "a": Scored(a1, a2, 0.51, 0.1),
        "b": Scored(b1, b2, 0.8, 4.0),
        "metro": Scored(m1, m2, 0.6, 1.0),
    }
    review_pairs_replace(link_run=link_run(), pairs=pairs_table(scored.values()))
    return {
        key: ReviewPair.objects.get(source_person_l=s.left, source_person_r=s.right)
        for key, s in scored.items()
    }


def _login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _pair_url(pair: ReviewPair) -> str:
    return reverse("identity_review:pair", args=[pair.pk])


def test_queue_lists_pending_pairs_with_counts(
    client: Client, make_user: Callable[..., User], pairs: dict[str, ReviewPair]
) -> None:
    _login(client, make_user(Role.DINSOS_KABKOTA, "18.71"))
    page = client.get(reverse("identity_review:queue")).content.decode()
    assert "2 pasangan menunggu" in page
    assert page.index(_pair_url(pairs["a"])) < page.index(_pair_url(pairs["b"]))
    assert "Budi Santosa" in page
    assert "Sri Mulyani Rahasia" not in page
    assert pairs["a"].source_person_l.nik not in page  # lists always mask
    assert reverse("identity_review:queue") in page  # the navigation link
    filtered = client.get(reverse("identity_review:queue"), {"wilayah": VILLAGE_B})
    assert "1 pasangan menunggu" in filtered.content.decode()
    fragment = client.get(
        reverse("identity_review:queue"), {"urut": "bobot_tinggi"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in fragment
    assert fragment.index(_pair_url(pairs["b"])) < fragment.index(_pair_url(pairs["a"]))


def test_pair_page_shows_both_records_and_the_evidence(
    client: Client, make_user: Callable[..., User], pairs: dict[str, ReviewPair]
) -> None:
    _login(client, make_user(Role.DINSOS_KABKOTA, "18.71"))
    pair = pairs["b"]
    page = client.get(_pair_url(pair)).content.decode()
    left: SourcePerson = pair.source_person_l
    right: SourcePerson = pair.source_person_r
    for text in (
        left.nik,  # a FULL_NIK_READERS role sees it whole
        right.nik,
        "Sulastri",
        "Sumarni",
        "Kedaton" if left.village_id == VILLAGE_A else left.village.name,
        "mirip (Jaro-Winkler &gt;= 0.92)",
        "+4,20",  # Indonesian decimals
        "-3,50",
        "80,0%",
        "Sama orang",
        "Orang berbeda",
        f"#{left.batch_id}",
        "DTKS",
    ):
        assert text in page, text
    assert 'class="differs"' in page


def test_deciding_moves_to_the_next_pair_then_back_to_the_queue(
    client: Client, make_user: Callable[..., User], pairs: dict[str, ReviewPair]
) -> None:
    reviewer = make_user(Role.DINSOS_KABKOTA, "18.71")
    _login(client, reviewer)
    response = client.post(
        _pair_url(pairs["a"]), {"decision": "non_match", "note": "ibu berbeda", "urut": "ragu"}
    )
    assert response.status_code == 302
    assert response["Location"] == _pair_url(pairs["b"]) + "?urut=ragu"
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.note, decision.decided_by) == (
        "non_match",
        "ibu berbeda",
        reviewer,
    )
    response = client.post(_pair_url(pairs["b"]), {"decision": "match"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("identity_review:queue")
    page = response.content.decode()
    assert "0 pasangan menunggu" in page
    assert "Tidak ada lagi pasangan" in page
    # A decided pair shows its decision, no buttons; a second decision is refused.
    decided = client.get(_pair_url(pairs["a"])).content.decode()
    assert "Sudah diputuskan" in decided
    assert 'value="match"' not in decided
    again = client.post(_pair_url(pairs["a"]), {"decision": "match"}, follow=True)
    assert "sudah diputuskan" in again.content.decode()
    assert ReviewDecision.objects.get(source_person_l=pairs["a"].source_person_l).decision == (
        "non_match"
    )
    bad = client.post(_pair_url(pairs["metro"]), {"decision": "mungkin"})
    assert bad.status_code == 404  # out of scope before anything else
    client.force_login(make_user(Role.PUSDATIN))
    bad = client.post(_pair_url(pairs["metro"]), {"decision": "mungkin"})
    assert bad.status_code == 400
    assert ReviewDecision.objects.count() == 2


@pytest.mark.parametrize(
    ("role", "region"),
    [
        (Role.OPERATOR_DESA, VILLAGE_A),
        (Role.OPERATOR_DESA, VILLAGE_METRO),
        (Role.DINSOS_PROVINSI, "18"),
        (Role.QA, "18.71"),
        (Role.PARTNER, None),
    ],
)
def test_roles_that_do_not_review_get_403(
    client: Client,
    make_user: Callable[..., User],
    pairs: dict[str, ReviewPair],
    role: str,
    region: str | None,
) -> None:
    _login(client, make_user(role, region))
    assert client.get(reverse("identity_review:queue")).status_code == 403
    for pair in pairs.values():
        for method in (client.get, client.post):
            response = method(_pair_url(pair), {"decision": "match"})
            assert response.status_code == 403
            assert b"Budi" not in response.content
    home = client.get(reverse("dashboard:home")).content.decode()
    assert reverse("identity_review:queue") not in home
    assert not ReviewDecision.objects.exists()


def test_pairs_outside_scope_answer_404(
    client: Client, make_user: Callable[..., User], pairs: dict[str, ReviewPair]
) -> None:
    _login(client, make_user(Role.DINSOS_KABKOTA, "18.72"))
    for key in ("a", "b"):
        for method in (client.get, client.post):
            response = method(_pair_url(pairs[key]), {"decision": "match"})
            assert response.status_code == 404
            assert pairs[key].source_person_l.nama.encode() not in response.content
    assert client.get(_pair_url(pairs["metro"])).status_code == 200
    missing = reverse("identity_review:pair", args=[max(p.pk for p in pairs.values()) + 100])
    assert client.get(missing).status_code == 404
    assert not ReviewDecision.objects.exists()


def test_anonymous_is_sent_to_login(client: Client, pairs: dict[str, ReviewPair]) -> None:
    response = client.get(_pair_url(pairs["a"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_english(
    client: Client, make_user: Callable[..., User], pairs: dict[str, ReviewPair]
) -> None:
    _login(client, make_user(Role.PUSDATIN))
    client.post(reverse("set_language"), {"language": "en"})
    try:
        queue = client.get(reverse("identity_review:queue")).content.decode()
        assert "Identity review" in queue
        assert "3 pairs waiting" in queue
        page = client.get(_pair_url(pairs["a"])).content.decode()
        for text in ("Same person", "Different people", "Evidence per field", "Match probability"):
            assert text in page, text
    finally:
        translation.activate("id")
