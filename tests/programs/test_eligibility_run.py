"""Eligibility runs end to end on a small ranked register: decisions, reasons, totals, the
rule versions used, refusals, and failures that write nothing."""

from __future__ import annotations

import json
from collections.abc import Callable

import pyarrow as pa
import pytest
from django.db import connection as django_connection
from programs_world import AS_OF, CHILD, HEAD, SPOUSE, World, member

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.assessment.models import Ranking
from dtks.audit.models import AuditEvent
from dtks.jobs.models import JobStatus
from dtks.pipeline import dbio
from dtks.programs import eligibility_db
from dtks.programs.models import EligibilityDecision, EligibilityRun, Programme, RuleSet
from dtks.programs.services import ProgrammePermissionError, programmes_seed
from dtks.programs.services_runs import (
    EligibilityRunRefusedError,
    eligibility_run,
    eligibility_run_create,
    eligibility_run_execute,
)
from dtks.registry.bulk_load import django_database_target

pytestmark = pytest.mark.django_db(transaction=True)


def _decision(run: EligibilityRun, programme: str, **where: object) -> EligibilityDecision:
    return EligibilityDecision.objects.get(run=run, programme=programme, **where)


def _reasons(decision: EligibilityDecision) -> dict[str, tuple[bool, str]]:
    return {r["code"]: (r["passed"], r["detail"]) for r in json.loads(decision.reasons)}


def test_run_end_to_end(world: World, pusdatin: User) -> None:
    run = eligibility_run(user=pusdatin, as_of=AS_OF)
    assert run.status == "done", run.error
    assert run.job is not None
    assert run.job.status == JobStatus.SUCCEEDED
    assert run.ranking == world.ranking
    assert sorted(f"{r.programme.code} v{r.version}" for r in run.rule_sets.all()) == [
        "PBI_JKN v1",
        "PIP v1",
        "PKH v1",
        "SEMBAKO v1",
    ]
    # Totals: per programme, units considered, eligible (a1 and a3), budget per year.
    assert run.totals == {
        "PKH": {"units": 5, "eligible": 2, "budget": 3_000_000},
        "SEMBAKO": {"units": 5, "eligible": 2, "budget": 4_800_000},
        "PBI_JKN": {"units": 15, "eligible": 5, "budget": 5 * 504_000},
        "PIP": {"units": 5, "eligible": 2, "budget": 2 * 750_000},
    }
    assert EligibilityDecision.objects.filter(run=run).count() == 30
    # A family unit: the KK, its head as recipient, the component and every rule passed.
    kk = world.a1.families.get().no_kk
    pkh = _decision(run, "PKH", unit_ref=kk)
    head = member(world.a1, HEAD)
    assert (pkh.household_id, pkh.household_ref, pkh.person_id) == (
        world.a1.pk,
        world.a1.household_ref,
        None,
    )
    assert (pkh.nama, pkh.nik, pkh.no_kk, pkh.kode_wilayah) == (
        "Budi Santoso",
        head.nik,
        kk,
        world.a1.village_id,
    )
    assert (pkh.eligible, pkh.amount) == (True, 1_500_000)
    components = json.loads(pkh.components)
    assert [(c["code"], c["count"], c["amount"]) for c in components] == [
        ("anak_smp", 1, 1_500_000)
    ]
    assert "SMP" in components[0]["label"]
    assert all(passed for passed, _ in _reasons(pkh).values())
    # A person unit points at the person.
    child = member(world.a1, CHILD)
    pip = _decision(run, "PIP", person_id=child.pk)
    assert (pip.unit, pip.unit_ref, pip.nama, pip.amount) == (
        "anggota",
        child.person_ref,
        child.nama,
        750_000,
    )
    # Why not: desil, civil servant, deceased, spending above the province's UMP.
    assert _reasons(_decision(run, "SEMBAKO", household_id=world.b1.pk))["desil"] == (
        False,
        "desil 6",
    )
    assert _reasons(_decision(run, "PKH", household_id=world.a2.pk))["pns_tni_polri"][0] is False
    spouse = member(world.a3, SPOUSE)
    dead = _decision(run, "PBI_JKN", person_id=spouse.pk)
    assert (dead.eligible, dead.amount) == (False, 0)
    assert _reasons(dead)["meninggal"] == (False, "status_dukcapil meninggal")
    metro = _reasons(_decision(run, "SEMBAKO", household_id=world.metro.pk))["di_atas_umr"]
    assert metro == (False, "ikut_jamsostek ya, pengeluaran_rumah_tangga 3600000, umr 2893070")
    assert AuditEvent.objects.filter(
        action="program.penetapan_selesai", object_id=str(run.pk)
    ).exists()


