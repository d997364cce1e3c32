"""A small synthetic consumption survey (``dtks.synth``) and ways to spoil a copy of it."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from dtks.synth import generate

# The synth world's reference date: ages in the survey are as of this day.
AS_OF = date(2024, 6, 30)
Row = dict[str, str]


def make_survey(root: Path, *, households: int = 2_000, seed: int = 7) -> Path:
    """Generate a synth world in ``root`` and return its survey folder (2,000 households)."""
    generate(region="18.71", households=households, seed=seed, out_dir=root)
    return root / "survey"


def read_rows(path: Path) -> tuple[list[str], list[Row]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, columns: list[str], rows: list[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def spoiled_copy(
    survey: Path,
    target: Path,
    *,
    households: Callable[[list[str], list[Row]], tuple[list[str], list[Row]]] | None = None,
    persons: Callable[[list[str], list[Row]], tuple[list[str], list[Row]]] | None = None,
) -> Path:
    """Copy ``survey`` to ``target`` and rewrite its household or person file."""
    shutil.copytree(survey, target)
    for name, change in (("households.csv", households), ("persons.csv", persons)):
        if change is not None:
            columns, rows = read_rows(target / name)
            write_rows(target / name, *change(columns, rows))
    return target
