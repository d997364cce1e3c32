"""Memory stays bounded: files are streamed, never read whole into Python memory."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from intake_helpers import PERSON_HEADER, person, rows, validate, write_csv

TARGET_BYTES = 20 * 2**20


def _large_person_file(path: Path, target_bytes: int = TARGET_BYTES) -> int:
    """A Windows-1252 person file (so that it is transcoded) of about ``target_bytes`` of
    distinct, valid people in one household; returns its rows."""
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
        while handle.tell() < target_bytes:
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


# Validates one file in a fresh interpreter and prints its peak resident memory and counts.
_CHILD = """
import json, resource, sys
from datetime import date
from pathlib import Path
from dtks.pipeline.intake import validate_import
result = validate_import(files=[Path(sys.argv[1])], source="TEST", work_dir=Path(sys.argv[2]),
                         memory_limit="512MB", reference_date=date(2024, 6, 30))
counts = result.counts[Path(sys.argv[1]).name]
print(json.dumps({"peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "read": counts["read"], "valid": counts["valid"]}))
"""


def test_a_200_mb_file_is_streamed_with_bounded_memory(tmp_path: Path) -> None:
    """The issue's 200 MB case, for real: peak memory of the whole validating process stays
    far below what reading the file into memory would take."""
    path = tmp_path / "besar.csv"
    count = _large_person_file(path, target_bytes=200 * 2**20)
    size = path.stat().st_size
    assert size >= 200 * 2**20
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(tmp_path / "work")],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"200 MB file: {size / 2**20:.0f} MiB, {count} rows, peak {measured['peak_mib']:.0f} MiB")
    assert measured["read"] == count
    assert measured["valid"] == count
    # DuckDB may use its 512 MB limit plus the interpreter and Arrow buffers; a reader that
    # held the file (and its decoded text, several times its size) would need gigabytes.
    assert measured["peak_mib"] < 1024, measured