def test_new_rule_version_is_used_by_the_next_run(world: World, pusdatin: User) -> None:
    from dtks.programs.services import rule_set_create

    first = eligibility_run(user=pusdatin, as_of=AS_OF)
    sembako = Programme.objects.get(code="SEMBAKO")
    document = dict(RuleSet.objects.get(programme=sembako).document)
    document["amount_monthly"] = 250_000
    v2 = rule_set_create(programme=sembako, document_text=json.dumps(document), user=pusdatin)
    second = eligibility_run(user=pusdatin, as_of=AS_OF)
    assert v2 in second.rule_sets.all()
    assert v2 not in first.rule_sets.all()
    assert second.totals["SEMBAKO"]["budget"] == 2 * 3_000_000
    assert first.totals["SEMBAKO"]["budget"] == 2 * 2_400_000  # a past run never changes


def test_refusals(world: World, make_user: Callable[..., User], pusdatin: User) -> None:
    with pytest.raises(ProgrammePermissionError):
        eligibility_run_create(user=make_user(Role.DINSOS_KABKOTA, "18.71"))
    with pytest.raises(EligibilityRunRefusedError, match="Mesin 'hadoop' tidak dikenal"):
        eligibility_run_create(user=pusdatin, engine="hadoop")
    pending = eligibility_run_create(user=pusdatin, as_of=AS_OF)
    with pytest.raises(EligibilityRunRefusedError, match=f"Penetapan #{pending.pk} masih menunggu"):
        eligibility_run_create(user=pusdatin)
    assert Programme.objects.count() == 4  # seeded by the first run
    done = eligibility_run_execute(run_id=pending.pk)
    assert done.status == "done"
    again = eligibility_run_execute(run_id=pending.pk)  # delivered twice: nothing more
    assert EligibilityDecision.objects.filter(run=again).count() == 30
    Ranking.objects.update(status="failed")
    with pytest.raises(EligibilityRunRefusedError, match="Belum ada peringkat PMT"):
        eligibility_run_create(user=pusdatin)


def test_rule_that_no_longer_applies_fails_the_run_writing_nothing(world: World) -> None:
    programmes_seed()
    pkh = Programme.objects.get(code="PKH")
    broken = dict(RuleSet.objects.get(programme=pkh).document)
    broken["desil_max"] = 11  # stored around the service (e.g. an older catalogue)
    RuleSet.objects.create(programme=pkh, version=2, document=broken)
    run = eligibility_run(user=None, as_of=AS_OF)
    assert run.status == "failed"
    assert "Aturan PKH versi 2 tidak berlaku lagi" in run.error
    assert "desil_max" in run.error
    assert run.job is not None
    assert run.job.status == JobStatus.FAILED
    assert not EligibilityDecision.objects.exists()
    assert run.totals == {}


def test_ranking_without_register_households_fails(world: World) -> None:
    Ranking.objects.all().delete()
    from programs_world import ranking_make

    ranking_make({})
    run = eligibility_run(user=None, as_of=AS_OF)
    assert run.status == "failed"
    assert "tidak berisi rumah tangga registri" in run.error


def test_write_is_all_or_nothing(world: World) -> None:
    """A row the database refuses (no region code) aborts the whole write: no decision and
    the run is not marked done."""
    run = eligibility_run_create(user=None, as_of=AS_OF)
    row = {name: [None] for name in eligibility_db.DECISION_COLUMNS}
    good = {
        **row,
        "run_id": [run.pk],
        "programme": ["PKH"],
        "unit": ["keluarga"],
        "unit_ref": ["X"],
        "household_id": [world.a1.pk],
        "household_ref": ["X"],
        "person_ref": [""],
        "kode_wilayah": [world.a1.village_id],
        "nama": [""],
        "nik": [""],
        "no_kk": [""],
        "eligible": [True],
        "amount": [1],
        "components": ["[]"],
        "reasons": ["[]"],
    }
    bad = {**good, "kode_wilayah": [None]}
    schema = {
        "run_id": pa.int64(),
        "household_id": pa.int64(),
        "person_id": pa.int64(),
        "eligible": pa.bool_(),
        "amount": pa.int64(),
        "welfare": pa.float64(),
    }
    table = pa.concat_tables(
        [
            pa.table({k: pa.array(v, schema.get(k, pa.string())) for k, v in rows.items()})
            for rows in (good, bad)
        ]
    )
    target = django_database_target()
    django_connection.close()
    connection = dbio.connect(target)
    try:
        with pytest.raises(Exception, match=r"(?i)null|constraint"):
            eligibility_db.decisions_write(
                connection,
                vendor=target.vendor,
                run_id=run.pk,
                rows=table,
                totals={"PKH": {"units": 2, "eligible": 2, "budget": 2}},
                finished_at=run.created_at,
            )
    finally:
        connection.close()
    run.refresh_from_db()
    assert run.status == "pending"
    assert run.totals == {}
    assert not EligibilityDecision.objects.exists()
