"""Writes of the clerical review queue: the queue of a linkage run, and the reviewers' decisions.

``review_pairs_replace`` puts a run's uncertain pairs (Arrow, ``PAIRS_SCHEMA``) into the queue
through ADBC in one transaction, leaving out every pair already decided: a decision is keyed
by the record pair, so no run asks twice. ``review_decide`` records one reviewer's decision,
audited; a decision is final (a second one on the same pair is refused).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.db import IntegrityError, transaction
from django.db import connection as django_connection
from django.utils import timezone
from django.utils.translation import gettext as _

from dtks.accounts.models import User
from dtks.audit.services import audit_record
from dtks.identity.models import LinkRun, ReviewDecision, ReviewDecisionChoice, ReviewPair
from dtks.identity.selectors_review import can_review_identity, review_pairs_scoped
from dtks.intake.models import SourcePerson
from dtks.pipeline import dbio
from dtks.pipeline.linkage.result import PAIRS_SCHEMA
from dtks.registry.bulk_load import django_database_target

NOTE_MAX_LENGTH = 1000
# Audit summaries are data, in the source language whatever the reviewer's interface language.
_DECISION_WORDS = {
    ReviewDecisionChoice.MATCH: "sama orang",
    ReviewDecisionChoice.NON_MATCH: "orang berbeda",
}


class ReviewPairsError(ValueError):
    """The pairs table cannot go into the queue (what and where in the message); nothing written."""


class ReviewPermissionError(PermissionError):
    """The user may not decide identity pairs (role, or no region scope)."""


class ReviewPairNotFoundError(LookupError):
    """No such pair in the queue, or it lies outside the user's region scope."""


class ReviewDecisionError(ValueError):
    """The decision itself is not acceptable (unknown value, note too long, already decided)."""


class ReviewAlreadyDecidedError(ReviewDecisionError):
    """The pair has been decided before; decisions are final."""


# --- The queue of a run -----------------------------------------------------------------


@dataclass(frozen=True)
class ReviewReplaceResult:
    queued: int  # pairs now waiting in the queue
    skipped_decided: int  # pairs of the run left out because they were decided before
    removed: int  # pairs of earlier runs taken out of the queue


def review_pairs_replace(*, link_run: LinkRun, pairs: pa.Table) -> ReviewReplaceResult:
    """Replace the whole queue with ``link_run``'s pairs, except those already decided.

    ``pairs`` has the columns of ``PAIRS_SCHEMA`` with record ids ``str(SourcePerson.pk)``.
    Opens its own (ADBC) transaction, so call it outside ``transaction.atomic``; on SQLite
    pause job-progress writes meanwhile (``JobProgress.database_paused``).
    """
    if link_run.pk is None:
        raise ReviewPairsError(_("Proses pemadanan belum tersimpan."))
    staged = _checked_pairs(pairs)
    if django_connection.in_atomic_block:
        raise ReviewPairsError(
            _("Antrean tinjauan diganti dalam transaksinya sendiri; panggil di luar transaksi.")
        )
    target = django_database_target()
    django_connection.close()  # no Django-held connection to the SQLite file while ADBC writes
    adbc = dbio.connect(target)
    try:
        with dbio.transaction(adbc, vendor=target.vendor) as cursor:
            return _replace(cursor, staged, run_id=int(link_run.pk), vendor=target.vendor)
    finally:
        adbc.close()


def review_pairs_replace_in_transaction(
    *, cursor: Any, vendor: str, link_run_id: int, pairs: pa.Table
) -> ReviewReplaceResult:
    """``review_pairs_replace`` on the caller's open ADBC transaction (``dbio.transaction``),
    for a linkage job that writes its register and its queue all at once or not at all."""
    return _replace(cursor, _checked_pairs(pairs), run_id=link_run_id, vendor=vendor)


