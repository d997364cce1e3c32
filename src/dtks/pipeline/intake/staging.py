"""Small shared pieces: SQL quoting and the Parquet sink for rows parsed in Python.

Every staged file becomes a DuckDB table ``raw_<kind>`` with ``row_number`` (BIGINT, header =
row 1), ``_fields`` (INTEGER: the row's field count when it differs from the header's, else
NULL) and one VARCHAR column per header column, named by its normalised name, in file order.
Empty cells are ``''``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dtks.pipeline.intake.headers import Header

BATCH_ROWS = 8192


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class RowSink:
    """Collects rows (lists of text) in small batches and writes them to a Parquet file."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self.columns = tuple(columns)
        self.schema = pa.schema(
            [("row_number", pa.int64()), ("_fields", pa.int32())]
            + [(c, pa.string()) for c in self.columns]
        )
        self._writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self._rows: list[int] = []
        self._fields: list[int | None] = []
        self._values: list[list[str]] = [[] for _ in self.columns]

    @property
    def sql_path(self) -> str:
        return quote_literal(str(self.path))

    def add(self, row_number: int, record: Sequence[str], header: Header, *, ragged: bool) -> None:
        """Add one data row; ``record`` holds every field of the row in file order."""
        width = len(record)
        self._rows.append(row_number)
        self._fields.append(width if ragged else None)
        for values, position in zip(self._values, header.positions, strict=True):
            values.append(record[position] if position < width else "")
        if len(self._rows) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        arrays = [pa.array(self._rows, pa.int64()), pa.array(self._fields, pa.int32())]
        arrays += [pa.array(values, pa.string()) for values in self._values]
        self._writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self._rows, self._fields = [], []
        self._values = [[] for _ in self.columns]

    def close(self) -> None:
        self._flush()
        self._writer.close()
