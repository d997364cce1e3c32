"""``dtks pmt fit``: writes the model and report, prints the comparison, exits 2 on bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pmt_survey_support import make_survey, spoiled_copy

from dtks.pipeline.pmt.cli import fit_main
from dtks.pipeline.pmt.model import load_model


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_survey(tmp_path_factory.mktemp("synth"))


def test_fit_writes_model_and_report_and_prints_both_learners(
    survey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, report = tmp_path / "model.json", tmp_path / "report.json"
    code = fit_main(
        [str(survey), "--out", str(out), "--as-of", "2024-06-30", "--report", str(report)]
    )
    assert code == 0
    model = load_model(out)
    assert model.kind == "ols"
    written = json.loads(report.read_text())
    assert written == model.report
    printed = capsys.readouterr().err
    assert "OLS" in printed
    assert "GBM" in printed
    assert "Galat eksklusi" in printed
    assert f"versi {model.version[:12]}" in printed
    better = written["better_on_holdout"]
    assert ("pakai --learner gbm" in printed) == (better == "gbm")
    assert not list(tmp_path.glob("*.tmp"))


def test_gbm_can_be_written(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "gbm.json"
    assert fit_main([str(survey), "--out", str(out), "--learner", "gbm", "--quiet"]) == 0
    assert load_model(out).kind == "gbm"


def _no_power_but_pln(survey: Path, target: Path) -> Path:
    def change(columns: list[str], rows: list[dict[str, str]]):
        for row in rows:
            row["sumber_penerangan"] = "1"
        return columns, rows

    return spoiled_copy(survey, target, households=change)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--as-of", "30-06-2024"], "tanggal tidak sah: '30-06-2024'"),
        (["--learner", "forest"], "invalid choice: 'forest'"),
        (["--holdout", "0.9"], "bagian uji \\(holdout\\) harus di antara 0 dan 0,5"),
        (["--constant"], "proksi bernilai tetap: listrik_pln"),
        (["--no-survey"], "households.csv: berkas survei tidak ada"),
        (["--no-folder"], "folder keluaran tidak ada"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_writes_nothing(
    survey: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    folder, out = survey, tmp_path / "model.json"
    if arguments == ["--constant"]:
        folder, arguments = _no_power_but_pln(survey, tmp_path / "s"), []
    elif arguments == ["--no-survey"]:
        folder, arguments = tmp_path / "empty", []
        folder.mkdir()
    elif arguments == ["--no-folder"]:
        out, arguments = tmp_path / "missing" / "model.json", []
    code = fit_main([str(folder), "--out", str(out), *arguments])
    assert code == 2
    assert not out.exists()
    assert not list(tmp_path.glob("*.json*"))
    assert re.search(message, capsys.readouterr().err)
