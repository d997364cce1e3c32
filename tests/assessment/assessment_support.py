"""A small synth world for the assessment tests: its truth register files and PMT models
fitted on its consumption survey (OLS and boosted trees), as model-file text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dtks.pipeline.pmt.fit import fit_survey
from dtks.pipeline.pmt.model import model_to_json
from dtks.synth import generate

AS_OF = date(2024, 6, 30)  # the synth world's reference date
HOUSEHOLDS = 120


@dataclass(frozen=True)
class PmtWorld:
    root: Path
    ols_text: str
    gbm_text: str

    @property
    def truth_files(self) -> list[Path]:
        truth = self.root / "truth"
        return [truth / "persons.csv", truth / "members.csv", truth / "households.csv"]

    def model_file(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path


def make_world(root: Path) -> PmtWorld:
    generate(region="18.71", households=HOUSEHOLDS, seed=11, out_dir=root)
    ols = fit_survey(root / "survey", as_of=AS_OF, learner="ols").model
    gbm = fit_survey(root / "survey", as_of=AS_OF, learner="gbm").model
    return PmtWorld(root=root, ols_text=model_to_json(ols), gbm_text=model_to_json(gbm))


def edited(text: str, change: Any) -> str:
    """The model file ``text`` with ``change(document)`` applied (its version left as it was)."""
    document = json.loads(text)
    change(document)
    return json.dumps(document)
