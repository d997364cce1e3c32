"""Memory stays bounded: files are streamed, never read whole into Python memory."""

from __future__ import annotations

import csv
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from intake_helpers import PERSON_HEADER, nik, person, rows, validate, write_csv

TARGET_BYTES = 20 * 2**20


def _large_person_file(path: Path) -> int:
    """A ~20 MB Windows-1252 person file (so that it is transcoded); returns its rows."""
    template = person(nama="José Ramos", alamat="Jl. Kartini No. 12, Kelurahan Gedong Air")
    count = 0
    with open(path, "w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PERSON_HEADER)
        while handle.tell() < TARGET_BYTES:
            for _ in range(1000):
                count += 1
                born = date(1950, 1, 1) + timedelta(days=count % 20000)
                values = dict(
                    template,
                    record_id=f"P{count:07d}",
                    nik=nik(born, serial=count % 9999 + 1),
                    tanggal_lahir=born.isoformat(),
                    household_ref=f"H{count // 4:06d}",
                )
                writer.writerow([values[c] for c in PERSON_HEADER])
    return count


def test_peak_python_memory_is_far_below_the_file_size(tmp_path: Path) -> None:
    small = write_csv(tmp_path / "small.csv", PERSON_HEADER, [person()])
    validate([small], tmp_path / "warm")  # load the cached reference data first
    path = tmp_path / "large.csv"
    count = _large_person_file(path)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        result = validate([path], tmp_path / "work", memory_limit="256MB")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.files[0].encoding == "windows-1252"
    assert result.counts["large.csv"]["read"] == count
    assert peak < size / 5, f"peak {peak / 2**20:.1f} MiB for a {size / 2**20:.1f} MiB file"
    last = rows(result.persons_valid)[-1]
    assert (last["row_number"], last["nama"]) == (count + 1, "José Ramos")
