"""Fit a PMT model from a consumption survey folder and report OLS against boosted trees.

Steps (docs/pmt.md): read ``households.csv`` (with ``konsumsi_per_kapita``), ``persons.csv``
and ``members.csv`` with DuckDB; derive the proxies with ``proxy_sql``; refuse a survey that
cannot give a sound model; split off a held-out part (by the seed); fit OLS with kab/kota
effects and gradient-boosted trees on the rest; measure both on the held-out part (R2, RMSE,
inclusion and exclusion error at the 40 % cut-off); refit the chosen learner on every row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from dtks.domain.gbm import fit_gbm
from dtks.domain.pmt import PmtError, fit_ols, targeting_errors
from dtks.pipeline.sql_engines import SqlEngine

from .model import PmtModel
from .proxies import PLACE_PROXIES, PROXIES, proxy_sql

SURVEY_FILES = ("households.csv", "persons.csv", "members.csv")
CONSUMPTION = "konsumsi_per_kapita"
# Survey households below which a kab/kota effect (and the fit) is refused.
MIN_ROWS_PER_KAB_KOTA = 100
CUTOFF = 0.4
LEARNERS = ("ols", "gbm")
GBM_SETTINGS: dict[str, Any] = {
    "learning_rate": 0.1,
    "max_depth": 3,
    "max_trees": 400,
    "max_bins": 64,
    "min_leaf": 20,
    "subsample": 0.8,
    "validation": 0.1,
    "patience": 20,
}
# Raw columns whose missing answers the proxies replace by a neutral value (counted).
_IMPUTED_HOUSEHOLD_COLUMNS = (
    "luas_lantai",
    "jumlah_kamar",
    "lantai",
    "dinding",
    "atap",
    "sta_bangunan",
    "sumber_penerangan",
    "bb_masak",
    "fasbab",
    "kloset",
    "sumber_airminum",
)


@dataclass(frozen=True)
class Survey:
    """The survey's proxy rows, sorted by household_ref."""

    refs: list[str]
    kab_kota: list[str]
    x: np.ndarray  # rows x PROXIES
    consumption: np.ndarray
    fingerprint: str
    imputed: dict[str, int]


@dataclass(frozen=True)
class FitResult:
    model: PmtModel
    report: dict[str, Any]


def _refs(refs: list[str], limit: int = 5) -> str:
    shown = ", ".join(refs[:limit])
    return shown + (f" dan {len(refs) - limit} lainnya" if len(refs) > limit else "")


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in SURVEY_FILES:
        digest.update(name.encode() + b"\0")
        with (folder / name).open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def read_survey(folder: Path, *, as_of: date, engine: SqlEngine | None = None) -> Survey:
    """Read and check the survey folder; a problem is a ``PmtError`` naming file and rows.

    The files are read and checked in DuckDB; the proxies come from the same SQL as the
    ranking's, on ``engine`` when one is given (Spark: the fit sees exactly what a ranking on
    Spark will score), else in that DuckDB.
    """
    import duckdb

    folder = Path(folder)
    for name in SURVEY_FILES:
        if not (folder / name).is_file():
            raise PmtError(f"{folder / name}: berkas survei tidak ada")
    con = duckdb.connect()
    try:
        for name in SURVEY_FILES:
            path = str(folder / name).replace("'", "''")
            con.execute(
                f"CREATE VIEW {name[:-4]} AS SELECT * FROM read_csv('{path}', header = true, "
                "all_varchar = true)"
            )
        columns = [row[0] for row in con.execute("DESCRIBE households").fetchall()]
        if CONSUMPTION not in columns:
            raise PmtError(f"{folder / 'households.csv'}: kolom {CONSUMPTION} tidak ada")
        for name, column in (("persons", "household_ref"), ("members", "hubungan")):
            if column not in [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]:
                raise PmtError(f"{folder / (name + '.csv')}: kolom {column} tidak ada")
        _check_consumption(con, folder)
        orphans = [
            r[0]
            for r in con.execute(
                "SELECT household_ref FROM households WHERE household_ref NOT IN "
                "(SELECT household_ref FROM persons WHERE household_ref IS NOT NULL) "
                "ORDER BY household_ref"
            ).fetchall()
        ]
        if orphans:
            raise PmtError(
                f"{folder / 'persons.csv'}: {len(orphans)} rumah tangga tanpa anggota "
                f"({_refs(orphans)})"
            )
        table = _proxy_rows(con, as_of=as_of, engine=engine)
        imputed = _imputed(con)
    except duckdb.Error as error:
        raise PmtError(f"{folder}: survei tidak dapat dibaca ({error})") from None
    finally:
        con.close()
    return Survey(
        refs=table["household_ref"].to_pylist(),
        kab_kota=table["kab_kota"].to_pylist(),
        x=np.column_stack([table[p].to_numpy() for p in PROXIES]).astype(float),
        consumption=table["consumption"].to_numpy().astype(float),
        fingerprint=_fingerprint(folder),
        imputed=imputed,
    )