def _replace(cursor: Any, staged: pa.Table, *, run_id: int, vendor: str) -> ReviewReplaceResult:
    pair_table = ReviewPair._meta.db_table
    decision_table = ReviewDecision._meta.db_table
    person_table = SourcePerson._meta.db_table
    dbio.stage(cursor, name="stg_review_pair", table=staged)
    cursor.execute(
        "SELECT s.id FROM (SELECT l AS id FROM stg_review_pair"
        " UNION SELECT r FROM stg_review_pair) s"
        f" WHERE NOT EXISTS (SELECT 1 FROM {person_table} p WHERE p.id = s.id) ORDER BY s.id"
        " LIMIT 5"
    )
    missing = [str(row[0]) for row in cursor.fetchall()]
    if missing:
        raise ReviewPairsError(
            _("Rekaman sumber tidak ada: %(ids)s (record_id_l/record_id_r).")
            % {"ids": ", ".join(missing)}
        )
    decided = (
        f"EXISTS (SELECT 1 FROM {decision_table} d WHERE d.source_person_l_id = s.l"
        " AND d.source_person_r_id = s.r)"
    )
    removed = dbio.scalar(cursor, f"SELECT count(*) FROM {pair_table}")
    skipped = dbio.scalar(cursor, f"SELECT count(*) FROM stg_review_pair s WHERE {decided}")
    now = timezone.now()
    if vendor == "postgresql":
        stamp, evidence = f"'{now.isoformat()}'::timestamptz", "s.evidence::jsonb"
    else:
        stamp, evidence = f"'{now.strftime('%Y-%m-%d %H:%M:%S.%f')}'", "s.evidence"
    cursor.execute(f"DELETE FROM {pair_table}")
    cursor.execute(
        f"INSERT INTO {pair_table} (link_run_id, source_person_l_id, source_person_r_id,"
        " match_weight, match_probability, evidence, created_at)"
        f" SELECT {run_id}, s.l, s.r, s.w, s.p, {evidence}, {stamp}"
        f" FROM stg_review_pair s WHERE NOT {decided} ORDER BY s.l, s.r"
    )
    cursor.execute("DROP TABLE stg_review_pair")
    return ReviewReplaceResult(
        queued=staged.num_rows - skipped, skipped_decided=skipped, removed=removed
    )


