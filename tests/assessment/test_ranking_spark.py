"""The ranking job on Spark gives the same scores as on DuckDB (a tiny register)."""

from __future__ import annotations

import pytest
from assessment_support import AS_OF, PmtWorld

from dtks.assessment.models import HouseholdScore, PmtModel, RankingStatus
from dtks.assessment.services_ranking import ranking_run

pytestmark = [pytest.mark.spark, pytest.mark.django_db(transaction=True)]


def _scores(ranking_id: int) -> dict[int, tuple[float, int, int]]:
    rows = HouseholdScore.objects.filter(ranking_id=ranking_id).values_list(
        "household_id", "welfare", "persentil", "desil"
    )
    return {household: (welfare, persentil, desil) for household, welfare, persentil, desil in rows}


def test_spark_ranking_equals_duckdb(synth_register: PmtWorld, approved_model: PmtModel) -> None:
    spark = ranking_run(model=approved_model, user=None, engine="spark", as_of=AS_OF)
    assert spark.status == RankingStatus.DONE, spark.error
    duck = ranking_run(model=approved_model, user=None, engine="duckdb", as_of=AS_OF)
    assert duck.status == RankingStatus.DONE, duck.error
    on_spark, on_duckdb = _scores(spark.pk), _scores(duck.pk)
    assert len(on_spark) == spark.households == 120
    assert on_spark.keys() == on_duckdb.keys()
    for household, (welfare, persentil, desil) in on_duckdb.items():
        assert on_spark[household][0] == pytest.approx(welfare, abs=1e-9)
        assert on_spark[household][1:] == (persentil, desil)
