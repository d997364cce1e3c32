"""PMT maths: a known model is recovered, bad surveys are refused, ranks are deterministic."""

from __future__ import annotations

import numpy as np
import pytest

from dtks.domain.pmt import PmtError, fit_ols, rank, targeting_errors

PROXIES = ("luas_lantai_per_kapita", "ukuran_ruta", "punya_motor")


def _survey(rows: int = 2_000, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.column_stack(
        [rng.lognormal(2.0, 0.5, rows), rng.integers(1, 9, rows), rng.integers(0, 2, rows)]
    )
    log_consumption = 13.5 + 0.03 * x[:, 0] - 0.12 * x[:, 1] + 0.25 * x[:, 2]
    return x.astype(float), np.exp(log_consumption + rng.normal(0, 0.3, rows))


def test_ols_recovers_the_generating_model() -> None:
    x, consumption = _survey()
    model = fit_ols(x, consumption, PROXIES)
    assert model.coefficients == pytest.approx((0.03, -0.12, 0.25), abs=0.03)
    assert model.intercept == pytest.approx(13.5, abs=0.1)
    assert 0.3 < model.r2 < 0.9
    assert model.rmse == pytest.approx(0.3, abs=0.03)
    contributions = model.contributions(x[:5])
    assert np.allclose(contributions.sum(axis=1) + model.intercept, model.predict(x[:5]))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("few_rows", "terlalu sedikit rumah tangga"),
        ("missing", "konsumsi kosong pada 1"),
        ("zero", "konsumsi nol atau negatif pada 2"),
        ("constant", "proksi bernilai tetap: punya_motor"),
        ("collinear", "kolinear"),
        ("proxy_missing", "proksi kosong: ukuran_ruta"),
    ],
)
def test_bad_surveys_are_refused_with_the_reason(change: str, message: str) -> None:
    x, consumption = _survey()
    if change == "few_rows":
        x, consumption = x[:30], consumption[:30]
    elif change == "missing":
        consumption[7] = np.nan
    elif change == "zero":
        consumption[[3, 9]] = [0.0, -5.0]
    elif change == "constant":
        x[:, 2] = 1.0
    elif change == "collinear":
        x[:, 2] = 2 * x[:, 1]
    elif change == "proxy_missing":
        x[4, 1] = np.nan
    with pytest.raises(PmtError, match=message):
        fit_ols(x, consumption, PROXIES)


def test_ranks_are_deterministic_and_break_ties_by_key() -> None:
    welfare = np.array([5.0, 1.0, 3.0, 3.0, 9.0, 1.0, 7.0, 2.0, 8.0, 4.0])
    keys = np.array(["j", "b", "d", "c", "e", "a", "f", "g", "h", "i"])
    percentile, desil = rank(welfare, keys)
    assert desil.tolist() == [7, 2, 5, 4, 10, 1, 8, 3, 9, 6]
    assert percentile.tolist() == [61, 11, 41, 31, 91, 1, 71, 21, 81, 51]
    shuffled = np.random.default_rng(1).permutation(10)
    again, _ = rank(welfare[shuffled], keys[shuffled])
    assert again.tolist() == percentile[shuffled].tolist()


def test_targeting_errors_at_the_40_percent_cut() -> None:
    actual = np.arange(10, dtype=float)
    assert targeting_errors(actual, actual).exclusion_error == 0.0
    swapped = actual.copy()
    swapped[[0, 9]] = swapped[[9, 0]]  # the poorest looks richest and the reverse
    errors = targeting_errors(swapped, actual)
    assert errors.inclusion_error == pytest.approx(0.25)
    assert errors.exclusion_error == pytest.approx(0.25)
    with pytest.raises(PmtError):
        targeting_errors(actual, actual, share=1.5)