def _checked_pairs(pairs: pa.Table) -> pa.Table:
    """The pairs as staged: integer ids with ``l < r``, evidence as JSON text; or an error."""
    missing = [name for name in PAIRS_SCHEMA.names if name not in pairs.column_names]
    if missing:
        raise ReviewPairsError(
            _("Tabel pasangan tanpa kolom: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    ids = {side: _record_ids(pairs, f"record_id_{side}") for side in ("l", "r")}
    same = pc.equal(ids["l"], ids["r"])
    if pc.any(same).as_py():
        row = pc.index(same, True).as_py()
        raise ReviewPairsError(
            _("Baris %(row)s: pasangan rekaman dengan dirinya sendiri (%(id)s).")
            % {"row": row + 1, "id": ids["l"][row].as_py()}
        )
    weight = _numbers(pairs, "match_weight")
    probability = _numbers(pairs, "match_probability")
    outside = pc.or_(pc.less(probability, 0.0), pc.greater(probability, 1.0))
    if pc.any(outside).as_py():
        row = pc.index(outside, True).as_py()
        raise ReviewPairsError(
            _("Baris %(row)s: match_probability %(value)s di luar 0..1.")
            % {"row": row + 1, "value": probability[row].as_py()}
        )
    swapped = pc.greater(ids["l"], ids["r"])
    left = pc.if_else(swapped, ids["r"], ids["l"])
    right = pc.if_else(swapped, ids["l"], ids["r"])
    evidence = _evidence(pairs.column("evidence"), swapped.to_pylist())
    staged = pa.table({"l": left, "r": right, "w": weight, "p": probability, "evidence": evidence})
    keys = staged.group_by(["l", "r"]).aggregate([("l", "count")])
    twice = keys.filter(pc.greater(keys["l_count"], 1))
    if twice.num_rows:
        raise ReviewPairsError(
            _("Pasangan %(l)s~%(r)s muncul lebih dari sekali.")
            % {"l": twice["l"][0].as_py(), "r": twice["r"][0].as_py()}
        )
    return staged


def _record_ids(pairs: pa.Table, name: str) -> pa.Array:
    column = pc.cast(pairs.column(name), pa.string()).combine_chunks()
    bad = pc.invert(pc.fill_null(pc.match_substring_regex(column, r"^[0-9]{1,18}$"), False))
    if pc.any(bad).as_py():
        row = pc.index(bad, True).as_py()
        raise ReviewPairsError(
            _("Baris %(row)s: %(column)s %(value)r bukan ID rekaman sumber (angka).")
            % {"row": row + 1, "column": name, "value": column[row].as_py()}
        )
    return pc.cast(column, pa.int64())


def _numbers(pairs: pa.Table, name: str) -> pa.Array:
    column = pc.cast(pairs.column(name), pa.float64()).combine_chunks()
    bad = pc.invert(pc.fill_null(pc.is_finite(column), False))
    if pc.any(bad).as_py():
        row = pc.index(bad, True).as_py()
        raise ReviewPairsError(
            _("Baris %(row)s: %(column)s kosong atau bukan angka.")
            % {"row": row + 1, "column": name}
        )
    return column


def _evidence(column: pa.ChunkedArray, swapped: list[bool]) -> pa.Array:
    """Each row's evidence checked to be a JSON object; its sides swapped where the ids were."""
    texts: list[str] = []
    for row, (text, swap) in enumerate(zip(column.to_pylist(), swapped, strict=True)):
        try:
            value = json.loads(text) if text else {}
        except (TypeError, ValueError) as error:
            raise ReviewPairsError(
                _("Baris %(row)s: evidence bukan JSON (%(error)s).")
                % {"row": row + 1, "error": error}
            ) from error
        if not isinstance(value, dict):
            raise ReviewPairsError(
                _("Baris %(row)s: evidence harus objek JSON.") % {"row": row + 1}
            )
        if swap:
            value = {
                name: {**item, "l": item.get("r"), "r": item.get("l")}
                if isinstance(item, dict)
                else item
                for name, item in value.items()
            }
            texts.append(json.dumps(value, ensure_ascii=False))
        else:
            texts.append(text or "{}")
    return pa.array(texts, type=pa.string())


# --- Decisions --------------------------------------------------------------------------


def review_decide(*, user: User, pair_id: int, decision: str, note: str = "") -> ReviewDecision:
    """Record ``user``'s decision on queue pair ``pair_id`` (``match`` or ``non_match``)."""
    if not can_review_identity(user=user):
        raise ReviewPermissionError(
            _("Hanya Dinas Sosial kabupaten/kota atau Pusdatin yang dapat memutuskan pasangan.")
        )
    if decision not in ReviewDecisionChoice.values:
        raise ReviewDecisionError(
            _("Keputusan %(value)r tidak dikenal; pilih 'match' atau 'non_match'.")
            % {"value": decision}
        )
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ReviewDecisionError(
            _("Catatan terlalu panjang: paling banyak %(n)s karakter.") % {"n": NOTE_MAX_LENGTH}
        )
    with transaction.atomic():
        pair = (
            review_pairs_scoped(user=user)
            .select_for_update(of=("self",))
            .filter(pk=pair_id)
            .first()
        )
        if pair is None:
            raise ReviewPairNotFoundError(
                _("Pasangan #%(id)s tidak ada dalam antrean Anda.") % {"id": pair_id}
            )
        _refuse_if_decided(pair)
        try:
            with transaction.atomic():
                made = ReviewDecision.objects.create(
                    source_person_l_id=pair.source_person_l_id,
                    source_person_r_id=pair.source_person_r_id,
                    decision=decision,
                    decided_by=user,
                    note=note,
                    link_run_id=pair.link_run_id,
                )
        except IntegrityError:  # decided meanwhile, from another page
            _refuse_if_decided(pair)
            raise
        words = _DECISION_WORDS[ReviewDecisionChoice(decision)]
        audit_record(
            actor=user,
            action="identity.review_decide",
            obj=made,
            summary=(
                f"Pasangan rekaman {pair.source_person_l_id} dan {pair.source_person_r_id}"
                f" diputuskan: {words}"
            ),
            changes={
                "decision": [None, decision],
                "note": [None, note],
                "review_pair": [None, pair.pk],
                "match_probability": [None, pair.match_probability],
            },
        )
    return made


def _refuse_if_decided(pair: ReviewPair) -> None:
    earlier = (
        ReviewDecision.objects.select_related("decided_by")
        .filter(source_person_l=pair.source_person_l_id, source_person_r=pair.source_person_r_id)
        .first()
    )
    if earlier is None:
        return
    raise ReviewAlreadyDecidedError(
        _(
            "Pasangan ini sudah diputuskan (%(decision)s) oleh %(user)s pada %(at)s;"
            " keputusan tidak dapat diubah."
        )
        % {
            "decision": earlier.get_decision_display(),
            "user": earlier.decided_by.get_username(),
            "at": timezone.localtime(earlier.decided_at).strftime("%d-%m-%Y %H:%M"),
        }
    )
