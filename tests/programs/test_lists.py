"""Beneficiary lists, downloads, run pages, the difference between runs and the household
section: all within the user's region scope."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from programs_world import AS_OF, CHILD, HEAD, Score, World, member, ranking_make, set_member

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.programs.models import EligibilityDecision, EligibilityRun
from dtks.programs.selectors import run_totals
from dtks.programs.selectors_lists import BeneficiaryFilters, beneficiary_list, run_diff
from dtks.programs.services_runs import eligibility_run
from dtks.registry.models import Household
from shared_constants import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def run(world: World) -> EligibilityRun:
    done = eligibility_run(user=None, as_of=AS_OF)
    assert done.status == "done", done.error
    return done


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_lists_are_scoped(
    world: World, run: EligibilityRun, make_user: Callable[..., User]
) -> None:
    operator_a = make_user(Role.OPERATOR_DESA, VILLAGE_A)
    refs = set(
        beneficiary_list(user=operator_a, run=run, programme="SEMBAKO").values_list(
            "household_ref", flat=True
        )
    )
    assert refs == {world.a1.household_ref, world.a3.household_ref}
    everyone = beneficiary_list(
        user=operator_a, run=run, programme="SEMBAKO", filters=BeneficiaryFilters(decision="semua")
    )
    assert world.b1.household_ref not in set(everyone.values_list("household_ref", flat=True))
    assert everyone.count() == 3  # a1, a2, a3
    # Totals in scope: the village operator counts village A only; pusdatin the stored ones.
    totals = {
        t.programme: (t.units, t.eligible, t.budget) for t in run_totals(user=operator_a, run=run)
    }
    assert totals["PKH"] == (3, 2, 3_000_000)
    assert totals["PBI_JKN"] == (9, 5, 5 * 504_000)
    kota_b = make_user(Role.OPERATOR_DESA, VILLAGE_B)
    assert {t.programme: t.eligible for t in run_totals(user=kota_b, run=run)}["SEMBAKO"] == 0
    partner = make_user(Role.PARTNER)
    assert not beneficiary_list(user=partner, run=run, programme="SEMBAKO").exists()
    assert run_totals(user=partner, run=run)[0].units == 0
    # Filters: search by name, NIK and KK prefix, region, decision.
    dinsos = make_user(Role.DINSOS_KABKOTA, "18.71")
    head = member(world.a3, HEAD)
    for query in ("joko", head.nik, world.a3.families.get().no_kk):
        found = beneficiary_list(
            user=dinsos, run=run, programme="SEMBAKO", filters=BeneficiaryFilters(query=query)
        )
        assert [d.household_ref for d in found] == [world.a3.household_ref], query
    not_eligible = beneficiary_list(
        user=dinsos,
        run=run,
        programme="SEMBAKO",
        filters=BeneficiaryFilters(decision="tidak", region_code="18.71.02"),
    )
    assert [d.household_ref for d in not_eligible] == [world.b1.household_ref]


def test_list_page_and_downloads(
    world: World, run: EligibilityRun, make_user: Callable[..., User], client: Client
) -> None:
    sembako = {"program": "SEMBAKO"}
    everyone = {**sembako, "keputusan": "semua"}
    list_url = reverse("programs:beneficiaries", args=[run.pk]) + "?program=SEMBAKO"
    csv_url = reverse("programs:beneficiaries_csv", args=[run.pk]) + "?program=SEMBAKO"
    xlsx_url = reverse("programs:beneficiaries_xlsx", args=[run.pk]) + "?program=SEMBAKO"
    # A village operator reads the list of the own village on screen, without downloads.
    client.force_login(make_user(Role.OPERATOR_DESA, VILLAGE_A))
    page = client.get(list_url.split("?")[0], everyone).content.decode()
    assert "Budi Santoso" in page
    assert "Joko Duda" in page
    assert "Bambang Kurniawan" not in page
    assert client.get(list_url.split("?")[0], {"program": "BLT"}).status_code == 404
    assert re.search(r"PNS/TNI/Polri[^<:]*: 1 anggota", page)  # why not, a2
    assert "Rp 2.400.000" in page
    assert csv_url not in page
    for url in (csv_url, xlsx_url, reverse("programs:diff_csv", args=[run.pk])):
        assert client.get(url).status_code == 403
    # QA reads the kab/kota's list with NIKs masked, without downloads.
    client.force_login(make_user(Role.QA, "18.71"))
    page = client.get(list_url).content.decode()
    nik = member(world.a1, HEAD).nik
    assert "Budi Santoso" in page
    assert nik not in page
    assert f"{nik[:4]}********{nik[-4:]}" in page
    assert client.get(csv_url).status_code == 403
    assert client.get(xlsx_url).status_code == 403
    # The kab/kota office downloads its region, full NIK, formulas escaped.
    # The list is a snapshot: names as they were at the run (here one a spreadsheet would run).
    EligibilityDecision.objects.filter(run=run, household_ref=world.a1.household_ref).update(
        nama="=HYPERLINK(1) Budi"
    )
    client.force_login(make_user(Role.DINSOS_KABKOTA, "18.71"))
    rows = _csv(client.get(csv_url))
    assert rows[0][:4] == ["Program", "Satuan", "ID satuan", "Nama penerima"]
    by_ref = {row[6]: row for row in rows[1:]}
    assert set(by_ref) == {world.a1.household_ref, world.a3.household_ref}
    a1 = by_ref[world.a1.household_ref]
    assert a1[3] == "'=HYPERLINK(1) Budi"
    assert a1[4] == member(world.a1, HEAD).nik
    assert (a1[8], a1[9]) == ("Ya", "2400000")
    all_rows = _csv(client.get(csv_url.split("?")[0], everyone))
    assert len(all_rows) == 1 + 4  # a1, a2, a3, b1: Kota Metro is outside 18.71
    a2 = next(row for row in all_rows if row[6] == world.a2.household_ref)
    assert a2[8] == "Tidak"
    assert "PNS/TNI/Polri" in a2[11]
    response = client.get(xlsx_url.split("?")[0], everyone)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["SEMBAKO"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 5
    assert "'=HYPERLINK(1) Budi" in [row[3] for row in values]
    assert all(isinstance(row[4], str) and len(row[4]) == 16 for row in values[1:])


def test_run_pages_and_start(
    world: World, run: EligibilityRun, make_user: Callable[..., User], client: Client
) -> None:
    client.force_login(make_user(Role.OPERATOR_DESA, VILLAGE_A))
    detail = client.get(reverse("programs:run_detail", args=[run.pk])).content.decode()
    assert "Rp 4.800.000" in detail  # Sembako in village A: a1 + a3
    assert "Mulai penetapan" not in client.get(reverse("programs:run_list")).content.decode()
    assert client.post(reverse("programs:run_list"), {"engine": "duckdb"}).status_code == 403
    overview = client.get(reverse("programs:programme_list")).content.decode()
    assert "Rp 3.000.000" in overview  # PKH budget in village A
    client.force_login(make_user(Role.PUSDATIN))
    response = client.post(
        reverse("programs:run_list"), {"engine": "duckdb", "as_of": "2026-01-15"}
    )
    queued = EligibilityRun.objects.exclude(pk=run.pk).get()
    assert response.headers["Location"] == reverse("programs:run_detail", args=[queued.pk])
    assert queued.job is not None
    assert queued.job.task_id
    status = client.get(
        reverse("programs:run_detail", args=[queued.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 1s"' in status
    busy = client.post(reverse("programs:run_list"), {"engine": "duckdb"}, follow=True)
    assert f"Penetapan #{queued.pk} masih menunggu" in busy.content.decode()
    assert client.get(reverse("programs:run_detail", args=[9999])).status_code == 404


def test_household_section_explains(
    world: World,
    run: EligibilityRun,
    make_user: Callable[..., User],
    make_household: Callable[..., Household],
    client: Client,
) -> None:
    client.force_login(make_user(Role.DINSOS_KABKOTA, "18.71"))
    page = client.get(reverse("registry:household_detail", args=[world.a1.pk])).content.decode()
    section = page[page.index('id="kelayakan"') :]
    assert f"penetapan kelayakan #{run.pk}" in section
    assert re.search(r"Anak sekolah SMP[^<]* \(Rp 1\.500\.000\)", section)
    assert "Rp 1.500.000" in section
    assert '<li class="ok">Desil 1-4: <span class="muted">desil 2</span></li>' in section
    why_not = client.get(reverse("registry:household_detail", args=[world.b1.pk])).content.decode()
    section = why_not[why_not.index('id="kelayakan"') :]
    assert "tidak layak" in section
    assert '<li>Desil 1-4: <span class="muted">desil 6</span></li>' in section
    assert "layak</span> Rp" not in section
    # A household registered after the run says it was not assessed.
    newcomer = make_household(VILLAGE_A, head_name="Pendatang Baru")
    page = client.get(reverse("registry:household_detail", args=[newcomer.pk])).content.decode()
    assert "belum dinilai pada penetapan kelayakan" in page


def test_diff_between_runs(
    world: World, run: EligibilityRun, make_user: Callable[..., User], client: Client
) -> None:
    # Between the runs: a1 is re-ranked into desil 6, a2's head leaves the civil service and
    # a3's pupil moves up to SMA (PKH 1.5 M -> 2.0 M).
    set_member(world.a2, HEAD, status_pekerjaan=4)
    set_member(world.a3, CHILD, jenjang=7)
    ranking_make(
        {
            world.a1: Score(desil=6, konsumsi=900_000),
            world.a2: Score(desil=3, konsumsi=600_000),
            world.a3: Score(desil=1, konsumsi=400_000),
            world.b1: Score(desil=6, konsumsi=900_000),
            world.metro: Score(desil=1, konsumsi=1_200_000),
        }
    )
    later = eligibility_run(user=None, as_of=AS_OF)
    assert later.status == "done", later.error
    assert later.ranking_id != run.ranking_id
    operator_a = make_user(Role.OPERATOR_DESA, VILLAGE_A)
    diff = run_diff(user=operator_a, run=later, earlier=run, programme="PKH")
    assert [d.household_ref for d in diff.added] == [world.a2.household_ref]
    removed = list(diff.removed)
    assert [d.household_ref for d in removed] == [world.a1.household_ref]
    assert '"detail":"desil 6"' in removed[0].now_reasons
    changed = list(diff.changed)
    assert [(d.household_ref, d.old_amount, d.amount) for d in changed] == [
        (world.a3.household_ref, 1_500_000, 2_000_000)
    ]
    outside = run_diff(
        user=make_user(Role.OPERATOR_DESA, VILLAGE_B), run=later, earlier=run, programme="PKH"
    )
    assert not diff.added.filter(household_ref=world.b1.household_ref).exists()
    assert (outside.added.count(), outside.removed.count(), outside.changed.count()) == (0, 0, 0)
    # The page and its CSV.
    client.force_login(make_user(Role.DINSOS_KABKOTA, "18.71"))
    page = client.get(
        reverse("programs:diff", args=[later.pk]), {"program": "PKH", "dengan": run.pk}
    )
    body = page.content.decode()
    assert "Desil 1-4: desil 6" in body
    assert "Rp 2.000.000" in body
    rows = _csv(client.get(reverse("programs:diff_csv", args=[later.pk]), {"program": "PKH"}))
    kinds = {(row[0], row[4]): row for row in rows[1:]}
    assert set(kinds) == {
        ("ditambah", world.a2.household_ref),
        ("dikeluarkan", world.a1.household_ref),
        ("nilai berubah", world.a3.household_ref),
    }
    removed_row = kinds[("dikeluarkan", world.a1.household_ref)]
    assert (removed_row[6], removed_row[7]) == ("1500000", "0")
    assert removed_row[8] == "Desil 1-4: desil 6"
    first_page = client.get(reverse("programs:diff", args=[run.pk])).content.decode()
    assert "Belum ada penetapan selesai sebelum ini" in first_page
