"""The person page (golden values, where each came from, the source records) within the
user's region, and the link-run pages for national identity work only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.identity.models import LinkRun, PersonLineage
from dtks.intake.models import ImportBatch, SourcePerson
from dtks.jobs.models import Job, JobStatus
from dtks.registry.models import Household, Person
from shared_constants import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db


def _batch(source: str, n: int) -> ImportBatch:
    job = Job.objects.create(kind="import", status=JobStatus.SUCCEEDED)
    return ImportBatch.objects.create(
        source=source, content_sha256=f"{n:064d}", stored_dir="/tmp", job=job
    )


@pytest.fixture
def lineage_world(make_household: Callable[..., Household]) -> dict[str, Any]:
    """A household in A and one in B, each head made of a civil-registry and a PKH record."""
    run = LinkRun.objects.create(
        job=Job.objects.create(kind="link_run", status=JobStatus.SUCCEEDED),
        report={"persons": {"register": 6}, "households": {"households": 2}},
    )
    civil, pkh = _batch("DUKCAPIL", 1), _batch("PKH", 2)
    world: dict[str, Any] = {"run": run}
    for key, village in (("a", VILLAGE_A), ("b", VILLAGE_B)):
        household = make_household(village, head_name=f"Kepala {key.upper()} Emas")
        head = household.members.get(hubungan=1)
        records = []
        for batch, name, n in ((civil, head.nama, 1), (pkh, head.nama.upper(), 2)):
            records.append(
                SourcePerson.objects.create(
                    batch=batch,
                    source=batch.source,
                    record_id=f"{batch.source}-{key}-{n}",
                    row_number=n,
                    nik=head.nik,
                    nik_asli=head.nik if n == 1 else "1.87101E+15",
                    nama=name,
                    jenis_kelamin=head.jenis_kelamin,
                    tanggal_lahir=head.tanggal_lahir,
                    village_id=village,
                    status_dukcapil="hidup" if n == 1 else None,
                )
            )
        PersonLineage.objects.create(
            person=head, source_person=records[0], link_run=run, fields="nik,nama,tanggal_lahir"
        )
        PersonLineage.objects.create(
            person=head,
            source_person=records[1],
            link_run=run,
            match_probability=0.998,
            fields="hubungan",
        )
        Person.objects.filter(pk=head.pk).update(link_run=run, status_dukcapil="hidup")
        world[key] = head
    return world


def test_person_page_shows_golden_values_and_their_records(
    lineage_world: dict[str, Any], make_user: Callable[..., User], client: Client
) -> None:
    head = lineage_world["a"]
    client.force_login(make_user(Role.DINSOS_KABKOTA, "18.71"))
    response = client.get(reverse("linkage:person_detail", args=[head.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert head.nama in body
    assert head.person_ref in body
    assert "DUKCAPIL-a-1" in body
    assert "PKH-a-2" in body
    assert head.nama.upper() in body  # the values as received
    assert "1.87101E+15" in body  # the NIK as received before repair
    assert "0,998" in body or "0.998" in body  # the probability that attached it
    values = {v.field: v for v in response.context["values"]}
    assert values["nama"].source.source_person.record_id == "DUKCAPIL-a-1"
    assert values["hubungan"].source.source_person.record_id == "PKH-a-2"
    assert values["tempat_lahir"].source is None
    assert values["status_dukcapil"].value == "Hidup"
    # The household page links each member to this page.
    household = client.get(reverse("registry:household_detail", args=[head.household_id]))
    assert reverse("linkage:person_detail", args=[head.pk]) in household.content.decode()


def test_person_page_is_scoped_by_region(
    lineage_world: dict[str, Any], make_user: Callable[..., User], client: Client
) -> None:
    client.force_login(make_user(Role.OPERATOR_DESA, VILLAGE_A))
    own = client.get(reverse("linkage:person_detail", args=[lineage_world["a"].pk]))
    assert own.status_code == 200
    assert lineage_world["a"].nik in own.content.decode()  # operators see full NIKs
    other = client.get(reverse("linkage:person_detail", args=[lineage_world["b"].pk]))
    assert other.status_code == 404
    assert lineage_world["b"].nama.encode() not in other.content
    assert client.get(reverse("linkage:person_detail", args=[999_999])).status_code == 404


def test_person_page_masks_nik_for_other_readers(
    lineage_world: dict[str, Any], make_user: Callable[..., User], client: Client
) -> None:
    client.force_login(make_user(Role.QA, "18.71"))
    body = client.get(reverse("linkage:person_detail", args=[lineage_world["a"].pk])).content
    assert lineage_world["a"].nik.encode() not in body
    client.force_login(make_user(Role.PARTNER))
    response = client.get(reverse("linkage:person_detail", args=[lineage_world["a"].pk]))
    assert response.status_code == 403


def test_run_pages_for_national_identity_work_only(
    lineage_world: dict[str, Any], make_user: Callable[..., User], client: Client
) -> None:
    run = lineage_world["run"]
    for role, region in ((Role.OPERATOR_DESA, VILLAGE_A), (Role.DINSOS_KABKOTA, "18.71")):
        client.force_login(make_user(role, region))
        assert client.get(reverse("linkage:run_list")).status_code == 403
        assert client.get(reverse("linkage:run_detail", args=[run.pk])).status_code == 403
        assert client.post(reverse("linkage:run_list")).status_code == 403
    client.force_login(make_user(Role.PUSDATIN))
    listing = client.get(reverse("linkage:run_list"))
    assert listing.status_code == 200
    assert reverse("linkage:run_detail", args=[run.pk]) in listing.content.decode()
    detail = client.get(reverse("linkage:run_detail", args=[run.pk]))
    assert detail.status_code == 200
    assert b"hx-get" not in detail.content  # finished: no polling
    assert client.get(reverse("linkage:run_detail", args=[run.pk + 1])).status_code == 404
    assert "Proses identitas" in client.get(reverse("dashboard:home")).content.decode()


def test_starting_a_run_from_the_web_queues_it(
    make_user: Callable[..., User], client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(make_user(Role.PUSDATIN))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("linkage:run_list"))
    run = LinkRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("linkage:run_detail", args=[run.pk])
    assert run.job is not None
    assert run.job.status == JobStatus.QUEUED
    assert run.job.task_id
    page = client.get(response["Location"])
    assert b"hx-get" in page.content  # still queued: the page polls
    # One run at a time: each replaces the whole register.
    again = client.post(reverse("linkage:run_list"), follow=True)
    assert LinkRun.objects.count() == 1
    assert f"#{run.pk} masih menunggu" in again.content.decode()
