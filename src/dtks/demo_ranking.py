"""The demo's PMT ranking and programme lists, after the register is built (``dtks demo``).

Fit a PMT model on the synthetic survey, store it and approve it as the demo's Pusdatin user,
rank every household of the register into persentil and desil, then decide eligibility for
the four default programmes. A re-run adds nothing when the register has not changed since
the last ranking and eligibility run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dtks.accounts.models import User
from dtks.assessment.models import PmtModel, Ranking, RankingStatus
from dtks.assessment.selectors import current_ranking
from dtks.assessment.services_models import pmt_model_approve, pmt_model_store
from dtks.assessment.services_ranking import ranking_run
from dtks.identity.models import LinkRun
from dtks.pipeline.pmt.fit import fit_survey
from dtks.pipeline.pmt.model import model_to_json
from dtks.programs.models import EligibilityRun, RunStatus
from dtks.programs.services import programmes_seed
from dtks.programs.services_runs import eligibility_run

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoRanking:
    model: PmtModel
    ranking: Ranking
    eligibility: EligibilityRun


def demo_rank_and_decide(*, synth_dir: Path, approver: User, say: Say) -> DemoRanking:
    manifest = json.loads((synth_dir / "manifest.json").read_text(encoding="utf-8"))
    as_of = date.fromisoformat(manifest["reference_date"])
    model = _approved_model(synth_dir=synth_dir, as_of=as_of, approver=approver, say=say)
    ranking = current_ranking()
    if ranking is None or ranking.model_id != model.pk or _register_changed_since(ranking):
        say("Pemeringkatan PMT: skor, persentil dan desil setiap rumah tangga")
        ranking = ranking_run(model=model, user=None, as_of=as_of)
        if ranking.status != RankingStatus.DONE:
            raise RuntimeError(f"pemeringkatan demo #{ranking.pk} gagal: {ranking.error}")
    programmes_seed()
    run = (
        EligibilityRun.objects.filter(ranking=ranking, status=RunStatus.DONE)
        .order_by("-pk")
        .first()
    )
    if run is None:
        say("Penetapan kelayakan: PKH, Sembako, PBI-JKN, PIP")
        run = eligibility_run(user=None, as_of=as_of)
        if run.status != RunStatus.DONE:
            raise RuntimeError(f"penetapan kelayakan demo #{run.pk} gagal: {run.error}")
    return DemoRanking(model=model, ranking=ranking, eligibility=run)


DEMO_MODEL_NAME = "PMT demo Kota Bandar Lampung (OLS)"


def _approved_model(*, synth_dir: Path, as_of: date, approver: User, say: Say) -> PmtModel:
    """The demo's approved model: fitted once; a re-run (even on another day, which would give
    the refitted file another version) keeps using it."""
    earlier = (
        PmtModel.objects.filter(name=DEMO_MODEL_NAME, status="approved").order_by("-pk").first()
    )
    if earlier is not None:
        return earlier
    say("Menaksir model PMT dari survei sintetis (OLS, dibandingkan dengan gradient boosting)")
    fitted = fit_survey(synth_dir / "survey", as_of=as_of, learner="ols")
    model = pmt_model_store(
        document_text=model_to_json(fitted.model),
        name=DEMO_MODEL_NAME,
        user=None,
    )
    if model.status != "approved":
        model = pmt_model_approve(model=model, user=approver)
    return model


def _register_changed_since(ranking: Ranking) -> bool:
    latest = LinkRun.objects.filter(finished_at__isnull=False).order_by("-pk").first()
    return (
        latest is not None
        and latest.finished_at is not None
        and (latest.finished_at > ranking.created_at)
    )