def _proxy_rows(con: Any, *, as_of: date, engine: SqlEngine | None) -> pa.Table:
    if engine is None:
        names = {"households": "households", "persons": "persons", "members": "members"}
    else:
        names = {name: f"survey_{name}" for name in ("households", "persons", "members")}
        for name, alias in names.items():
            engine.register(alias, con.sql(f"SELECT * FROM {name}").to_arrow_table())
    query = (
        f"SELECT p.*, CAST(h.{CONSUMPTION} AS DOUBLE) AS consumption "
        f"FROM ({proxy_sql(**names, as_of=as_of)}) p "
        f"JOIN {names['households']} h ON p.household_ref = h.household_ref "
        "ORDER BY p.household_ref"
    )
    if engine is None:
        result: pa.Table = con.sql(query).to_arrow_table()
        return result
    return engine.query(query)


def _check_consumption(con: Any, folder: Path) -> None:
    where = folder / "households.csv"
    checks = (
        (f"{CONSUMPTION} IS NULL OR trim({CONSUMPTION}) = ''", "konsumsi kosong"),
        (
            f"trim({CONSUMPTION}) <> '' AND TRY_CAST({CONSUMPTION} AS DOUBLE) IS NULL",
            "konsumsi bukan angka",
        ),
        (f"TRY_CAST({CONSUMPTION} AS DOUBLE) <= 0", "konsumsi nol atau negatif"),
    )
    for condition, problem in checks:
        refs = [
            r[0]
            for r in con.execute(
                f"SELECT household_ref FROM households WHERE {condition} ORDER BY household_ref"
            ).fetchall()
        ]
        if refs:
            raise PmtError(f"{where}: {problem} pada {len(refs)} rumah tangga ({_refs(refs)})")


def _imputed(con: Any) -> dict[str, int]:
    """How many answers the proxies replaced by their neutral value (only those > 0)."""
    parts = [
        f"SUM(CASE WHEN {c} IS NULL OR trim({c}) = '' THEN 1 ELSE 0 END) AS {c}"
        for c in _IMPUTED_HOUSEHOLD_COLUMNS
    ]
    row = con.execute(f"SELECT {', '.join(parts)} FROM households").fetchone()
    counts = dict(zip(_IMPUTED_HOUSEHOLD_COLUMNS, row, strict=True))
    counts["tanggal_lahir (orang)"] = con.execute(
        "SELECT COUNT(*) FROM persons WHERE tanggal_lahir IS NULL OR trim(tanggal_lahir) = ''"
    ).fetchone()[0]
    counts["tanpa kepala (hubungan 1)"] = con.execute(
        "SELECT COUNT(*) FROM households WHERE household_ref NOT IN (SELECT p.household_ref "
        "FROM persons p JOIN members m USING (record_id) WHERE TRY_CAST(m.hubungan AS INT) = 1)"
    ).fetchone()[0]
    return {k: int(v or 0) for k, v in counts.items() if v}


