"""Background task of link runs, run by ``dtks db_worker``."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task


@task()
def run_link(link_run_id: int, model_path: str | None = None) -> None:
    from dtks.identity.services_linkage import link_run_execute

    link_run_execute(link_run_id=link_run_id, model_path=Path(model_path) if model_path else None)
