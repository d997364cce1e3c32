"""Fitting on a synth survey: both learners reported, kab/kota effects, bad surveys refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pmt_survey_support import AS_OF, Row, make_survey, spoiled_copy

from dtks.domain.pmt import PmtError
from dtks.pipeline.pmt.fit import MIN_ROWS_PER_KAB_KOTA, fit_survey
from dtks.pipeline.pmt.model import model_from_json, model_to_json


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_survey(tmp_path_factory.mktemp("synth"))


def test_ols_and_gbm_are_compared_on_the_held_out_part(survey: Path) -> None:
    result = fit_survey(survey, as_of=AS_OF)
    report = result.report
    assert report["holdout"] == {"share": 0.2, "seed": 1, "train": 1_600, "test": 400}
    for name in ("ols", "gbm"):
        figures = report["learners"][name]
        assert 0.3 < figures["r2"] < 0.75, figures
        assert 0.3 < figures["rmse"] < 0.6
        assert 0.1 < figures["exclusion_error"] < 0.45
    assert report["better_on_holdout"] in ("ols", "gbm")
    assert report["chosen"] == "ols"
    assert result.model.kind == "ols"
    # Kota Bandar Lampung has no desa: the place proxy is left out, and said so.
    assert "desa" not in result.model.proxies
    assert "desa" in report["proxies_left_out"]
    assert result.model.region_effects == {}
    assert result.model.survey["households"] == 2_000
    assert model_from_json(model_to_json(result.model)) == result.model


def test_the_same_seed_gives_the_same_model_and_gbm_can_be_chosen(survey: Path) -> None:
    first = fit_survey(survey, as_of=AS_OF, learner="gbm", seed=3)
    again = fit_survey(survey, as_of=AS_OF, learner="gbm", seed=3)
    assert first.model.version == again.model.version
    assert first.model.kind == "gbm"
    assert len(first.model.trees) > 5
    other = fit_survey(survey, as_of=AS_OF, learner="gbm", seed=4)
    assert other.report["holdout"] != first.report["holdout"] or other.model != first.model


def _second_kab_kota(share: float, shift: float):
    def change(columns: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        moved = int(len(rows) * share)
        for row in rows[:moved]:
            row["kode_wilayah"] = "18.72" + row["kode_wilayah"][5:]
            row["konsumsi_per_kapita"] = str(round(float(row["konsumsi_per_kapita"]) * shift))
        return columns, rows

    return change


def test_kab_kota_effects_are_estimated_and_centred(survey: Path, tmp_path: Path) -> None:
    folder = spoiled_copy(survey, tmp_path / "s", households=_second_kab_kota(0.5, np.exp(0.3)))
    result = fit_survey(folder, as_of=AS_OF)
    effects = result.model.region_effects
    assert effects["18.72"] - effects["18.71"] == pytest.approx(0.3, abs=0.06)
    counts = result.report["households_per_kab_kota"]
    assert counts == {"18.71": 1_000, "18.72": 1_000}
    assert sum(effects[k] * n for k, n in counts.items()) == pytest.approx(0, abs=1e-9)
    gbm = fit_survey(folder, as_of=AS_OF, learner="gbm")
    assert gbm.model.region_effects == effects


def _set(column: str, value: str, rows_slice: slice = slice(None)):
    def change(columns: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        for row in rows[rows_slice]:
            row[column] = value
        return columns, rows

    return change


def _copy_column(source: str, target: str):
    def change(columns: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        for row in rows:
            row[target] = row[source]
        return columns, rows

    return change


def _drop_column(column: str):
    def change(columns: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        return [c for c in columns if c != column], [
            {k: v for k, v in row.items() if k != column} for row in rows
        ]

    return change


def _drop_people_of_first_households(columns: list[str], rows: list[Row]):
    return columns, [row for row in rows if row["household_ref"] not in ("S000001", "S000002")]


BAD_SURVEYS = {
    "few_rows_in_a_kab_kota": (
        {"households": _second_kab_kota(0.03, 1.0)},
        f"kab/kota: 18.72 \\(60\\); perlu paling sedikit {MIN_ROWS_PER_KAB_KOTA} per kab/kota",
    ),
    "collinear": (
        {"households": _copy_column("aset_sepeda_motor", "aset_lemari_es")},
        "proksi kolinear .*: punya_lemari_es",
    ),
    "constant": (
        {"households": _set("sumber_penerangan", "1")},
        "proksi bernilai tetap: listrik_pln \\(tinggalkan dengan --without NAMA\\)",
    ),
    "missing_consumption_column": (
        {"households": _drop_column("konsumsi_per_kapita")},
        "households.csv: kolom konsumsi_per_kapita tidak ada",
    ),
    "empty_consumption": (
        {"households": _set("konsumsi_per_kapita", "", slice(3, 5))},
        "konsumsi kosong pada 2 rumah tangga \\(S000004, S000005\\)",
    ),
    "non_positive_consumption": (
        {"households": _set("konsumsi_per_kapita", "-10", slice(0, 7))},
        "konsumsi nol atau negatif pada 7 rumah tangga \\(S000001, .* dan 2 lainnya\\)",
    ),
    "text_consumption": (
        {"households": _set("konsumsi_per_kapita", "banyak", slice(9, 10))},
        "konsumsi bukan angka pada 1 rumah tangga \\(S000010\\)",
    ),
    "household_without_persons": (
        {"persons": _drop_people_of_first_households},
        "persons.csv: 2 rumah tangga tanpa anggota \\(S000001, S000002\\)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_SURVEYS))
def test_bad_surveys_are_refused_with_what_and_where(
    survey: Path, tmp_path: Path, case: str
) -> None:
    changes, message = BAD_SURVEYS[case]
    folder = spoiled_copy(survey, tmp_path / "s", **changes)
    with pytest.raises(PmtError, match=message):
        fit_survey(folder, as_of=AS_OF)


def test_a_constant_proxy_can_be_left_out_on_request(survey: Path, tmp_path: Path) -> None:
    folder = spoiled_copy(survey, tmp_path / "s", households=_set("sumber_penerangan", "1"))
    result = fit_survey(folder, as_of=AS_OF, without=("listrik_pln",))
    assert "listrik_pln" not in result.model.proxies
    assert "--without" in result.report["proxies_left_out"]["listrik_pln"]
    with pytest.raises(PmtError, match="proksi tidak dikenal: jumlah_kucing"):
        fit_survey(folder, as_of=AS_OF, without=("jumlah_kucing",))


def test_a_missing_survey_file_is_named(survey: Path, tmp_path: Path) -> None:
    folder = spoiled_copy(survey, tmp_path / "s")
    (folder / "members.csv").unlink()
    with pytest.raises(PmtError, match=r"members\.csv: berkas survei tidak ada"):
        fit_survey(folder, as_of=AS_OF)
