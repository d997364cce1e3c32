"""The link run end to end on a small synthetic district: real imports, real linkage, the
golden register with its lineage, households per family card, the report; stable on re-run."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from dtks.identity.models import LinkRun, PersonLineage
from dtks.identity.services_linkage import LinkRunRefusedError, link_run, link_run_create
from dtks.intake.imports import import_batch_create, import_batch_run
from dtks.intake.models import SourcePerson
from dtks.jobs.models import JobStatus
from dtks.registry.models import Household, Person
from dtks.synth import generate

pytestmark = pytest.mark.django_db(transaction=True)

IMPORTS = (
    ("DUKCAPIL", ("civil_registry/persons.csv",)),
    (
        "DTKS",
        ("sources/dtks_persons.csv", "sources/dtks_members.csv", "sources/dtks_households.csv"),
    ),
    ("PKH", ("sources/pkh_persons.csv",)),
    ("BPNT", ("sources/bpnt_persons.csv",)),
    ("BST", ("sources/bst_persons.csv",)),
)


@pytest.fixture(scope="module")
def small_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth-link")
    generate(region="18.71", households=150, seed=5, out_dir=out)
    return out


@pytest.fixture
def imported(regions: None, small_synth: Path, settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    for source, files in IMPORTS:
        created = import_batch_create(
            source=source, paths=[small_synth / f for f in files], created_by=None
        )
        batch = import_batch_run(batch_id=created.batch.pk)
        assert batch.job.status == JobStatus.SUCCEEDED, (source, batch.error_message)
    return small_synth


def _truth(synth: Path) -> dict[str, str]:
    with (synth / "ground_truth" / "links.csv").open(encoding="utf-8", newline="") as handle:
        return {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}


def test_link_run_builds_the_golden_register(imported: Path) -> None:
    steps: list[str] = []
    run = link_run(user=None, progress=lambda step, done, total: steps.append(step))
    assert run.job is not None
    assert run.job.status == JobStatus.SUCCEEDED, run.job.error
    assert run.finished_at is not None
    assert run.model_version
    assert "menulis registri" in steps

    # Every programme record is attached to exactly one register person (OneToOne lineage);
    # civil-registry records only where a programme knows the person too.
    programme = SourcePerson.objects.exclude(source="DUKCAPIL")
    attached = set(PersonLineage.objects.values_list("source_person_id", flat=True))
    assert set(programme.values_list("pk", flat=True)) <= attached
    assert PersonLineage.objects.count() == len(attached)
    assert Person.objects.filter(lineage__isnull=True).count() == 0
    assert Person.objects.exclude(link_run=run).count() == 0

    # Duplicates of one true person mostly land on one register person.
    truth = _truth(imported)
    record_key = dict(SourcePerson.objects.values_list("pk", "record_id"))
    person_of = dict(PersonLineage.objects.values_list("source_person_id", "person_id"))
    by_true_person: dict[str, set[int]] = {}
    for source_pk, person_pk in person_of.items():
        by_true_person.setdefault(truth[record_key[source_pk]], set()).add(person_pk)
    several_records = Counter(truth[record_key[pk]] for pk in person_of)
    duplicated = [p for p, n in several_records.items() if n > 1]
    together = sum(1 for p in duplicated if len(by_true_person[p]) == 1)
    assert len(duplicated) > 100
    assert together / len(duplicated) > 0.9

    # Households per family card, exactly one head each, families in one household.
    assert Household.objects.count() == run.report["households"]["households"]
    heads = Household.objects.annotate(heads=Count("members", filter=Q(members__hubungan=1)))
    assert set(heads.values_list("heads", flat=True)) == {1}
    misplaced = Person.objects.filter(family__isnull=False).exclude(
        household_id=F("family__household_id")
    )
    assert not misplaced.exists()

    report = run.report
    assert report["persons"]["register"] == Person.objects.count()
    assert report["records"]["total"] == SourcePerson.objects.count()
    assert report["records"]["attached"] == len(attached)
    assert report["persons"]["records_merged"] > 0
    assert report["civil_registry"]["hidup"] > 0
    assert report["changes"]["new"] == report["persons"]["register"] + report["persons"]["unplaced"]
    deceased = Person.objects.filter(status_dukcapil="meninggal")
    assert deceased.count() == report["civil_registry"]["meninggal"]
    assert all(p.tanggal_meninggal for p in deceased)


def test_second_run_keeps_person_refs_and_ids(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = link_run(user=None)
    assert first.job is not None
    assert first.job.status == JobStatus.SUCCEEDED, first.job.error
    before = dict(Person.objects.values_list("person_ref", "pk"))
    households_before = dict(Household.objects.values_list("household_ref", "pk"))
    call_command("identitas", "link", "--engine", "duckdb")  # the CLI, inline with progress
    second = LinkRun.objects.order_by("-pk").first()
    assert second is not None
    assert second.pk != first.pk
    assert second.job is not None
    assert second.job.status == JobStatus.SUCCEEDED, second.job.error
    assert "Proses identitas #" in capsys.readouterr().out
    after = dict(Person.objects.values_list("person_ref", "pk"))
    assert after == before  # same clusters: same refs, same ids
    assert dict(Household.objects.values_list("household_ref", "pk")) == households_before
    changes = second.report["changes"]
    assert changes["new"] == changes["merged"] == changes["split"] == changes["retired"] == 0
    assert changes["kept"] == len(before) + second.report["persons"]["unplaced"]
    assert set(PersonLineage.objects.values_list("link_run_id", flat=True)) == {second.pk}


def test_nothing_imported_fails_cleanly(regions: None, make_household: Any) -> None:
    household = make_household()
    run = link_run(user=None)
    assert run.job is not None
    assert run.job.status == JobStatus.FAILED
    assert "Belum ada rekaman sumber" in run.job.error
    assert run.finished_at is None
    assert Household.objects.filter(pk=household.pk).exists()  # the register is untouched


def test_bad_requests_are_refused(regions: None, tmp_path: Path) -> None:
    with pytest.raises(LinkRunRefusedError, match="Mesin"):
        link_run_create(user=None, engine="excel")
    with pytest.raises(LinkRunRefusedError, match="tidak ditemukan"):
        link_run_create(user=None, model_path=tmp_path / "none.json")
    with pytest.raises(CommandError, match="thresholds"):
        call_command("identitas", "link", "--accept", "0.4", "--review", "0.6")
    assert not LinkRun.objects.exists()
