"""Background task of eligibility runs, run by ``dtks db_worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def run_eligibility(run_id: int) -> None:
    from dtks.programs.services_runs import eligibility_run_execute

    eligibility_run_execute(run_id=run_id)
