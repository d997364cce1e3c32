"""Background task of pemadanan, run by ``dtks db_worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def run_pemadanan(run_id: int) -> None:
    from dtks.identity.services_pemadanan import pemadanan_execute

    pemadanan_execute(run_id=run_id)
