"""Quarantine downloads: the rejected rows of one file, re-importable after correction.

Columns: the file's own columns in the interchange order (docs/formats.md), then four
annotation columns the importer ignores on re-import: ``baris_asal`` (row in the original
file), ``kolom_galat``, ``kode_aturan``, ``pesan_galat``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from dtks.intake.models import QuarantineRow
from dtks.pipeline import interchange
from dtks.spreadsheets import Cell

ANNOTATIONS = ("baris_asal", "kolom_galat", "kode_aturan", "pesan_galat")
_ORDER = {
    "persons": (*interchange.PERSON_COLUMNS, "household_ref"),
    "members": interchange.MEMBER_FILE_COLUMNS,
    "households": interchange.HOUSEHOLD_FILE_COLUMNS,
}


def quarantine_table(rows: Iterable[QuarantineRow]) -> Iterator[list[Cell]]:
    """Header, then one line per rejected row with its original values and the reasons."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return
    known = _ORDER.get(first.kind, ())
    columns = [c for c in known if c in first.original] + [
        c for c in first.original if c not in known
    ]
    yield [*columns, *ANNOTATIONS]
    for row in itertools.chain([first], iterator):
        original = row.original
        yield [
            *(_text(original.get(c)) for c in columns),
            row.row_number,
            row.columns,
            row.rule_codes,
            row.messages,
        ]


def _text(value: object) -> Cell:
    if value is None:
        return ""
    return value if isinstance(value, (str, int, float)) else str(value)
