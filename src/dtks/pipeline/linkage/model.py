"""A trained linkage model: stored as a versioned JSON file, reused instead of retrained.

The file keeps the trained numbers (m and u per comparison level, the prior), not the SQL:
the SQL is rebuilt from ``comparisons.py`` for whichever engine predicts, and the numbers are
put back level by level. A file made for other comparisons is refused, not half-applied.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import comparisons
from .errors import LinkModelError

FORMAT = "dtks-linkage-model"
DEFAULT_MODEL = Path(__file__).parent / "models" / "default.json"
# Raise when comparisons.py changes what its levels mean: older files are then refused.
SCHEMA_VERSION = 1


# EM and random sampling leave some levels at (almost) zero when the training data hardly
# show them; one such level would then veto or force a match on its own. Floors keep every
# level a piece of evidence among others.
M_FLOOR = 1e-4
U_FLOOR = 1e-7


def _floor(value: float | None, floor: float) -> float:
    """A level the training never saw gets the floor: rare, but possible."""
    return floor if value is None else max(float(value), floor)


def default_model_path() -> Path:
    """The model dtks ships, trained on a synthetic Kota Bandar Lampung
    (``scripts/train-default-linkage-model``); a deployment retrains on its own records."""
    return DEFAULT_MODEL


@dataclass(frozen=True)
class LinkageModel:
    """Trained parameters of the person comparisons."""

    probability_two_random_records_match: float
    # comparison name -> per level (in order, null level first): label, m, u
    levels: dict[str, list[dict[str, Any]]]
    trained_on_records: int
    created_at: str

    @property
    def version(self) -> str:
        """A content hash: two files with the same numbers have the same version."""
        payload = json.dumps(
            [SCHEMA_VERSION, self.probability_two_random_records_match, self.levels],
            sort_keys=True,
        )
        return f"v{SCHEMA_VERSION}-{hashlib.sha256(payload.encode()).hexdigest()[:12]}"

    @classmethod
    def from_splink(cls, settings: dict[str, Any], *, records: int) -> LinkageModel:
        levels = {}
        for comparison in settings["comparisons"]:
            levels[comparison["output_column_name"]] = [
                {
                    "label": level.get("label_for_charts", ""),
                    "m": None
                    if level.get("is_null_level")
                    else _floor(level.get("m_probability"), M_FLOOR),
                    "u": None
                    if level.get("is_null_level")
                    else _floor(level.get("u_probability"), U_FLOOR),
                }
                for level in comparison["comparison_levels"]
            ]
        return cls(
            probability_two_random_records_match=settings["probability_two_random_records_match"],
            levels=levels,
            trained_on_records=records,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def splink_settings(self, *, dialect: str) -> dict[str, Any]:
        """Splink settings for ``dialect`` with this model's numbers."""
        settings = comparisons.settings_dict(
            dialect=dialect,
            probability_two_random_records_match=self.probability_two_random_records_match,
        )
        by_name = {c["output_column_name"]: c for c in settings["comparisons"]}
        if set(by_name) != set(self.levels):
            raise LinkModelError(
                "model ini dibuat untuk perbandingan lain "
                f"({', '.join(sorted(self.levels))}); latih ulang model"
            )
        for name, stored in self.levels.items():
            current = by_name[name]["comparison_levels"]
            if len(current) != len(stored):
                raise LinkModelError(f"jumlah tingkat perbandingan '{name}' berbeda; latih ulang")
            for level, numbers in zip(current, stored, strict=True):
                if level.get("is_null_level"):
                    continue
                if numbers["m"] is not None:
                    level["m_probability"] = numbers["m"]
                if numbers["u"] is not None:
                    level["u_probability"] = numbers["u"]
        return settings

    def labels(self) -> dict[str, list[str]]:
        return {name: [level["label"] for level in levels] for name, levels in self.levels.items()}

    def save(self, path: Path) -> None:
        document = {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "model_version": self.version,
            "created_at": self.created_at,
            "trained_on_records": self.trained_on_records,
            "probability_two_random_records_match": self.probability_two_random_records_match,
            "comparisons": self.levels,
        }
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(document, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> LinkageModel:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise LinkModelError(f"{path}: berkas model tidak ada") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise LinkModelError(f"{path}: berkas model rusak ({error})") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise LinkModelError(f"{path}: bukan berkas model pemadanan dtks")
        if document.get("schema_version") != SCHEMA_VERSION:
            raise LinkModelError(
                f"{path}: model versi skema {document.get('schema_version')}, "
                f"dtks ini memakai versi {SCHEMA_VERSION}; latih ulang model"
            )
        try:
            model = cls(
                probability_two_random_records_match=float(
                    document["probability_two_random_records_match"]
                ),
                levels=document["comparisons"],
                trained_on_records=int(document["trained_on_records"]),
                created_at=str(document["created_at"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise LinkModelError(f"{path}: isi model tidak lengkap ({error})") from None
        if document.get("model_version") != model.version:
            raise LinkModelError(f"{path}: isi model tidak cocok dengan versinya (diubah?)")
        return model
