"""A small ranked register for the programs tests: households made with ``make_household``
(head 1980, spouse 1983, child 2010), adjusted member by member, and a finished PMT ranking
whose scores are written directly (test data; the ranking job is tested in tests/assessment).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from dtks.assessment.models import HouseholdScore, PmtModel, Ranking
from dtks.registry.models import Household, Person
from shared_constants import VILLAGE_A, VILLAGE_B, VILLAGE_METRO

AS_OF = date(2026, 1, 15)
HEAD, SPOUSE, CHILD = 1, 2, 3


@dataclass(frozen=True)
class Score:
    desil: int
    konsumsi: float  # predicted rupiah per person per month


def pmt_model_make() -> PmtModel:
    """A stored, approved OLS model predicting Rp 500,000 for everyone (a valid model file)."""
    import json
    import math

    from dtks.pipeline.pmt import model as pmt
    from dtks.pipeline.pmt.proxies import PROXIES

    file = pmt.PmtModel(
        kind="ols",
        proxies=PROXIES,
        intercept=math.log(500_000),
        means=tuple(0.0 for _ in PROXIES),
        region_effects={},
        coefficients=tuple(0.0 for _ in PROXIES),
    )
    return PmtModel.objects.create(
        version=file.version,
        kind="ols",
        name="model uji",
        document=json.loads(pmt.model_to_json(file)),
        status="approved",
        approved_at=timezone.now(),
    )


def ranking_make(scores: dict[Household, Score], *, model: PmtModel | None = None) -> Ranking:
    """A finished ranking with ``scores`` (percentile = desil x 10 - 5)."""
    ranking = Ranking.objects.create(
        model=model or PmtModel.objects.first() or pmt_model_make(),
        status="done",
        as_of=AS_OF,
        households=len(scores),
        finished_at=timezone.now(),
    )
    HouseholdScore.objects.bulk_create(
        HouseholdScore(
            ranking=ranking,
            household=household,
            welfare=math.log(score.konsumsi),
            konsumsi_prediksi=score.konsumsi,
            persentil=score.desil * 10 - 5,
            desil=score.desil,
        )
        for household, score in scores.items()
    )
    return ranking


def member(household: Household, relation: int) -> Person:
    return household.members.get(hubungan=relation)


def set_member(household: Household, relation: int, **values: Any) -> None:
    Person.objects.filter(household=household, hubungan=relation).update(**values)


@dataclass
class World:
    a1: Household  # village A, desil 2, child in SMP: PKH, Sembako, PBI x3, PIP
    a2: Household  # village A, desil 3, head a civil servant: excluded everywhere
    a3: Household  # village A, desil 1, spouse deceased
    b1: Household  # village B, desil 6: above every threshold
    metro: Household  # Kota Metro, desil 1, spending above Lampung's UMP (no UMK there)
    ranking: Ranking

    @property
    def households(self) -> list[Household]:
        return [self.a1, self.a2, self.a3, self.b1, self.metro]


def world_make(make_household: Callable[..., Household]) -> World:
    a1 = make_household(VILLAGE_A, head_name="Budi Santoso")
    a2 = make_household(VILLAGE_A, head_name="Agus Pegawai")
    a3 = make_household(VILLAGE_A, head_name="Joko Duda")
    b1 = make_household(VILLAGE_B, head_name="Bambang Kurniawan")
    metro = make_household(VILLAGE_METRO, head_name="Sri Mulyani Indrawati")
    Person.objects.update(status_dukcapil="hidup")  # every NIK matched with Dukcapil
    for household in (a1, a2, a3, b1, metro):
        set_member(household, CHILD, partisipasi_sekolah=1, jenjang=4)  # SMP pupil, age 15
    set_member(a2, HEAD, bekerja=1, status_pekerjaan=5)
    # A formal worker's household (BPJS Ketenagakerjaan): the minimum-wage rule applies to it.
    Household.objects.filter(pk=metro.pk).update(ikut_jamsostek=True)
    set_member(a3, SPOUSE, status_dukcapil="meninggal", tanggal_meninggal=date(2025, 6, 1))
    ranking = ranking_make(
        {
            a1: Score(desil=2, konsumsi=500_000),
            a2: Score(desil=3, konsumsi=600_000),
            a3: Score(desil=1, konsumsi=400_000),
            b1: Score(desil=6, konsumsi=900_000),
            metro: Score(desil=1, konsumsi=1_200_000),  # x3 = 3.6 M > UMP 2,893,070
        }
    )
    return World(a1=a1, a2=a2, a3=a3, b1=b1, metro=metro, ranking=ranking)
