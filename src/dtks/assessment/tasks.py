"""Background task of PMT rankings, run by ``dtks db_worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def run_ranking(ranking_id: int) -> None:
    from dtks.assessment.services_ranking import ranking_execute

    ranking_execute(ranking_id=ranking_id)
