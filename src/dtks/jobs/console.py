"""A job's progress as a rich progress bar, for the commands that run jobs inline."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from dtks.jobs.models import Job


@contextmanager
def job_progress_bar(console: Console, title: str) -> Iterator[Callable[[Job], None]]:
    """Yields a job listener that moves one bar titled ``title``."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task(title, total=None)

        def show(job: Job) -> None:
            bar.update(task, description=job.step or "…", completed=job.done, total=job.total)

        yield show
