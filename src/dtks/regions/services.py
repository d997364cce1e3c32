"""Writes to the region tree."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.db import transaction

from dtks.regions.models import Region, RegionLevel

# (file, parent column, level), parents before children.
_FILES = (
    ("provinces.csv", None, RegionLevel.PROVINCE),
    ("regencies.csv", "province_code", RegionLevel.REGENCY),
    ("districts.csv", "regency_code", RegionLevel.DISTRICT),
    ("villages.csv", "district_code", RegionLevel.VILLAGE),
)
_BATCH = 5000


@dataclass(frozen=True)
class RegionLoadResult:
    counts: dict[int, int]  # level -> rows in the files

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def shipped_region_dir() -> Path:
    """The Kemendagri files shipped with the package (ODbL, see ATTRIBUTION.md there)."""
    return Path(str(resources.files("dtks.regions") / "data"))


def regions_load(*, source_dir: Path | None = None, within: str = "") -> RegionLoadResult:
    """Insert or update every region from the Kemendagri files, in bulk and idempotently.

    Regions are upserted by code; none is deleted, since registry rows may refer to them.
    ``within`` (a dotted code) loads only that subtree and its ancestors (tests, small demos).
    The whole load is one transaction: a bad file leaves the tree as it was.
    """
    folder = source_dir or shipped_region_dir()
    counts: dict[int, int] = {}
    with transaction.atomic():
        for file_name, parent_column, level in _FILES:
            rows = _read(folder / file_name, parent_column)
            if within:
                rows = [r for r in rows if _related(r[0], within)]
            counts[level] = len(rows)
            for start in range(0, len(rows), _BATCH):
                Region.objects.bulk_create(
                    [
                        Region(code=code, name=name, level=level, parent_id=parent)
                        for code, name, parent in rows[start : start + _BATCH]
                    ],
                    update_conflicts=True,
                    unique_fields=["code"],
                    update_fields=["name", "level", "parent"],
                )
    return RegionLoadResult(counts=counts)


def _related(code: str, within: str) -> bool:
    """Is ``code`` inside ``within`` or one of its ancestors?"""
    return code == within or code.startswith(within + ".") or within.startswith(code + ".")


def _read(path: Path, parent_column: str | None) -> list[tuple[str, str, str | None]]:
    stat = path.stat()
    return _read_cached(path, parent_column, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _read_cached(
    path: Path, parent_column: str | None, _mtime: int, _size: int
) -> list[tuple[str, str, str | None]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        expected = {"code", "name"} | ({parent_column} if parent_column else set())
        missing = expected - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
        rows = []
        for line, row in enumerate(reader, start=2):
            code, name = row["code"].strip(), row["name"].strip()
            if not code or not name:
                raise ValueError(f"{path.name}, row {line}: empty code or name")
            rows.append((code, name, row[parent_column].strip() if parent_column else None))
        return rows
