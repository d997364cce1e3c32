"""Bulk validation of an intake import: legacy databases and village proposals.

One import is one to three files: a person file, optionally its member (ART) file and its
household file (docs/formats.md), each CSV (UTF-8, UTF-8 with BOM or Windows-1252, detected;
delimiter ``,``, ``;``, tab or ``|``), XLSX (first sheet, streamed) or Parquet. Every rule runs
set-based in DuckDB over the staged rows; no row is judged in Python. No Django.

```python
from dtks.pipeline.intake import validate_import, FileRejected

result = validate_import(
    files=[Path("dtks_persons.csv"), Path("dtks_members.csv"), Path("dtks_households.csv")],
    source="DTKS",
    work_dir=Path("/var/dtks/jobs/42"),
    progress=lambda stage, done, total: ...,  # optional
    memory_limit="1GB",                        # DuckDB's limit; spills to work_dir
)
```

Files are told apart by their header (case-insensitive, trimmed, BOM stripped; the
annotation columns ``baris_asal``, ``kolom_galat``, ``kode_aturan``, ``pesan_galat`` of our
own quarantine export are ignored). A header-only file is valid with 0 rows; rows whose every
cell is empty are skipped (they keep their row number but are not counted).

**File-level problems** raise :class:`FileRejected` (``code``, ``file``, ``row``, ``column``,
Indonesian ``message``); codes in ``dtks.domain.rules.FILE_PROBLEMS``. Then nothing is
written: outputs go to a staging directory and are moved into ``work_dir`` only at the end,
and earlier outputs in ``work_dir`` are removed first. ``work_dir`` holds temporaries
(transcoded CSVs, DuckDB spill files) under ``.intake-*`` while running; they are removed.

**Rows** are judged by the rules of ``dtks.domain.rules.RULES`` (``reject`` → quarantine,
``flag`` → kept with the value cleared, ``repair`` → kept repaired). Row-level rules are in
``plans``/``rules_sql``/``identity_sql`` (NIK and No. KK exactly as ``dtks.domain.nik``), rules
across rows and files in ``crossfile``. The valid outputs are closed: every valid member row
has its valid person row, and with a household file every valid person has its valid
household.

**Result** :class:`ValidationResult`: ``source``, ``reference_date`` (today unless given),
``files`` (:class:`FileInfo`: name, kind, format, encoding, rows_read, sha256 of the raw bytes,
columns), the paths ``persons_valid``, ``members_valid``, ``households_valid`` (None when that
file was not given), ``quarantine``, ``issues``, and ``counts`` per file name (read, valid,
repaired, flagged, quarantined: rows; ``by_rule``: issues per rule code). ``row_number`` is the
row as a spreadsheet user sees it (header = 1, first data row = 2). Schemas of the Parquet
outputs: see ``outputs``.
"""

from dtks.pipeline.intake.errors import FileRejected
from dtks.pipeline.intake.outputs import FileCounts
from dtks.pipeline.intake.validate import FileInfo, ValidationResult, validate_import

__all__ = [
    "FileCounts",
    "FileInfo",
    "FileRejected",
    "ValidationResult",
    "validate_import",
]
