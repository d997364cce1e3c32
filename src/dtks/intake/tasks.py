"""Background tasks of intake, run by ``dtks db_worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(batch_id: int) -> None:
    from dtks.intake.imports import import_batch_run

    import_batch_run(batch_id=batch_id)
