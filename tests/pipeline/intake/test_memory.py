"""Memory stays bounded: files are streamed, never read whole into Python memory."""

from __future__ import annotations

import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from intake_helpers import PERSON_HEADER, person, rows, validate, write_csv

TARGET_BYTES = 20 * 2**20


def _large_person_file(path: Path) -> int:
    """A ~20 MB Windows-1252 person file (so that it is transcoded) of distinct, valid
    people in one household; returns its rows."""
    born = [date(1950, 1, 1) + timedelta(days=day) for day in range(0, 20000, 7)]
    lines = []
    for day in born:
        values = person(
            "{id}",
            born=day,
            nama="José Ramos",
            alamat="Jl. Kartini No. 12, Kelurahan Gedong Air",
        )
        values["nik"] = values["nik"][:12] + "{serial}"  # unique per block of lines
        lines.append(",".join(f'"{values[c]}"' for c in PERSON_HEADER) + "\n")
    count = 0
    with open(path, "w", encoding="cp1252", newline="") as handle:
        handle.write(",".join(PERSON_HEADER) + "\n")
        serial = 0
        while handle.tell() < TARGET_BYTES:
            serial += 1
            block = []
            for line in lines:
                count += 1
                block.append(
                    line.replace("{id}", f"{count:07d}").replace("{serial}", f"{serial:04d}")
                )
            handle.write("".join(block))
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
    assert result.counts["large.csv"]["valid"] == count
    assert peak < size / 5, f"peak {peak / 2**20:.1f} MiB for a {size / 2**20:.1f} MiB file"
    last = rows(result.persons_valid)[-1]
    assert (last["row_number"], last["nama"]) == (count + 1, "José Ramos")
