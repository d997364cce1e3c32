"""Rankings end to end on a small synth register: the register exported as the PMT's input,
scored and ranked, every score written in one transaction, nothing on failure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import duckdb
import pyarrow as pa
import pytest
from assessment_support import AS_OF, HOUSEHOLDS, PmtWorld
from django.db import connection as django_connection

from dtks.accounts.models import User
from dtks.assessment import register_db
from dtks.assessment.models import HouseholdScore, PmtModel, RankingStatus
from dtks.assessment.selectors import current_ranking, desil_counts
from dtks.assessment.selectors_explanation import household_explanation
from dtks.assessment.services_models import pmt_model_approve, pmt_model_store
from dtks.assessment.services_ranking import ranking_create, ranking_execute, ranking_run
from dtks.audit.models import AuditEvent
from dtks.jobs.models import JobStatus
from dtks.pipeline import dbio
from dtks.pipeline.pmt.model import model_from_json
from dtks.pipeline.pmt.rank import score_and_rank
from dtks.pipeline.sql_engines import DuckDBSqlEngine
from dtks.registry.bulk_load import django_database_target
from dtks.registry.models import Household, Person

pytestmark = pytest.mark.django_db(transaction=True)


def _truth_tables(world: PmtWorld) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The synth truth files as the survey is read: CSV, assets 1/2, dates as text."""
    duck = duckdb.connect()
    try:
        persons, members, households = (
            duck.sql(f"SELECT * FROM read_csv('{path}', all_varchar=true)").to_arrow_table()
            for path in world.truth_files
        )
        households = duck.sql(
            "SELECT * REPLACE (TRY_CAST(luas_lantai AS DOUBLE) AS luas_lantai) FROM households"
        ).to_arrow_table()
        members = duck.sql(
            "SELECT record_id, "
            + ", ".join(
                f"TRY_CAST({c} AS INTEGER) AS {c}" for c in members.column_names if c != "record_id"
            )
            + " FROM members"
        ).to_arrow_table()
    finally:
        duck.close()
    return households, persons, members


def _register() -> register_db.RegisterTables:
    target = django_database_target()
    django_connection.close()  # SQLite: ADBC sees Django's writes once its connection closed
    connection = dbio.connect(target)
    try:
        with connection.cursor() as cursor:
            return register_db.register_read(cursor)
    finally:
        connection.close()


def test_ranking_scores_every_household(synth_register: PmtWorld, approved_model: PmtModel) -> None:
    steps: list[str] = []
    ranking = ranking_run(
        model=approved_model,
        user=None,
        as_of=AS_OF,
        progress=lambda step, done, total: steps.append(step),
    )
    assert ranking.status == RankingStatus.DONE, ranking.error
    assert ranking.job is not None
    ranking.job.refresh_from_db()
    assert ranking.job.status == JobStatus.SUCCEEDED
    assert ranking.finished_at is not None
    assert "menulis skor" in steps
    assert Household.objects.count() == HOUSEHOLDS
    assert ranking.households == HOUSEHOLDS
    scores = HouseholdScore.objects.filter(ranking=ranking)
    assert scores.count() == HOUSEHOLDS
    assert set(scores.values_list("household_id", flat=True)) == set(
        Household.objects.values_list("pk", flat=True)
    )
    # National ranking: 120 households give 12 per desil and 1 or 2 per persentil.
    assert Counter(scores.values_list("desil", flat=True)) == {d: 12 for d in range(1, 11)}
    persentil = set(scores.values_list("persentil", flat=True))
    assert min(persentil) == 1
    assert max(persentil) == 100
    ordered = list(scores.order_by("welfare", "household__household_ref"))
    assert [s.desil for s in ordered] == sorted(s.desil for s in ordered)
    for score in ordered:
        assert score.konsumsi_prediksi == pytest.approx(2.718281828459045**score.welfare)
    assert current_ranking() == ranking
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "assessment.ranking_create" in actions
    assert "assessment.ranking_done" in actions