def _check_regions(kab_kota: list[str]) -> dict[str, int]:
    names, counts = np.unique(np.asarray(kab_kota, dtype=str), return_counts=True)
    per_region = {str(n): int(c) for n, c in zip(names, counts, strict=True)}
    small = {k: c for k, c in per_region.items() if c < MIN_ROWS_PER_KAB_KOTA}
    if small:
        listed = ", ".join(f"{k} ({c})" for k, c in small.items())
        raise PmtError(
            f"terlalu sedikit rumah tangga survei per kab/kota: {listed}; "
            f"perlu paling sedikit {MIN_ROWS_PER_KAB_KOTA} per kab/kota"
        )
    return per_region


@dataclass(frozen=True)
class _Ols:
    intercept: float
    coefficients: np.ndarray
    effects: dict[str, float]

    def offset(self, kab_kota: list[str]) -> np.ndarray:
        return np.array([self.effects.get(k, 0.0) for k in kab_kota])

    def predict(self, x: np.ndarray, kab_kota: list[str]) -> np.ndarray:
        return self.intercept + x @ self.coefficients + self.offset(kab_kota)


def _fit_ols(x: np.ndarray, y: np.ndarray, kab_kota: list[str], proxies: tuple[str, ...]) -> _Ols:
    """OLS with a dummy per kab/kota but the first; effects centred on the rows' average."""
    regions = sorted(set(kab_kota))
    dummies = [np.array([k == r for k in kab_kota], dtype=float) for r in regions[1:]]
    design = np.column_stack([x, *dummies]) if dummies else x
    names = (*proxies, *(f"kab/kota {r}" for r in regions[1:]))
    try:
        fitted = fit_ols(design, np.exp(y), names)
    except PmtError as error:
        if "bernilai tetap" in str(error):
            raise PmtError(f"{error} (tinggalkan dengan --without NAMA)") from None
        raise
    raw = dict(zip(regions, [0.0, *fitted.coefficients[len(proxies) :]], strict=True))
    centre = float(np.mean([raw[k] for k in kab_kota])) if len(regions) > 1 else 0.0
    return _Ols(
        intercept=fitted.intercept + centre,
        coefficients=np.asarray(fitted.coefficients[: len(proxies)]),
        effects={k: v - centre for k, v in raw.items()} if len(regions) > 1 else {},
    )


def _measure(predicted: np.ndarray, y: np.ndarray) -> dict[str, float]:
    residual = y - predicted
    errors = targeting_errors(predicted, y, share=CUTOFF)
    return {
        "r2": 1.0 - float((residual**2).sum()) / float(((y - y.mean()) ** 2).sum()),
        "rmse": float(np.sqrt((residual**2).mean())),
        "inclusion_error": errors.inclusion_error,
        "exclusion_error": errors.exclusion_error,
    }


def _fit(
    learner: str,
    x: np.ndarray,
    y: np.ndarray,
    kab_kota: list[str],
    proxies: tuple[str, ...],
    seed: int,
) -> tuple[PmtModel, _Ols]:
    """One learner on these rows (GBM takes the OLS kab/kota effects as its offset)."""
    ols = _fit_ols(x, y, kab_kota, proxies)
    means = tuple(float(m) for m in x.mean(axis=0))
    if learner == "ols":
        model = PmtModel(
            kind="ols",
            proxies=proxies,
            intercept=ols.intercept,
            means=means,
            region_effects=ols.effects,
            coefficients=tuple(float(c) for c in ols.coefficients),
        )
        return model, ols
    gbm = fit_gbm(x, y - ols.offset(kab_kota), seed=seed, **GBM_SETTINGS)
    model = PmtModel(
        kind="gbm",
        proxies=proxies,
        intercept=gbm.base,
        means=means,
        region_effects=ols.effects,
        trees=gbm.trees,
        learning_rate=gbm.learning_rate,
    )
    return model, ols


