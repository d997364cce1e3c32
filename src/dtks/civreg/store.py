"""The civil-registry extract in its own SQLite file, indexed by NIK.

``open_store`` loads ``civil_registry/persons.csv`` (or ``persons.csv``) of a data directory
once; a later start with the same file (size and modification time) and the same loader
version reuses the database. Names are stored normalised (``normalise_name``) so that the
verdict does not normalise the registry side again.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dtks.domain.names import normalise_name

__all__ = ["Person", "Store", "extract_path", "open_store"]

LOADER_VERSION = "1"
_CHUNK = 900  # below SQLite's bound-parameter limit

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS person (
    nik TEXT PRIMARY KEY,
    nama TEXT NOT NULL,
    tanggal_lahir TEXT,
    jenis_kelamin TEXT,
    nama_ibu_kandung TEXT,
    status TEXT NOT NULL,
    tanggal_meninggal TEXT,
    kode_wilayah TEXT
) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class Person:
    """One registry record; ``nama`` and ``nama_ibu_kandung`` are normalised."""

    nik: str
    nama: str
    tanggal_lahir: date | None
    jenis_kelamin: str | None
    nama_ibu_kandung: str | None
    status: str
    tanggal_meninggal: date | None
    kode_wilayah: str | None


def extract_path(data_dir: Path) -> Path:
    """The extract CSV in ``data_dir`` (a synth output directory or the extract's own)."""
    for candidate in (data_dir / "civil_registry" / "persons.csv", data_dir / "persons.csv"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no civil_registry/persons.csv or persons.csv in {data_dir}")


def _signature(csv_path: Path) -> str:
    stat = csv_path.stat()
    return f"{LOADER_VERSION}:{csv_path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _rows(csv_path: Path) -> Iterator[tuple[str | None, ...]]:
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield (
                row["nik"],
                normalise_name(row["nama"]),
                row["tanggal_lahir"] or None,
                row["jenis_kelamin"] or None,
                normalise_name(row["nama_ibu_kandung"]) if row["nama_ibu_kandung"] else None,
                row["status"] or "hidup",
                row.get("tanggal_meninggal") or None,
                row["kode_wilayah"] or None,
            )


def _load(db_path: Path, csv_path: Path) -> None:
    signature = _signature(csv_path)
    with sqlite3.connect(db_path) as conn:
        conn.executescript(_SCHEMA)
        found = conn.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
        if found and found[0] == signature:
            return
        conn.execute("DELETE FROM person")
        conn.executemany("INSERT OR REPLACE INTO person VALUES (?,?,?,?,?,?,?,?)", _rows(csv_path))
        count = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        conn.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("source", signature), ("records", str(count))],
        )
    conn.close()


class Store:
    """Read access to a loaded database; one SQLite connection per thread."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self.records = int(
            self._conn().execute("SELECT value FROM meta WHERE key = 'records'").fetchone()[0]
        )

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
            self._local.conn = conn
        return conn

    def lookup(self, niks: Iterable[str]) -> dict[str, Person]:
        """The registry records of those ``niks`` that exist."""
        wanted: Sequence[str] = sorted(set(niks))
        found: dict[str, Person] = {}
        conn = self._conn()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(f"SELECT * FROM person WHERE nik IN ({marks})", chunk):
                found[row[0]] = Person(
                    nik=row[0],
                    nama=row[1],
                    tanggal_lahir=_date(row[2] or ""),
                    jenis_kelamin=row[3],
                    nama_ibu_kandung=row[4],
                    status=row[5],
                    tanggal_meninggal=_date(row[6] or ""),
                    kode_wilayah=row[7],
                )
        return found


def open_store(data_dir: Path, db_path: Path | None = None) -> Store:
    """Load the extract of ``data_dir`` into ``db_path`` (if not yet) and open it."""
    csv_path = extract_path(data_dir)
    if db_path is None:
        db_path = csv_path.parent / "civreg.sqlite3"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # A concurrent second start waits on SQLite's lock rather than loading twice.
    _load(db_path, csv_path)
    os.chmod(db_path, 0o600)
    return Store(db_path)
