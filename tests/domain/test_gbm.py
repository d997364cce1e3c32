"""Boosted trees: learn what OLS cannot, deterministic, explained exactly, close to scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingRegressor

from dtks.domain.gbm import LEAF, bin_thresholds, fit_gbm


def _data(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.column_stack(
        [rng.normal(size=rows), rng.normal(size=rows), rng.integers(0, 2, rows), rng.random(rows)]
    )
    # An interaction and a bump: no linear function of the columns follows them.
    y = np.where(x[:, 2] == 1, x[:, 0], -x[:, 0]) + np.abs(x[:, 1]) + rng.normal(0, 0.3, rows)
    return x, y


def _rmse(predicted: np.ndarray, y: np.ndarray) -> float:
    return float(np.sqrt(((predicted - y) ** 2).mean()))


def test_learns_a_non_linear_function_that_ols_cannot() -> None:
    x, y = _data(6_000, 1)
    train, test = slice(0, 5_000), slice(5_000, None)
    model = fit_gbm(x[train], y[train], seed=1)
    design = np.column_stack([np.ones(len(x)), x])
    beta = np.linalg.lstsq(design[train], y[train], rcond=None)[0]
    assert _rmse(model.predict(x[test]), y[test]) < 0.4  # noise sd is 0.3
    assert _rmse(design[test] @ beta, y[test]) > 0.9


def test_same_data_and_seed_give_the_same_trees() -> None:
    x, y = _data(2_000, 2)
    first, again = fit_gbm(x, y, seed=5), fit_gbm(x, y, seed=5)
    assert first == again
    assert fit_gbm(x, y, seed=6).trees != first.trees


def test_contributions_add_up_to_the_prediction() -> None:
    x, y = _data(2_000, 3)
    model = fit_gbm(x, y, seed=1)
    for row in x[:20]:
        baseline, parts = model.contributions(row)
        assert baseline + parts.sum() == pytest.approx(model.predict(row[None, :])[0], abs=1e-9)
    # The column that never matters gets (almost) nothing on average.
    parts = np.array([model.contributions(row)[1] for row in x[:200]])
    assert np.abs(parts[:, 3]).mean() < 0.2 * np.abs(parts[:, 0]).mean()


def test_held_out_error_is_close_to_scikit_learns() -> None:
    x, y = _data(8_000, 4)
    train, test = slice(0, 6_000), slice(6_000, None)
    ours = _rmse(fit_gbm(x[train], y[train], seed=1).predict(x[test]), y[test])
    reference = HistGradientBoostingRegressor(random_state=0).fit(x[train], y[train])
    theirs = _rmse(reference.predict(x[test]), y[test])
    assert ours < 1.05 * theirs


def test_early_stopping_on_pure_noise_keeps_few_trees() -> None:
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(2_000, 3)), rng.normal(size=2_000)
    model = fit_gbm(x, y, seed=1, max_trees=300)
    assert len(model.trees) < 60


def test_trees_are_plain_lists_whose_children_follow_their_parent() -> None:
    x, y = _data(1_000, 6)
    tree = fit_gbm(x, y, seed=1, max_trees=5).trees[0]
    assert all(isinstance(v, float) for v in tree.value + tree.threshold)
    for node, feature in enumerate(tree.feature):
        if feature != LEAF:
            assert node < tree.left[node] < tree.right[node] < len(tree.feature)


def test_bins_split_between_distinct_values_or_at_quantiles() -> None:
    assert bin_thresholds(np.array([0.0, 1.0, 1.0, 0.0]), 64).tolist() == [0.5]
    many = bin_thresholds(np.arange(1_000, dtype=float), 16)
    assert len(many) == 15
    assert many[0] == pytest.approx(33.3, abs=0.1)