def _usable_proxies(x: np.ndarray, without: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    unknown = [p for p in without if p not in PROXIES]
    if unknown:
        raise PmtError(f"proksi tidak dikenal: {', '.join(unknown)} (pilih dari {PROXIES})")
    constant_place = [
        p for p in PLACE_PROXIES if p not in without and np.ptp(x[:, PROXIES.index(p)]) == 0
    ]
    dropped = [*without, *constant_place]
    return tuple(p for p in PROXIES if p not in dropped), constant_place


def fit_survey(
    folder: Path,
    *,
    as_of: date,
    learner: str = "ols",
    holdout: float = 0.2,
    seed: int = 1,
    without: tuple[str, ...] = (),
    engine: SqlEngine | None = None,
) -> FitResult:
    """Fit ``learner`` ("ols" or "gbm") on the survey in ``folder``, with the comparison;
    the proxies on ``engine`` when given (``read_survey``)."""
    if learner not in LEARNERS:
        raise PmtError(f"pembelajar tidak dikenal: {learner!r} (pilih {', '.join(LEARNERS)})")
    if not 0 < holdout < 0.5:
        raise PmtError("bagian uji (holdout) harus di antara 0 dan 0,5")
    survey = read_survey(folder, as_of=as_of, engine=engine)
    per_region = _check_regions(survey.kab_kota)
    proxies, place_dropped = _usable_proxies(survey.x, without)
    x = survey.x[:, [PROXIES.index(p) for p in proxies]]
    y = np.log(survey.consumption)
    order = np.random.default_rng(seed).permutation(len(y))
    held = round(holdout * len(y))
    test, train = np.sort(order[:held]), np.sort(order[held:])
    regions = np.asarray(survey.kab_kota)
    learners: dict[str, dict[str, Any]] = {}
    for name in LEARNERS:
        model, _ = _fit(name, x[train], y[train], list(regions[train]), proxies, seed)
        predicted = model.predict(x[test], list(regions[test]))
        learners[name] = _measure(predicted, y[test])
        if name == "gbm":
            learners[name]["trees"] = len(model.trees)
    better = min(LEARNERS, key=lambda n: (learners[n]["rmse"], LEARNERS.index(n)))
    final, _ = _fit(learner, x, y, survey.kab_kota, proxies, seed)
    in_sample = _measure(final.predict(x, survey.kab_kota), y)
    report: dict[str, Any] = {
        "survey_households": len(y),
        "households_per_kab_kota": per_region,
        "imputed": survey.imputed,
        "proxies_left_out": {
            **{p: "ditinggalkan atas permintaan (--without)" for p in without},
            **{p: "bernilai tetap di survei (ciri wilayah)" for p in place_dropped},
        },
        "holdout": {"share": holdout, "seed": seed, "train": len(train), "test": len(test)},
        "cutoff": CUTOFF,
        "learners": learners,
        "better_on_holdout": better,
        "criterion": "rmse",
        "chosen": learner,
        "chosen_on_all_rows": in_sample,
        "gbm_settings": GBM_SETTINGS,
    }
    if learner == "gbm":
        report["chosen_on_all_rows"]["trees"] = len(final.trees)
    model = PmtModel(
        kind=final.kind,
        proxies=final.proxies,
        intercept=final.intercept,
        means=final.means,
        region_effects=final.region_effects,
        coefficients=final.coefficients,
        trees=final.trees,
        learning_rate=final.learning_rate,
        survey={
            "fingerprint": survey.fingerprint,
            "households": len(y),
            "as_of": as_of.isoformat(),
        },
        report=report,
        created_at=datetime.now(UTC).date().isoformat(),
    )
    return FitResult(model=model, report=report)
