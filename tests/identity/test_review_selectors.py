"""The review queue's reads: who sees which pair, in which order, narrowed by region."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from review_world import Record, Scored, evidence_of, link_run, pairs_table, source_people

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.identity.models import ReviewPair
from dtks.identity.presenters_review import evidence_rows, record_rows
from dtks.identity.selectors_review import (
    ORDER_WEIGHT_HIGH,
    ORDER_WEIGHT_LOW,
    can_review_identity,
    review_counts,
    review_pair_detail,
    review_queue,
    review_region_options,
)
from dtks.identity.services_review import review_decide, review_pairs_replace
from dtks.intake.models import SourcePerson
from shared_constants import VILLAGE_A, VILLAGE_B, VILLAGE_METRO

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pairs(regions: None) -> dict[str, ReviewPair]:
    """a: both in village A; b: A and B (two kecamatan of 18.71); metro: both in Metro;
    cross: A and Metro (two kab/kota)."""
    a1, a2, a3, b1, m1, m2 = source_people(
        [
            Record("Budi Santoso", VILLAGE_A, serial=1),
            Record("Budi Santosa", VILLAGE_A, serial=2),
            Record("Siti Aminah", VILLAGE_A, sex=2, serial=3),
            Record("Siti Aminah", VILLAGE_B, sex=2, serial=4),
            Record("Sri Mulyani", VILLAGE_METRO, sex=2, serial=5),
            Record("Sri Mulyani", VILLAGE_METRO, sex=2, serial=6),
        ]
    )
    scored = {
        "a": Scored(a1, a2, 0.9, 8.0),
        "b": Scored(a3, b1, 0.52, 0.2),
        "metro": Scored(m1, m2, 0.7, 3.0),
        "cross": Scored(a1, m1, 0.6, -1.0),
    }
    review_pairs_replace(link_run=link_run(), pairs=pairs_table(scored.values()))
    return {
        key: ReviewPair.objects.get(source_person_l=s.left, source_person_r=s.right)
        for key, s in scored.items()
    }


def _seen(user: User, **filters: str) -> list[int]:
    return list(review_queue(user=user, **filters).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("role", "region", "visible"),
    [
        (Role.DINSOS_KABKOTA, "18.71", ("b", "a")),
        (Role.DINSOS_KABKOTA, "18.72", ("metro",)),
        (Role.PUSDATIN, None, ("b", "cross", "metro", "a")),
        (Role.OPERATOR_DESA, VILLAGE_A, ()),
        (Role.DINSOS_PROVINSI, "18", ()),
        (Role.QA, "18.71", ()),
        (Role.PARTNER, None, ()),
        (Role.DINSOS_KABKOTA, None, ()),
        (Role.DINSOS_KABKOTA, VILLAGE_A, ()),
    ],
)
def test_scope_by_role(
    make_user: Callable[..., User],
    pairs: dict[str, ReviewPair],
    role: str,
    region: str | None,
    visible: tuple[str, ...],
) -> None:
    user = make_user(role, region)
    assert can_review_identity(user=user) == bool(visible)
    # Ordered by uncertainty: the probability closest to 0.5 first.
    assert _seen(user) == [pairs[key].pk for key in visible]
    for key, pair in pairs.items():
        assert (review_pair_detail(user=user, pair_id=pair.pk) is not None) == (key in visible)
    assert review_counts(user=user).pending == len(visible)


def test_orders_and_region_filters(
    make_user: Callable[..., User], pairs: dict[str, ReviewPair]
) -> None:
    pusdatin = make_user(Role.PUSDATIN)
    ids = {pair.pk: key for key, pair in pairs.items()}
    assert [ids[pk] for pk in _seen(pusdatin, order=ORDER_WEIGHT_HIGH)] == [
        "a",
        "metro",
        "b",
        "cross",
    ]
    assert [ids[pk] for pk in _seen(pusdatin, order=ORDER_WEIGHT_LOW)] == [
        "cross",
        "b",
        "metro",
        "a",
    ]
    # A region filter keeps pairs with either record in it.
    assert [ids[pk] for pk in _seen(pusdatin, region_code=VILLAGE_B)] == ["b"]
    assert {ids[pk] for pk in _seen(pusdatin, region_code="18.71.01")} == {"a", "b", "cross"}
    assert {ids[pk] for pk in _seen(pusdatin, region_code="18.72")} == {"metro", "cross"}
    # Filtering never widens the scope.
    office = make_user(Role.DINSOS_KABKOTA, "18.71")
    assert _seen(office, region_code="18.72") == []
    options = {r.code for r in review_region_options(user=office)}
    assert {"18.71.01", VILLAGE_A, "18.71.02", VILLAGE_B} <= options
    assert not any(code.startswith("18.72") for code in options)


def test_decided_pairs_leave_the_queue_but_stay_readable(
    make_user: Callable[..., User], pairs: dict[str, ReviewPair]
) -> None:
    office = make_user(Role.DINSOS_KABKOTA, "18.71")
    review_decide(user=office, pair_id=pairs["b"].pk, decision="match")
    assert _seen(office) == [pairs["a"].pk]
    counts = review_counts(user=office)
    assert (counts.pending, counts.decided) == (1, 1)
    detail = review_pair_detail(user=office, pair_id=pairs["b"].pk)
    assert detail is not None
    assert detail.decision is not None
    assert detail.decision.decision == "match"
    metro_office = make_user(Role.DINSOS_KABKOTA, "18.72")
    assert review_counts(user=metro_office).decided == 0


def test_niks_masked_for_readers_without_full_nik(pairs: dict[str, ReviewPair]) -> None:
    pair = pairs["a"]
    left: SourcePerson = pair.source_person_l
    right: SourcePerson = pair.source_person_r
    assert left.nik
    assert right.nik
    assert left.no_kk
    masked_rows = record_rows(left, right, full_nik=False)
    masked_evidence = evidence_rows(evidence_of(left, right), full_nik=False)
    shown = " ".join(
        [r.left + r.right for r in masked_rows] + [e.left + e.right for e in masked_evidence]
    )
    for secret in (left.nik, right.nik, left.no_kk):
        assert secret not in shown
    assert left.nik[:4] + "********" + left.nik[-4:] in shown
    full = record_rows(left, right, full_nik=True)
    assert any(row.left == left.nik for row in full)
    names = {row.label: row for row in full}
    assert names["Nama"].differs
    assert not names["Tanggal lahir"].differs


def test_evidence_bars_scale_to_the_strongest_weight() -> None:
    rows = evidence_rows(
        {
            "nama": {"level": "sama", "weight": 8.0, "l": "A", "r": "A"},
            "nik": {"level": "beda", "weight": -4.0, "l": "1", "r": "2"},
            "catatan": "bukan objek",
        },
        full_nik=True,
    )
    assert [(r.label, r.bar_x, r.bar_width, r.positive) for r in rows] == [
        ("Nama", 100, 100, True),
        ("NIK", 50, 50, False),
    ]
