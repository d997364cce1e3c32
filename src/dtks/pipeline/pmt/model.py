"""A fitted PMT model: a versioned JSON file, compiled to portable SQL and explained per household.

Two kinds: ``ols`` (intercept + coefficient x proxy) and ``gbm`` (base value + the sum of
boosted trees, ``dtks.domain.gbm``). Both add a kab/kota effect, centred on the survey so a
kab/kota the survey did not see gets 0 (the survey average). The file carries its fit report and
the survey's fingerprint; ``version`` is the sha256 of the file's canonical content, so any edit
is detected when the file is loaded (the format is in docs/pmt.md).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from dtks.domain.gbm import LEAF, GbmModel, Tree

from .proxies import PROXIES, PROXY_LABELS

FORMAT = "dtks-pmt-model"
# Raise when the meaning of a proxy or of the file changes: older files are then refused.
SCHEMA_VERSION = 1
KINDS = ("ols", "gbm")
_KAB_KOTA = re.compile(r"^\d\d\.\d\d$")


class PmtModelError(ValueError):
    """The model file cannot be used (the message says which file and why)."""


@dataclass(frozen=True)
class PmtModel:
    kind: str  # "ols" | "gbm"
    proxies: tuple[str, ...]
    intercept: float  # OLS intercept; GBM base value
    means: tuple[float, ...]  # survey mean of each proxy (the OLS explanation's reference)
    region_effects: dict[str, float]  # kab/kota -> effect on log consumption, centred
    coefficients: tuple[float, ...] = ()  # OLS only
    trees: tuple[Tree, ...] = ()  # GBM only; leaf values already shrunk
    learning_rate: float = 0.0  # GBM only
    survey: dict[str, Any] = field(default_factory=dict)  # fingerprint, households, as_of
    report: dict[str, Any] = field(default_factory=dict)  # fit report (docs/pmt.md)
    created_at: str = ""

    def content(self) -> dict[str, Any]:
        """The file's content without its version (what the version hashes)."""
        model: dict[str, Any] = {
            "intercept": float(self.intercept),
            "means": {p: float(m) for p, m in zip(self.proxies, self.means, strict=True)},
            "region_effects": {k: float(v) for k, v in sorted(self.region_effects.items())},
        }
        if self.kind == "ols":
            model["coefficients"] = {
                p: float(c) for p, c in zip(self.proxies, self.coefficients, strict=True)
            }
        else:
            model["learning_rate"] = float(self.learning_rate)
            model["trees"] = [_tree_document(tree) for tree in self.trees]
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "kind": self.kind,
            "created_at": self.created_at,
            "proxies": list(self.proxies),
            "model": model,
            "survey": self.survey,
            "report": self.report,
        }

    @cached_property
    def version(self) -> str:
        """sha256 (hex) of the canonical content: equal content, equal version."""
        return hashlib.sha256(_canonical(self.content()).encode()).hexdigest()

    def gbm(self) -> GbmModel:
        return GbmModel(
            base=self.intercept,
            trees=self.trees,
            learning_rate=self.learning_rate,
            features=len(self.proxies),
        )

    def predict(self, x: np.ndarray, kab_kota: list[str]) -> np.ndarray:
        """Predicted log per-capita consumption (rows of ``x`` in ``proxies`` order)."""
        if self.kind == "ols":
            welfare = self.intercept + x @ np.asarray(self.coefficients)
        else:
            welfare = self.gbm().predict(x)
        return welfare + np.array([self.region_effects.get(k, 0.0) for k in kab_kota])


@dataclass(frozen=True)
class Contribution:
    proxy: str
    label: str
    value: float
    contribution: float


@dataclass(frozen=True)
class Explanation:
    """welfare = baseline + region_effect + the sum of the contributions."""

    welfare: float
    baseline: float
    region_effect: float
    contributions: list[Contribution]


