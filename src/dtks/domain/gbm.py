"""Small gradient-boosted regression trees (least squares) in numpy, stored as plain arrays.

Why our own (docs/decisions/0006-own-gradient-boosting.md): a tree is five lists (feature,
threshold, left, right, value), so a model is JSON (no pickle), compiles to nested SQL
``CASE WHEN`` for DuckDB and Spark, and explains one household's prediction by path attribution.

Method: features are binned once at quantiles (at most ``max_bins`` thresholds each); each
round fits a depth-limited tree to the residuals of a row subsample by histogram split search,
and adds it shrunk by the learning rate. An internal validation part (by the seed) stops the
rounds when it no longer improves. Same data and seed, same trees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

LEAF = -1


@dataclass(frozen=True)
class Tree:
    """Node 0 is the root; a leaf has ``feature == LEAF``. A row goes left when
    ``x[feature] <= threshold``. ``value`` is every node's (shrunk) mean residual: leaves give
    the prediction, inner nodes the path attribution."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def predict(self, x: np.ndarray) -> np.ndarray:
        feature = np.asarray(self.feature)
        threshold = np.asarray(self.threshold)
        left, right = np.asarray(self.left), np.asarray(self.right)
        node = np.zeros(len(x), dtype=np.int64)
        rows = np.arange(len(x))
        while True:
            inner = feature[node] != LEAF
            if not inner.any():
                break
            f = np.where(inner, feature[node], 0)
            go_left = x[rows, f] <= threshold[node]
            node = np.where(inner, np.where(go_left, left[node], right[node]), node)
        return np.asarray(self.value)[node]

    def attribute(self, row: np.ndarray, out: np.ndarray) -> float:
        """Add each split's change of node value to ``out[feature]``; return the root value."""
        node = 0
        while self.feature[node] != LEAF:
            f = self.feature[node]
            child = self.left[node] if row[f] <= self.threshold[node] else self.right[node]
            out[f] += self.value[child] - self.value[node]
            node = child
        return self.value[0]


@dataclass(frozen=True)
class GbmModel:
    base: float
    trees: tuple[Tree, ...]
    learning_rate: float
    features: int

    def predict(self, x: np.ndarray) -> np.ndarray:
        prediction = np.full(len(x), self.base, dtype=float)
        for tree in self.trees:
            prediction += tree.predict(x)
        return prediction

    def contributions(self, row: np.ndarray) -> tuple[float, np.ndarray]:
        """(baseline, per-feature contributions) of one row; they sum to its prediction.

        Saabas path attribution: along the row's path in each tree, the change of node value
        at a split is credited to the split's feature; the baseline is the base value plus
        every tree's root value.
        """
        out = np.zeros(self.features, dtype=float)
        baseline = self.base
        for tree in self.trees:
            baseline += tree.attribute(row, out)
        return baseline, out


def bin_thresholds(column: np.ndarray, max_bins: int) -> np.ndarray:
    """Split candidates of one feature: midpoints between its distinct values, or between
    its quantiles when it has more than ``max_bins`` of them."""
    distinct = np.unique(column)
    if len(distinct) > max_bins:
        distinct = np.unique(np.quantile(column, np.linspace(0, 1, max_bins)))
    return (distinct[:-1] + distinct[1:]) / 2


