"""Same seed, same bytes; another seed, another world. Also the command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dtks.synth import SynthConfig, generate
from dtks.synth.cli import main

SMALL = SynthConfig(survey_minimum=200)


def _digest(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate(region="18.71", households=300, seed=11, out_dir=tmp_path / "a", config=SMALL)
    b = generate(region="18.71", households=300, seed=11, out_dir=tmp_path / "b", config=SMALL)
    assert a.rows == b.rows
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_other_seed_differs(tmp_path: Path) -> None:
    generate(region="18.71", households=300, seed=11, out_dir=tmp_path / "a", config=SMALL)
    generate(region="18.71", households=300, seed=12, out_dir=tmp_path / "b", config=SMALL)
    da, db = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert set(da) == set(db)
    assert all(da[k] != db[k] for k in da if k.endswith(".csv"))


def test_province_region(tmp_path: Path) -> None:
    summary = generate(region="18", households=400, seed=3, out_dir=tmp_path, config=SMALL)
    villages = (tmp_path / "truth" / "households.csv").read_text(encoding="utf-8")
    assert summary.region_name == "Lampung"
    assert len({line.split(",")[1] for line in villages.splitlines()[1:]}) > 100


def test_unknown_region_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown region"):
        generate(region="99.99", households=10, seed=1, out_dir=tmp_path)


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--region", "18.71", "--households", "50", "--seed", "2", "--out", str(tmp_path)]
    assert main([*argv, "--quiet"]) == 0
    assert "50 households" in capsys.readouterr().out
    assert (tmp_path / "manifest.json").exists()
    assert main(["--region", "nowhere", "--households", "5", "--out", str(tmp_path)]) == 2


@pytest.mark.parametrize("households", [1, 2, 7])
def test_tiny_populations(tmp_path: Path, households: int) -> None:
    config = SynthConfig(survey_minimum=2)
    summary = generate(
        region="18.71", households=households, seed=5, out_dir=tmp_path, config=config
    )
    assert summary.rows["truth/households.csv"] == households
    assert summary.persons >= households