def _canonical(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _tree_document(tree: Tree) -> dict[str, list[Any]]:
    return {
        "feature": [int(f) for f in tree.feature],
        "threshold": [float(t) for t in tree.threshold],
        "left": [int(n) for n in tree.left],
        "right": [int(n) for n in tree.right],
        "value": [float(v) for v in tree.value],
    }


def model_to_json(model: PmtModel) -> str:
    document = {**model.content(), "version": model.version}
    return json.dumps(document, indent=1, sort_keys=True, allow_nan=False) + "\n"


def save_model(model: PmtModel, path: Path) -> None:
    """Write the file whole or not at all (a temporary file, then a rename)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(model_to_json(model), encoding="utf-8")
    tmp.replace(path)


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PmtModelError(f"{what} bukan angka: {value!r}")
    return float(value)


def _tree(document: object, index: int, features: int) -> Tree:
    what = f"pohon {index + 1}"
    if not isinstance(document, dict):
        raise PmtModelError(f"{what} tidak lengkap")
    try:
        feature = tuple(int(f) for f in document["feature"])
        threshold = tuple(_number(t, what) for t in document["threshold"])
        left = tuple(int(n) for n in document["left"])
        right = tuple(int(n) for n in document["right"])
        value = tuple(_number(v, what) for v in document["value"])
    except (KeyError, TypeError, ValueError) as error:
        raise PmtModelError(f"{what} tidak lengkap ({error})") from None
    nodes = len(feature)
    if nodes == 0 or any(len(a) != nodes for a in (threshold, left, right, value)):
        raise PmtModelError(f"{what}: panjang daftar simpul berbeda")
    for node in range(nodes):
        if feature[node] == LEAF:
            continue
        if not 0 <= feature[node] < features:
            raise PmtModelError(f"{what}: proksi nomor {feature[node]} tidak ada")
        # Children come after their parent: no cycles, every path ends in a leaf.
        if not (node < left[node] < nodes and node < right[node] < nodes):
            raise PmtModelError(f"{what}: simpul {node} menunjuk simpul yang tidak ada")
    return Tree(feature=feature, threshold=threshold, left=left, right=right, value=value)


def model_from_json(text: str) -> PmtModel:
    """Parse and check a model file's text; any problem is a ``PmtModelError``."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PmtModelError(f"berkas model rusak ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PmtModelError("bukan berkas model PMT dtks")
    if document.get("schema_version") != SCHEMA_VERSION:
        raise PmtModelError(
            f"model versi skema {document.get('schema_version')}, dtks ini memakai versi "
            f"{SCHEMA_VERSION}; latih ulang model (dtks pmt fit)"
        )
    kind = document.get("kind")
    if kind not in KINDS:
        raise PmtModelError(f"jenis model tidak dikenal: {kind!r} (pilih {', '.join(KINDS)})")
    try:
        proxies = tuple(str(p) for p in document["proxies"])
        body = document["model"]
        unknown = [p for p in proxies if p not in PROXIES]
        if unknown:
            raise PmtModelError(f"proksi tidak dikenal dtks ini: {', '.join(unknown)}")
        if not proxies or len(set(proxies)) != len(proxies):
            raise PmtModelError("daftar proksi kosong atau berulang")
        means = tuple(_number(body["means"][p], f"rata-rata {p}") for p in proxies)
        effects = {str(k): _number(v, f"efek {k}") for k, v in body["region_effects"].items()}
        bad = [k for k in effects if not _KAB_KOTA.match(k)]
        if bad:
            raise PmtModelError(f"kode kab/kota tidak sah: {', '.join(bad)}")
        common: dict[str, Any] = {
            "kind": kind,
            "proxies": proxies,
            "intercept": _number(body["intercept"], "intersep"),
            "means": means,
            "region_effects": effects,
            "survey": dict(document["survey"]),
            "report": dict(document["report"]),
            "created_at": str(document["created_at"]),
        }
        if kind == "ols":
            model = PmtModel(
                **common,
                coefficients=tuple(
                    _number(body["coefficients"][p], f"koefisien {p}") for p in proxies
                ),
            )
        else:
            trees = tuple(_tree(t, i, len(proxies)) for i, t in enumerate(body["trees"]))
            model = PmtModel(
                **common,
                trees=trees,
                learning_rate=_number(body["learning_rate"], "laju belajar"),
            )
    except (KeyError, TypeError, AttributeError) as error:
        raise PmtModelError(f"isi model tidak lengkap ({error!r})") from None
    if document.get("version") != model.version:
        raise PmtModelError("isi model tidak cocok dengan versinya (berkas diubah?)")
    return model


def load_model(path: Path) -> PmtModel:
    """Read a model file; the error names the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PmtModelError(f"{path}: berkas model tidak ada") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PmtModelError(f"{path}: berkas model tidak dapat dibaca ({error})") from None
    try:
        return model_from_json(text)
    except PmtModelError as error:
        raise PmtModelError(f"{path}: {error}") from None


def _literal(value: float) -> str:
    """A DOUBLE literal on both engines (Spark reads ``0.5`` as DECIMAL, ``5e-01`` as DOUBLE)."""
    return f"{value:.17e}"


def _column(table: str, name: str) -> str:
    return f"{table}.{name}" if table else name


def _tree_sql(tree: Tree, node: int, proxies: tuple[str, ...], table: str) -> str:
    if tree.feature[node] == LEAF:
        return _literal(tree.value[node])
    column = _column(table, proxies[tree.feature[node]])
    left = _tree_sql(tree, tree.left[node], proxies, table)
    right = _tree_sql(tree, tree.right[node], proxies, table)
    return f"CASE WHEN {column} <= {_literal(tree.threshold[node])} THEN {left} ELSE {right} END"


def welfare_sql(model: PmtModel, *, table: str = "proxies") -> str:
    """Portable SQL for predicted log per-capita consumption over ``table``'s proxy columns
    and ``kab_kota`` (``table=""`` leaves the columns unqualified)."""
    terms = [_literal(model.intercept)]
    if model.kind == "ols":
        terms += [
            f"{_literal(c)} * {_column(table, p)}"
            for p, c in zip(model.proxies, model.coefficients, strict=True)
        ]
    else:
        terms += [_tree_sql(tree, 0, model.proxies, table) for tree in model.trees]
    if model.region_effects:
        cases = " ".join(
            f"WHEN '{k}' THEN {_literal(v)}" for k, v in sorted(model.region_effects.items())
        )
        terms.append(f"CASE {_column(table, 'kab_kota')} {cases} ELSE {_literal(0.0)} END")
    return "(" + "\n + ".join(terms) + ")"


def explain(model: PmtModel, proxies: dict[str, float], kab_kota: str) -> Explanation:
    """Why this household's welfare is what it is, proxy by proxy.

    OLS: contribution = coefficient x (value - survey mean), against an average household
    (baseline = intercept + sum of coefficient x mean). GBM: path attribution over the trees
    (baseline = base value + the trees' root values).
    """
    missing = [p for p in model.proxies if p not in proxies]
    if missing:
        raise PmtModelError(f"nilai proksi tidak ada: {', '.join(missing)}")
    values = np.array([float(proxies[p]) for p in model.proxies])
    if model.kind == "ols":
        coefficients = np.asarray(model.coefficients)
        means = np.asarray(model.means)
        baseline = model.intercept + float(coefficients @ means)
        parts = coefficients * (values - means)
    else:
        baseline, parts = model.gbm().contributions(values)
    region_effect = model.region_effects.get(kab_kota, 0.0)
    contributions = [
        Contribution(proxy=p, label=PROXY_LABELS[p], value=float(v), contribution=float(c))
        for p, v, c in zip(model.proxies, values, parts, strict=True)
    ]
    return Explanation(
        welfare=float(baseline + region_effect + parts.sum()),
        baseline=float(baseline),
        region_effect=float(region_effect),
        contributions=contributions,
    )
