"""The review queue's writes: a run's pairs replace the queue (decided pairs never come back),
a decision is audited, final and scoped, and the decisions go back to the linkage as Arrow."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pyarrow as pa
import pytest
from django.db import connection, transaction
from review_world import Record, Scored, link_run, pairs_table, source_people

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.audit.models import AuditEvent
from dtks.identity.models import ReviewDecision, ReviewPair
from dtks.identity.selectors_review import review_decisions_table, review_queue
from dtks.identity.services_review import (
    NOTE_MAX_LENGTH,
    ReviewAlreadyDecidedError,
    ReviewDecisionError,
    ReviewPairNotFoundError,
    ReviewPairsError,
    ReviewPermissionError,
    review_decide,
    review_pairs_replace,
    review_pairs_replace_in_transaction,
)
from dtks.intake.models import SourcePerson
from dtks.pipeline import dbio
from dtks.pipeline.linkage.result import DECISIONS_SCHEMA, PAIRS_SCHEMA
from dtks.registry.bulk_load import django_database_target
from shared_constants import VILLAGE_A, VILLAGE_B, VILLAGE_METRO

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(regions: None) -> list[SourcePerson]:
    """Four records in Kota Bandar Lampung and one in Metro; pairs are made from them."""
    return source_people(
        [
            Record("Budi Santoso", VILLAGE_A, serial=1),
            Record("Budi Santosa", VILLAGE_A, serial=2),
            Record("Siti Aminah", VILLAGE_B, sex=2, born=date(1983, 1, 9), serial=3),
            Record("Siti Aminah", VILLAGE_A, sex=2, born=date(1983, 1, 9), serial=4),
            Record("Budi Santoso", VILLAGE_METRO, serial=5),
        ]
    )


@pytest.fixture
def reviewer(make_user: Callable[..., User]) -> User:
    return make_user(Role.DINSOS_KABKOTA, "18.71", username="dinsos-bdl")


def _queue(people: list[SourcePerson]) -> pa.Table:
    a, b, c, d, metro = people
    return pairs_table(
        [Scored(a, b, 0.62, 2.1), Scored(c, d, 0.81, 4.0), Scored(a, metro, 0.55, 0.4)]
    )


def _keys() -> set[tuple[int, int]]:
    return set(ReviewPair.objects.values_list("source_person_l_id", "source_person_r_id"))


def test_replace_fills_the_queue(people: list[SourcePerson]) -> None:
    run = link_run()
    result = review_pairs_replace(link_run=run, pairs=_queue(people))
    assert (result.queued, result.skipped_decided, result.removed) == (3, 0, 0)
    a, b, c, d, metro = people
    assert _keys() == {(a.pk, b.pk), (c.pk, d.pk), (a.pk, metro.pk)}
    pair = ReviewPair.objects.get(source_person_l=c, source_person_r=d)
    assert pair.link_run_id == run.pk
    assert pair.match_probability == pytest.approx(0.81)
    assert pair.match_weight == pytest.approx(4.0)
    assert pair.evidence["nama"]["level"] == "mirip (Jaro-Winkler >= 0.92)"
    assert pair.evidence["nama"]["weight"] == pytest.approx(4.2)
    assert pair.created_at is not None


def test_replace_orders_ids_as_numbers_and_swaps_the_evidence(regions: None) -> None:
    # 9 < 10 as numbers but "10" < "9" as strings: the pipeline hands (10, 9) over.
    nine, ten = source_people(
        [Record("Sembilan", VILLAGE_A, pk=9, serial=9), Record("Sepuluh", VILLAGE_A, pk=10)]
    )
    table = pairs_table([Scored(nine, ten, 0.7)])
    assert table["record_id_l"].to_pylist() == ["10"]
    review_pairs_replace(link_run=link_run(), pairs=table)
    pair = ReviewPair.objects.get()
    assert (pair.source_person_l_id, pair.source_person_r_id) == (9, 10)
    assert pair.evidence["nama"]["l"] == "Sembilan"
    assert pair.evidence["nama"]["r"] == "Sepuluh"


def test_replace_drops_the_previous_queue_and_skips_decided_pairs(
    people: list[SourcePerson], reviewer: User
) -> None:
    first = link_run()
    review_pairs_replace(link_run=first, pairs=_queue(people))
    a, b, c, d, metro = people
    decided = ReviewPair.objects.get(source_person_l=a, source_person_r=b)
    review_decide(user=reviewer, pair_id=decided.pk, decision="non_match")

    second = link_run()
    result = review_pairs_replace(link_run=second, pairs=_queue(people))
    assert (result.queued, result.skipped_decided, result.removed) == (2, 1, 3)
    assert _keys() == {(c.pk, d.pk), (a.pk, metro.pk)}
    assert set(ReviewPair.objects.values_list("link_run_id", flat=True)) == {second.pk}
    # The decision stays, tied to the run it was made in.
    decision = ReviewDecision.objects.get()
    assert decision.link_run_id == first.pk
    # An empty run empties the queue.
    emptied = review_pairs_replace(link_run=link_run(), pairs=PAIRS_SCHEMA.empty_table())
    assert (emptied.queued, emptied.removed) == (0, 2)
    assert not ReviewPair.objects.exists()


def _bad(table: pa.Table, **changes: list[Any]) -> pa.Table:
    columns = {name: table[name].to_pylist() for name in table.column_names}
    columns.update(changes)
    return pa.table(columns)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"record_id_l": ["x1", None, None]}, "bukan ID rekaman sumber"),
        ({"match_probability": [0.5, 1.2, 0.6]}, "Baris 2: match_probability 1.2 di luar 0..1"),
        ({"match_weight": [1.0, None, 2.0]}, "Baris 2: match_weight kosong"),
        ({"evidence": ["{}", "{bukan json", "{}"]}, "Baris 2: evidence bukan JSON"),
        ({"evidence": ["{}", "[1, 2]", "{}"]}, "Baris 2: evidence harus objek JSON"),
    ],
)
def test_replace_refuses_bad_pairs_and_writes_nothing(
    people: list[SourcePerson], change: dict[str, list[Any]], message: str
) -> None:
    review_pairs_replace(link_run=link_run(), pairs=_queue(people)[:1])
    before = _keys()
    table = _queue(people)
    if "record_id_l" in change:
        change = {"record_id_l": ["x1", *table["record_id_l"].to_pylist()[1:]]}
    with pytest.raises(ReviewPairsError, match=message):
        review_pairs_replace(link_run=link_run(), pairs=_bad(table, **change))
    assert _keys() == before


def test_replace_refuses_unknown_records_self_pairs_duplicates_missing_columns(
    people: list[SourcePerson],
) -> None:
    table = _queue(people)
    review_pairs_replace(link_run=link_run(), pairs=table[:1])
    before = _keys()
    cases = [
        (_bad(table, record_id_r=["999999", *table["record_id_r"].to_pylist()[1:]]), "999999"),
        (_bad(table, record_id_r=table["record_id_l"].to_pylist()), "dengan dirinya sendiri"),
        (pa.concat_tables([table, table[:1]]), "lebih dari sekali"),
        (table.drop_columns(["evidence"]), "tanpa kolom: evidence"),
    ]
    for bad, message in cases:
        with pytest.raises(ReviewPairsError, match=message):
            review_pairs_replace(link_run=link_run(), pairs=bad)
        assert _keys() == before


def test_replace_runs_in_its_own_transaction(people: list[SourcePerson]) -> None:
    run = link_run()
    with pytest.raises(ReviewPairsError, match="di luar transaksi"), transaction.atomic():
        review_pairs_replace(link_run=run, pairs=_queue(people))
    assert not ReviewPair.objects.exists()


def test_replace_on_the_callers_transaction(people: list[SourcePerson]) -> None:
    """A linkage job writes its register and the queue in one transaction: all or nothing."""
    run_id = int(link_run().pk)
    target = django_database_target()
    connection.close()
    writer = dbio.connect(target)

    def queue_then_fail() -> None:
        with dbio.transaction(writer, vendor=target.vendor) as cursor:
            review_pairs_replace_in_transaction(
                cursor=cursor, vendor=target.vendor, link_run_id=run_id, pairs=_queue(people)
            )
            raise RuntimeError("register write failed")

    try:
        with pytest.raises(RuntimeError, match="register write failed"):
            queue_then_fail()
        assert not ReviewPair.objects.exists()
        connection.close()
        with dbio.transaction(writer, vendor=target.vendor) as cursor:
            result = review_pairs_replace_in_transaction(
                cursor=cursor, vendor=target.vendor, link_run_id=run_id, pairs=_queue(people)
            )
    finally:
        writer.close()
    assert result.queued == 3
    assert ReviewPair.objects.filter(link_run_id=run_id).count() == 3


def test_decide_is_audited(people: list[SourcePerson], reviewer: User) -> None:
    run = link_run()
    review_pairs_replace(link_run=run, pairs=_queue(people))
    a, b, *_ = people
    pair = ReviewPair.objects.get(source_person_l=a, source_person_r=b)
    decision = review_decide(
        user=reviewer, pair_id=pair.pk, decision="match", note="  KTP sama, ejaan beda  "
    )
    assert decision.decision == "match"
    assert decision.decided_by == reviewer
    assert decision.note == "KTP sama, ejaan beda"
    assert decision.link_run_id == run.pk
    event = AuditEvent.objects.get(object_type="identity.reviewdecision")
    assert event.actor == reviewer
    assert event.action == "identity.review_decide"
    assert event.object_id == str(decision.pk)
    assert "sama orang" in event.summary
    assert event.changes["decision"] == [None, "match"]
    assert event.changes["review_pair"] == [None, pair.pk]
    assert event.changes["note"] == [None, "KTP sama, ejaan beda"]
    # Decided pairs leave the pending queue.
    assert pair.pk not in set(review_queue(user=reviewer).values_list("pk", flat=True))


def test_second_decision_is_refused(
    people: list[SourcePerson], reviewer: User, make_user: Callable[..., User]
) -> None:
    review_pairs_replace(link_run=link_run(), pairs=_queue(people))
    a, b, *_ = people
    pair = ReviewPair.objects.get(source_person_l=a, source_person_r=b)
    review_decide(user=reviewer, pair_id=pair.pk, decision="match")
    pusdatin = make_user(Role.PUSDATIN)
    for user, decision in ((reviewer, "match"), (pusdatin, "non_match")):
        with pytest.raises(ReviewAlreadyDecidedError, match=r"sudah diputuskan .* dinsos-bdl"):
            review_decide(user=user, pair_id=pair.pk, decision=decision)
    assert ReviewDecision.objects.get().decision == "match"
    assert AuditEvent.objects.filter(action="identity.review_decide").count() == 1


def test_decide_refuses_roles_and_pairs_outside_scope(
    people: list[SourcePerson], reviewer: User, make_user: Callable[..., User]
) -> None:
    review_pairs_replace(link_run=link_run(), pairs=_queue(people))
    a, b, _c, _d, metro = people
    inside = ReviewPair.objects.get(source_person_l=a, source_person_r=b)
    straddling = ReviewPair.objects.get(source_person_l=a, source_person_r=metro)
    for role, region in [
        (Role.OPERATOR_DESA, VILLAGE_A),
        (Role.DINSOS_PROVINSI, "18"),
        (Role.QA, "18.71"),
        (Role.PARTNER, None),
        (Role.DINSOS_KABKOTA, None),  # no region: no scope
    ]:
        with pytest.raises(ReviewPermissionError):
            review_decide(user=make_user(role, region), pair_id=inside.pk, decision="match")
    metro_office = make_user(Role.DINSOS_KABKOTA, "18.72", username="dinsos-metro")
    with pytest.raises(ReviewPairNotFoundError):
        review_decide(user=metro_office, pair_id=inside.pk, decision="match")
    # A pair across two kab/kota is for Pusdatin: neither office may decide it.
    for office in (reviewer, metro_office):
        with pytest.raises(ReviewPairNotFoundError):
            review_decide(user=office, pair_id=straddling.pk, decision="match")
    with pytest.raises(ReviewPairNotFoundError):
        review_decide(user=reviewer, pair_id=987654, decision="match")
    assert not ReviewDecision.objects.exists()
    review_decide(user=make_user(Role.PUSDATIN), pair_id=straddling.pk, decision="non_match")
    assert not AuditEvent.objects.filter(actor=reviewer).exists()


def test_decide_refuses_unknown_decisions_and_long_notes(
    people: list[SourcePerson], reviewer: User
) -> None:
    review_pairs_replace(link_run=link_run(), pairs=_queue(people))
    pair = ReviewPair.objects.filter(source_person_l=people[0], source_person_r=people[1]).get()
    with pytest.raises(ReviewDecisionError, match="'mungkin' tidak dikenal"):
        review_decide(user=reviewer, pair_id=pair.pk, decision="mungkin")
    with pytest.raises(ReviewDecisionError, match="Catatan terlalu panjang"):
        review_decide(
            user=reviewer, pair_id=pair.pk, decision="match", note="x" * (NOTE_MAX_LENGTH + 1)
        )
    assert not ReviewDecision.objects.exists()


def test_decisions_table_round_trip(
    people: list[SourcePerson], reviewer: User, make_user: Callable[..., User]
) -> None:
    assert review_decisions_table().equals(DECISIONS_SCHEMA.empty_table())
    table = _queue(people)
    review_pairs_replace(link_run=link_run(), pairs=table)
    given = {(row["record_id_l"], row["record_id_r"]): row for row in table.to_pylist()}
    pairs = {
        (str(p.source_person_l_id), str(p.source_person_r_id)): p for p in ReviewPair.objects.all()
    }
    assert set(pairs) == set(given)
    a, b, c, d, _metro = people
    made = {(str(a.pk), str(b.pk)): "match", (str(c.pk), str(d.pk)): "non_match"}
    for key, decision in made.items():
        review_decide(user=reviewer, pair_id=pairs[key].pk, decision=decision)

    decisions = review_decisions_table()
    assert decisions.schema == DECISIONS_SCHEMA
    assert {(r["record_id_l"], r["record_id_r"]): r["decision"] for r in decisions.to_pylist()} == (
        made
    )
    # Fed back with the same pairs, exactly the decided ones stay out of the queue.
    result = review_pairs_replace(link_run=link_run(), pairs=table)
    assert result.skipped_decided == 2
    left = {(str(l_id), str(r_id)) for l_id, r_id in _keys()}
    assert left == set(given) - set(made)
    assert json.loads(json.dumps(decisions.to_pylist()))  # plain values only
