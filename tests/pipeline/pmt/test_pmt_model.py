"""Model files: round trip, SQL = Python prediction, explanations add up, bad files refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from dtks.domain.gbm import fit_gbm
from dtks.pipeline.pmt.model import (
    PmtModel,
    PmtModelError,
    explain,
    load_model,
    model_from_json,
    model_to_json,
    save_model,
    welfare_sql,
)
from dtks.pipeline.pmt.proxies import PROXIES
from dtks.pipeline.sql_engines import DuckDBSqlEngine

PROXY_SET = PROXIES[:6]
REGIONS = ["18.71", "18.72", "32.73"]  # 32.73 is not in the models: effect 0


def _proxy_rows(rows: int = 300, seed: int = 1) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    x = np.column_stack(
        [
            rng.normal(1.2, 0.4, rows),
            rng.random(rows),
            rng.random(rows),
            rng.random(rows),
            rng.integers(0, 7, rows),
            rng.integers(0, 2, rows),
        ]
    ).astype(float)
    return x, [REGIONS[i] for i in rng.integers(0, 3, rows)]


def _ols() -> PmtModel:
    return PmtModel(
        kind="ols",
        proxies=PROXY_SET,
        intercept=13.2,
        means=(1.2, 0.5, 0.5, 0.5, 3.0, 0.5),
        region_effects={"18.71": 0.07, "18.72": -0.11},
        coefficients=(-0.3, -0.2, 0.1, 0.25, 0.09, -0.12),
        survey={"fingerprint": "abc", "households": 300, "as_of": "2024-06-30"},
        report={"chosen": "ols"},
        created_at="2025-01-01",
    )


def _gbm() -> PmtModel:
    x, _ = _proxy_rows(seed=2)
    y = 13 + np.sin(x[:, 0] * 3) + 0.1 * x[:, 4] * x[:, 5]
    fitted = fit_gbm(x, y, seed=1, max_trees=40, min_leaf=5)
    return PmtModel(
        kind="gbm",
        proxies=PROXY_SET,
        intercept=fitted.base,
        means=tuple(float(m) for m in x.mean(axis=0)),
        region_effects={"18.71": 0.05},
        trees=fitted.trees,
        learning_rate=fitted.learning_rate,
        created_at="2025-01-01",
    )


@pytest.fixture(params=["ols", "gbm"])
def model(request: pytest.FixtureRequest) -> PmtModel:
    return _ols() if request.param == "ols" else _gbm()


def test_json_round_trip_keeps_model_and_version(model: PmtModel, tmp_path: Path) -> None:
    save_model(model, tmp_path / "m.json")
    loaded = load_model(tmp_path / "m.json")
    assert loaded == model
    assert loaded.version == model.version
    assert len(model.version) == 64
    assert model_from_json(model_to_json(model)).version == model.version
    document = json.loads((tmp_path / "m.json").read_text())
    assert (document["format"], document["schema_version"]) == ("dtks-pmt-model", 1)


def test_the_version_follows_the_content() -> None:
    changed = PmtModel(**{**_ols().__dict__, "intercept": 13.3})
    assert changed.version != _ols().version
    assert PmtModel(**{**_ols().__dict__}).version == _ols().version


def test_sql_welfare_is_the_python_prediction(model: PmtModel) -> None:
    x, regions = _proxy_rows(seed=3)
    table = pa.table({"kab_kota": regions, **{p: x[:, i] for i, p in enumerate(PROXY_SET)}})
    engine = DuckDBSqlEngine()
    engine.register("proxies", table)
    sql = f"SELECT {welfare_sql(model)} AS w FROM proxies"
    welfare = engine.query(sql)["w"].to_numpy()
    unqualified = engine.query(f"SELECT {welfare_sql(model, table='')} AS w FROM proxies")
    engine.close()
    assert np.allclose(welfare, model.predict(x, regions), atol=1e-12)
    assert np.allclose(unqualified["w"].to_numpy(), welfare)


def test_explanations_add_up_to_the_welfare(model: PmtModel) -> None:
    x, regions = _proxy_rows(seed=4)
    for row, region in zip(x[:15], regions[:15], strict=True):
        explanation = explain(model, dict(zip(PROXY_SET, row, strict=True)), region)
        total = explanation.baseline + explanation.region_effect
        total += sum(c.contribution for c in explanation.contributions)
        assert explanation.welfare == pytest.approx(total, abs=1e-12)
        assert explanation.welfare == pytest.approx(model.predict(row[None, :], [region])[0])
        assert explanation.region_effect == model.region_effects.get(region, 0.0)
        assert [c.proxy for c in explanation.contributions] == list(PROXY_SET)


def test_ols_contributions_are_against_the_average_household() -> None:
    model = _ols()
    average = explain(model, dict(zip(PROXY_SET, model.means, strict=True)), "99.99")
    assert all(c.contribution == 0 for c in average.contributions)
    assert average.welfare == pytest.approx(average.baseline)
    bigger = explain(
        model, {**dict(zip(PROXY_SET, model.means, strict=True)), "log_ukuran_ruta": 2.2}, "18.71"
    )
    assert bigger.contributions[0].contribution == pytest.approx(-0.3)
    assert bigger.contributions[0].label == "Jumlah anggota rumah tangga (log)"
    with pytest.raises(PmtModelError, match="nilai proksi tidak ada: porsi_bekerja"):
        explain(model, {p: 0.0 for p in PROXY_SET if p != "porsi_bekerja"}, "18.71")


def _tampered(model: PmtModel, change: str) -> str:
    document = json.loads(model_to_json(model))
    if change == "corrupt":
        return model_to_json(model)[:200]
    if change == "format":
        document["format"] = "dtks-linkage-model"
    elif change == "schema":
        document["schema_version"] = 2
    elif change == "edited":
        document["model"]["intercept"] += 0.5
    elif change == "unknown_proxy":
        document["proxies"][0] = "jumlah_kucing"
    elif change == "missing_part":
        del document["model"]["means"]
    elif change == "bad_kind":
        document["kind"] = "forest"
    return json.dumps(document)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("corrupt", "berkas model rusak"),
        ("format", "bukan berkas model PMT dtks"),
        ("schema", "versi skema 2, dtks ini memakai versi 1"),
        ("edited", "tidak cocok dengan versinya"),
        ("unknown_proxy", "proksi tidak dikenal dtks ini: jumlah_kucing"),
        ("missing_part", "isi model tidak lengkap"),
        ("bad_kind", "jenis model tidak dikenal: 'forest'"),
    ],
)
def test_bad_model_files_are_refused_naming_the_file(
    model: PmtModel, change: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "model.json"
    path.write_text(_tampered(model, change), encoding="utf-8")
    with pytest.raises(PmtModelError, match=message) as error:
        load_model(path)
    assert str(path) in str(error.value)


def test_a_tree_pointing_nowhere_is_refused() -> None:
    document = json.loads(model_to_json(_gbm()))
    document["model"]["trees"][0]["left"][0] = 999
    with pytest.raises(PmtModelError, match="pohon 1: simpul 0 menunjuk simpul yang tidak ada"):
        model_from_json(json.dumps(document))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PmtModelError, match="berkas model tidak ada"):
        load_model(tmp_path / "nothing.json")