@dataclass
class _Grower:
    """Grows one tree on binned features (row ``i`` goes left of split ``j`` of feature
    ``f`` when ``binned[i, f] <= j``, i.e. ``x[i, f] <= thresholds[f][j]``)."""

    binned: np.ndarray  # rows x features, bin index
    thresholds: list[np.ndarray]
    max_bins: int
    max_depth: int
    min_leaf: int
    learning_rate: float

    def __post_init__(self) -> None:
        self.features = self.binned.shape[1]
        self.offsets = np.arange(self.features) * self.max_bins
        self.splittable = np.array([len(t) for t in self.thresholds])[:, None] > np.arange(
            self.max_bins - 1
        )

    def grow(self, rows: np.ndarray, residual: np.ndarray) -> Tree:
        self.nodes: dict[str, list[Any]] = {k: [] for k in Tree.__dataclass_fields__}
        self._node(rows, residual[rows], 0)
        return Tree(**{k: tuple(v) for k, v in self.nodes.items()})

    def _best_split(self, rows: np.ndarray, r: np.ndarray) -> tuple[int, int] | None:
        n, total = len(rows), float(r.sum())
        flat = (self.binned[rows] + self.offsets).ravel()
        size = self.features * self.max_bins
        sums = np.bincount(flat, weights=np.repeat(r, self.features), minlength=size)
        counts = np.bincount(flat, minlength=size)
        left_sum = np.cumsum(sums.reshape(self.features, -1), axis=1)[:, :-1]
        left_n = np.cumsum(counts.reshape(self.features, -1), axis=1)[:, :-1]
        right_n = n - left_n
        ok = self.splittable & (left_n >= self.min_leaf) & (right_n >= self.min_leaf)
        if not ok.any():
            return None
        with np.errstate(divide="ignore", invalid="ignore"):
            gain = left_sum**2 / left_n + (total - left_sum) ** 2 / right_n - total**2 / n
        gain = np.where(ok, gain, -np.inf)
        best = int(np.argmax(gain))  # the first best: deterministic
        if not gain.flat[best] > 1e-12:
            return None
        return divmod(best, self.max_bins - 1)

    def _node(self, rows: np.ndarray, r: np.ndarray, depth: int) -> int:
        node = len(self.nodes["feature"])
        for key, value in (
            ("feature", LEAF),
            ("threshold", 0.0),
            ("left", LEAF),
            ("right", LEAF),
            ("value", self.learning_rate * float(r.mean())),
        ):
            self.nodes[key].append(value)
        if depth == self.max_depth or len(rows) < 2 * self.min_leaf:
            return node
        split = self._best_split(rows, r)
        if split is None:
            return node
        feature, bin_ = split
        go_left = self.binned[rows, feature] <= bin_
        self.nodes["feature"][node] = feature
        self.nodes["threshold"][node] = float(self.thresholds[feature][bin_])
        self.nodes["left"][node] = self._node(rows[go_left], r[go_left], depth + 1)
        self.nodes["right"][node] = self._node(rows[~go_left], r[~go_left], depth + 1)
        return node


def fit_gbm(
    x: np.ndarray,
    y: np.ndarray,
    *,
    seed: int = 1,
    learning_rate: float = 0.1,
    max_depth: int = 3,
    max_trees: int = 400,
    max_bins: int = 64,
    min_leaf: int = 20,
    subsample: float = 0.8,
    validation: float = 0.1,
    patience: int = 20,
) -> GbmModel:
    """Boost least-squares trees on ``x`` -> ``y``; stop when the validation part (a
    ``validation`` share of rows, by ``seed``) has not improved for ``patience`` rounds, and
    keep the trees up to its best round."""
    if not 2 <= max_bins <= 256:
        raise ValueError("max_bins harus di antara 2 dan 256")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(y))
    held = round(validation * len(y)) if len(y) >= 200 else 0
    valid, train = np.sort(order[:held]), np.sort(order[held:])
    thresholds = [bin_thresholds(column, max_bins) for column in x[train].T]
    binned = np.column_stack(
        [np.searchsorted(t, column, side="left") for t, column in zip(thresholds, x.T, strict=True)]
    ).astype(np.uint16)
    grower = _Grower(binned, thresholds, max_bins, max_depth, min_leaf, learning_rate)
    base = float(y[train].mean())
    prediction = np.full(len(y), base)
    trees: list[Tree] = []
    best_loss, best_count = np.inf, 0
    sample_size = max(1, int(subsample * len(train)))
    for _ in range(max_trees):
        rows = np.sort(rng.choice(train, size=sample_size, replace=False))
        tree = grower.grow(rows, y - prediction)
        trees.append(tree)
        prediction += tree.predict(x)
        if held == 0:
            best_count = len(trees)
            continue
        loss = float(((y[valid] - prediction[valid]) ** 2).mean())
        if loss < best_loss - 1e-12:
            best_loss, best_count = loss, len(trees)
        elif len(trees) - best_count >= patience:
            break
    return GbmModel(
        base=base,
        trees=tuple(trees[:best_count]),
        learning_rate=learning_rate,
        features=x.shape[1],
    )