def test_register_export_equals_the_files_it_came_from(
    synth_register: PmtWorld, approved_model: PmtModel
) -> None:
    """The same households scored from the truth files (CSV layout) and from the register
    (Arrow from the database) get the same welfare: the export loses nothing the PMT uses."""
    ranking = ranking_run(model=approved_model, user=None, as_of=AS_OF)
    assert ranking.status == RankingStatus.DONE, ranking.error
    households, persons, members = _truth_tables(synth_register)
    engine = DuckDBSqlEngine()
    try:
        expected = score_and_rank(
            engine=engine,
            households=households,
            persons=persons,
            members=members,
            model=model_from_json(synth_register.ols_text),
            as_of=AS_OF,
        )
    finally:
        engine.close()
    stored = {
        ref: (welfare, persentil, desil)
        for ref, welfare, persentil, desil in HouseholdScore.objects.filter(
            ranking=ranking
        ).values_list("household__household_ref", "welfare", "persentil", "desil")
    }
    assert len(stored) == expected.num_rows
    for row in expected.to_pylist():
        welfare, persentil, desil = stored[row["household_ref"]]
        assert welfare == pytest.approx(row["welfare"], abs=1e-9)
        assert (persentil, desil) == (row["persentil"], row["desil"])


def test_export_shape_and_the_deceased(synth_register: PmtWorld) -> None:
    tables = _register()
    assert tables.households.num_rows == HOUSEHOLDS
    assert tables.households.schema.field("aset_lemari_es").type == pa.bool_()
    assert tables.households.schema.field("luas_lantai").type == pa.float64()
    assert tables.persons.schema.field("tanggal_lahir").type == pa.date32()
    assert set(tables.persons.column("jenis_kelamin").to_pylist()) <= {"L", "P"}
    codes = set(tables.households.column("kode_wilayah").to_pylist())
    assert all(len(code) == 13 and code.startswith("18.71.") for code in codes)
    assert tables.persons.num_rows == tables.members.num_rows == Person.objects.count()
    # A member who died (per Dukcapil) is no household member for the PMT.
    dead = Person.objects.filter(hubungan=1).order_by("person_ref").first()
    assert dead is not None
    Person.objects.filter(pk=dead.pk).update(status_dukcapil="meninggal")
    after = _register()
    assert after.persons.num_rows == tables.persons.num_rows - 1
    assert dead.person_ref not in set(after.persons.column("record_id").to_pylist())
    assert dead.person_ref not in set(after.members.column("record_id").to_pylist())
    assert after.households.num_rows == HOUSEHOLDS


def test_a_new_ranking_is_a_new_row(synth_register: PmtWorld, approved_model: PmtModel) -> None:
    first = ranking_run(model=approved_model, user=None, as_of=AS_OF)
    before = list(HouseholdScore.objects.filter(ranking=first).values_list().order_by("pk"))
    gbm = pmt_model_approve(
        model=pmt_model_store(document_text=synth_register.gbm_text, name="", user=None),
        user=approved_model.approved_by,  # type: ignore[arg-type]
    )
    second = ranking_run(model=gbm, user=None, as_of=AS_OF)
    assert second.status == RankingStatus.DONE, second.error
    assert second.pk != first.pk
    assert current_ranking() == second
    assert HouseholdScore.objects.filter(ranking=second).count() == HOUSEHOLDS
    after = list(HouseholdScore.objects.filter(ranking=first).values_list().order_by("pk"))
    assert after == before
    assert ranking_execute(ranking_id=first.pk).status == RankingStatus.DONE  # not run again
    assert HouseholdScore.objects.count() == 2 * HOUSEHOLDS
    # The household page's explanation recomputes the same welfare, for OLS and GBM alike.
    for ranking in (first, second):
        for score in HouseholdScore.objects.filter(ranking=ranking).order_by("pk")[:5]:
            explained = household_explanation(
                household=score.household, ranking=ranking, score=score
            )
            assert explained is not None
            assert not explained.data_changed
            assert explained.recomputed_welfare == pytest.approx(score.welfare, abs=1e-9)
            parts = sum(c.contribution for c in explained.contributions)
            total = explained.explanation.baseline + explained.explanation.region_effect + parts
            assert total == pytest.approx(score.welfare, abs=1e-9)


