"""``dtks link`` as a person runs it: a file in, a file out, a model reused."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from dtks.pipeline.linkage.model import default_model_path


def _dtks_link(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dtks", "link", *args], capture_output=True, text=True, check=False
    )


def test_link_a_person_file(world_persons: pa.Table, tmp_path: Path) -> None:
    source = tmp_path / "persons.csv"
    pacsv.write_csv(world_persons, source)
    out = tmp_path / "clusters.csv"
    review = tmp_path / "review.csv"
    done = _dtks_link(
        str(source), "--out", str(out), "--model", str(default_model_path()),
        "--review-out", str(review),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [*rows[0]] == ["record_id", "person_id"]
    assert sorted(r["record_id"] for r in rows) == sorted(world_persons["record_id"].to_pylist())
    assert len({r["person_id"] for r in rows}) < len(rows)  # duplicates were merged
    assert "rekaman ->" in done.stderr
    with review.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle))[:2] == ["record_id_l", "record_id_r"]


def test_bad_file_exits_2_with_the_reason(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    done = _dtks_link(str(empty), "--out", str(tmp_path / "x.csv"))
    assert done.returncode == 2
    assert "berkas kosong" in done.stderr
    no_ids = tmp_path / "no_ids.csv"
    no_ids.write_text("nama,nik\nBudi,1871010101800001\n")
    done = _dtks_link(str(no_ids), "--out", str(tmp_path / "x.csv"))
    assert done.returncode == 2
    assert "record_id" in done.stderr
    assert not (tmp_path / "x.csv").exists()
    broken = tmp_path / "model.json"
    broken.write_text("{not json")
    ok = tmp_path / "ok.csv"
    ok.write_text("record_id,nama\n1,Budi\n2,Budi Santoso\n")
    done = _dtks_link(str(ok), "--out", str(tmp_path / "x.csv"), "--model", str(broken))
    assert done.returncode == 2
    assert "rusak" in done.stderr
