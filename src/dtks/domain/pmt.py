"""Proxy-means test maths: fit, predict, rank into percentiles and desil, targeting errors.

Pure numpy, no Django, no I/O (issue 5 builds the assessment app on top). The model is OLS of
log per-capita consumption on household proxies; its problems (too few rows, missing or
non-positive consumption, constant or collinear proxies) are refused with a reason, never
fitted silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Rows per coefficient below which a fit is refused: an OLS with fewer is mostly noise.
MIN_ROWS_PER_COEFFICIENT = 10
# Condition number above which proxies count as collinear.
MAX_CONDITION = 1e8
# Relative residual below which a column counts as computable from the others.
COLLINEAR_TOLERANCE = 1e-6


class PmtError(ValueError):
    """The survey or the proxies cannot give a sound model (the message says why)."""


@dataclass(frozen=True)
class OlsModel:
    proxies: tuple[str, ...]
    intercept: float
    coefficients: tuple[float, ...]
    r2: float
    rmse: float
    rows: int

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Predicted log per-capita consumption for the rows of ``x`` (proxies in order)."""
        if x.ndim != 2 or x.shape[1] != len(self.proxies):
            raise PmtError(f"butuh {len(self.proxies)} kolom proksi, ada {x.shape}")
        return self.intercept + x @ np.asarray(self.coefficients)

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Each proxy's part of each row's prediction (the explanation), rows x proxies."""
        return x * np.asarray(self.coefficients)


def _check(x: np.ndarray, consumption: np.ndarray, proxies: tuple[str, ...]) -> None:
    if x.ndim != 2 or x.shape[1] != len(proxies):
        raise PmtError(f"matriks proksi berukuran {x.shape}, nama proksi {len(proxies)}")
    if len(consumption) != x.shape[0]:
        raise PmtError("jumlah baris konsumsi dan proksi berbeda")
    missing = int(np.isnan(consumption).sum())
    if missing:
        raise PmtError(f"konsumsi kosong pada {missing} rumah tangga")
    non_positive = int((consumption <= 0).sum())
    if non_positive:
        raise PmtError(f"konsumsi nol atau negatif pada {non_positive} rumah tangga")
    needed = MIN_ROWS_PER_COEFFICIENT * (len(proxies) + 1)
    if x.shape[0] < needed:
        raise PmtError(f"terlalu sedikit rumah tangga: {x.shape[0]}, perlu paling sedikit {needed}")
    bad = [name for name, column in zip(proxies, x.T, strict=True) if np.isnan(column).any()]
    if bad:
        raise PmtError(f"proksi kosong: {', '.join(bad)}")
    constant = [name for name, column in zip(proxies, x.T, strict=True) if np.ptp(column) == 0]
    if constant:
        raise PmtError(f"proksi bernilai tetap: {', '.join(constant)}")


def collinear_columns(x: np.ndarray, names: tuple[str, ...]) -> list[str]:
    """Columns that (nearly) follow from the intercept and the columns before them."""
    kept = [np.ones(len(x))]
    found = []
    for name, column in zip(names, x.T, strict=True):
        basis = np.column_stack(kept)
        fitted = basis @ np.linalg.lstsq(basis, column, rcond=None)[0]
        spread = float(np.linalg.norm(column - column.mean())) or 1.0
        if np.linalg.norm(column - fitted) / spread < COLLINEAR_TOLERANCE:
            found.append(name)
        else:
            kept.append(column)
    return found


def fit_ols(x: np.ndarray, consumption: np.ndarray, proxies: tuple[str, ...]) -> OlsModel:
    """OLS of log(consumption) on ``x``; refuses collinear proxies instead of dropping them."""
    _check(x, consumption, proxies)
    y = np.log(consumption)
    design = np.column_stack([np.ones(len(y)), x])
    if np.linalg.cond(design) > MAX_CONDITION:
        named = collinear_columns(x, proxies)
        raise PmtError(
            "proksi kolinear (salah satunya dapat dihitung dari yang lain)"
            + (f": {', '.join(named)}" if named else "")
        )
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ beta
    total = float(((y - y.mean()) ** 2).sum())
    return OlsModel(
        proxies=proxies,
        intercept=float(beta[0]),
        coefficients=tuple(float(b) for b in beta[1:]),
        r2=1.0 - float((residuals**2).sum()) / total,
        rmse=float(np.sqrt((residuals**2).mean())),
        rows=len(y),
    )


def rank(welfare: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Percentile (1-100) and desil (1-10) from predicted welfare, poorest first.

    Ties are broken by ``keys`` (e.g. the household ref), so the same input always gives the
    same ranks whatever order it came in.
    """
    n = len(welfare)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort((keys, welfare))
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    percentile = position * 100 // n + 1
    desil = position * 10 // n + 1
    return percentile, desil


@dataclass(frozen=True)
class TargetingErrors:
    """Alatas et al.'s measures at a cut-off share of households."""

    inclusion_error: float  # selected by the PMT but not truly poor, share of those selected
    exclusion_error: float  # truly poor but not selected, share of the truly poor


def targeting_errors(
    predicted: np.ndarray, actual: np.ndarray, *, share: float = 0.4
) -> TargetingErrors:
    """Errors of selecting the poorest ``share`` by ``predicted`` against ``actual``."""
    if not 0 < share < 1:
        raise PmtError("bagian sasaran harus di antara 0 dan 1")
    count = round(share * len(actual))
    if count == 0:
        raise PmtError("terlalu sedikit rumah tangga untuk menghitung galat sasaran")
    selected = np.zeros(len(actual), dtype=bool)
    selected[np.argsort(predicted, kind="stable")[:count]] = True
    poor = np.zeros(len(actual), dtype=bool)
    poor[np.argsort(actual, kind="stable")[:count]] = True
    return TargetingErrors(
        inclusion_error=float((selected & ~poor).sum() / selected.sum()),
        exclusion_error=float((poor & ~selected).sum() / poor.sum()),
    )