def test_empty_register_fails_the_ranking(regions: None, approved_model: PmtModel) -> None:
    ranking = ranking_run(model=approved_model, user=None)
    assert ranking.status == RankingStatus.FAILED
    assert "Registri masih kosong" in ranking.error
    assert ranking.job is not None
    ranking.job.refresh_from_db()
    assert ranking.job.status == JobStatus.FAILED
    assert not HouseholdScore.objects.exists()
    assert current_ranking() is None
    assert AuditEvent.objects.filter(action="assessment.ranking_failed").count() == 1


def test_unloadable_stored_model_fails_and_writes_nothing(
    synth_register: PmtWorld, approved_model: PmtModel
) -> None:
    ranking = ranking_create(model=approved_model, user=None, as_of=AS_OF)
    # A row damaged behind the application's back (the model's save would refuse this).
    document = dict(approved_model.document)
    document["model"] = {**document["model"], "intercept": 5.0}
    PmtModel.objects.filter(pk=approved_model.pk).update(document=document)
    result = ranking_execute(ranking_id=ranking.pk)
    assert result.status == RankingStatus.FAILED
    assert "tidak cocok dengan versinya" in result.error
    assert not HouseholdScore.objects.exists()


def test_write_failure_rolls_back_every_score(
    synth_register: PmtWorld, approved_model: PmtModel
) -> None:
    """A household that vanished before the write: the whole write is undone."""
    ranking = ranking_create(model=approved_model, user=None, as_of=AS_OF)
    refs = list(Household.objects.order_by("household_ref").values_list("household_ref", flat=True))
    scores = pa.table(
        {
            "household_ref": [*refs, "TIDAK-ADA"],
            "welfare": [13.0] * (len(refs) + 1),
            "konsumsi_prediksi": [442413.0] * (len(refs) + 1),
            "persentil": pa.array([1] * (len(refs) + 1), pa.int16()),
            "desil": pa.array([1] * (len(refs) + 1), pa.int16()),
        }
    )
    target = django_database_target()
    connection = dbio.connect(target)
    try:
        with (
            pytest.raises(register_db.RegisterChangedError, match="1 rumah tangga"),
            dbio.transaction(connection, vendor=target.vendor) as cursor,
        ):
            register_db.scores_write(
                cursor,
                vendor=target.vendor,
                ranking_id=ranking.pk,
                scores=scores,
                finished_at=ranking.created_at,
            )
    finally:
        connection.close()
    assert not HouseholdScore.objects.exists()
    ranking.refresh_from_db()
    assert ranking.status == RankingStatus.PENDING


def test_desil_counts_follow_the_scope(
    synth_register: PmtWorld, approved_model: PmtModel, make_user: Callable[..., User]
) -> None:
    ranking = ranking_run(model=approved_model, user=None, as_of=AS_OF)
    national = desil_counts(user=approved_model.approved_by, ranking=ranking)  # type: ignore[arg-type]
    assert national is not None
    assert national.total == HOUSEHOLDS
    assert national.dtks == 48
    assert [row.code for row in national.rows] == ["18"]
    kota = desil_counts(user=make_user("dinsos_kabkota", "18.71"), ranking=ranking)
    assert kota is not None
    assert kota.total == HOUSEHOLDS
    assert all(len(row.code) == 8 and row.region is not None for row in kota.rows)
    assert sum(row.total for row in kota.rows) == HOUSEHOLDS
    village = Household.objects.values_list("village_id", flat=True).order_by("village_id").first()
    assert village is not None
    operator = make_user("operator_desa", village)
    own = desil_counts(user=operator, ranking=ranking)
    in_village = Household.objects.filter(village_id=village).count()
    assert own is not None
    assert own.total == in_village < HOUSEHOLDS
    assert [row.code for row in own.rows] == [village]
    metro = desil_counts(user=make_user("dinsos_kabkota", "18.72"), ranking=ranking)
    assert metro is not None
    assert metro.total == 0
    assert desil_counts(user=make_user("partner"), ranking=ranking) is None
