"""End to end in a real headless Chromium: the household page explains its desil (the PMT
contributions) and its eligibility, programme by programme ("why not me?"); a ranking started
from its page runs in a real ``db_worker`` process and its page follows it to "Selesai".

Saves ``household_pmt.png`` into ``$DTKS_SCREENSHOT_DIR`` (default: the test's tmp dir). Needs
Debian's ``/usr/bin/chromium``: skipped without it, failed without it when ``CI`` is set.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from browser_session import logged_in_page
from dtks.assessment.models import PmtModel, Ranking, RankingStatus
from dtks.assessment.services_ranking import ranking_run
from dtks.programs.services import minimum_wages_seed
from dtks.programs.services_runs import eligibility_run
from dtks.registry.models import Household, Person
from shared_constants import VILLAGE_A

pytestmark = pytest.mark.browser

AS_OF = date(2026, 1, 15)


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DTKS_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _well_off(household: Household) -> None:
    """A big, well-equipped house and a working, schooled head: a high desil."""
    Household.objects.filter(pk=household.pk).update(
        luas_lantai=240.0, jumlah_kamar=6, daya=5, sta_bangunan=1, bb_masak=2, fasbab=1,
        kloset=1, sumber_airminum=3, aset_mobil=True, aset_lemari_es=True, aset_ac=True,
        aset_komputer=True, aset_televisi=True, aset_sepeda_motor=True, aset_smartphone=True,
        aset_pemanas_air=True, aset_emas=True, aset_lahan=True,
    )  # fmt: skip
    members = Person.objects.filter(household=household)
    members.filter(hubungan=1).update(ijazah=6, bekerja=1, status_pekerjaan=4)
    members.filter(hubungan=2).update(ijazah=5, bekerja=1, status_pekerjaan=4)


def _matched_with_pupil(household: Household) -> None:
    """Every NIK matched with Dukcapil; the child (15 on ``AS_OF``) at SMP."""
    members = Person.objects.filter(household=household)
    members.update(status_dukcapil="hidup")
    members.filter(hubungan=3).update(partisipasi_sekolah=1, jenjang=4)


def test_household_page_explains_desil_and_eligibility(
    live_server: Any,
    make_household: Callable[..., Household],
    approved_model: PmtModel,
    screenshot_dir: Path,
) -> None:
    # Everything the database needs happens before Playwright starts its event loop: a query
    # inside it opens a connection nobody closes (PostgreSQL then keeps the test database).
    poor = make_household(VILLAGE_A, head_name="Sri Wahyuni")
    well_off = make_household(VILLAGE_A, head_name="Hendra Gunawan")
    for household in (poor, well_off):
        _matched_with_pupil(household)
    _well_off(well_off)
    ranking = ranking_run(model=approved_model, user=None, as_of=AS_OF)
    assert ranking.status == RankingStatus.DONE, ranking.error
    score = ranking.scores.get(household=well_off)
    poor_score = ranking.scores.get(household=poor)
    assert poor_score.desil <= 4, "the poor household must rank within the DTKS desil"
    assert score.desil > 4, "the well-off household must rank above the DTKS desil"
    minimum_wages_seed()  # a transactional test before this one may have flushed them
    run = eligibility_run(user=None, as_of=AS_OF)
    assert run.status == "done", run.error

    with logged_in_page(live_server.url, "pusdatin") as page:
        page.goto(live_server.url + reverse("registry:household_detail", args=[well_off.pk]))
        pmt = page.locator("#pmt")
        persentil = pmt.locator("dt:text-is('Persentil nasional') + dd")
        assert persentil.inner_text() == str(score.persentil)
        assert pmt.locator("dd strong").inner_text() == str(score.desil)
        assert "di luar desil 1-4 DTKS" in pmt.locator("dl.pairs").inner_text()
        rows = pmt.locator("table.pmt-contributions tbody tr")
        assert rows.count() == len(approved_model.document["proxies"])
        assert rows.first.is_visible()
        labels = rows.locator("th").all_text_contents()
        assert "Luas lantai per orang (log)" in labels
        assert "Punya mobil" in labels
        # The largest contribution first; the well-off house pushes the estimate up.
        assert rows.first.locator(".weight-plus").inner_text().startswith("+")
        assert "berubah sejak pemeringkatan" not in pmt.inner_text()

        # Every programme with its decision and its reasons: here "why not me".
        eligibility = page.locator("#kelayakan")
        assert f"penetapan kelayakan #{run.pk}" in eligibility.inner_text()
        codes = eligibility.locator("h3").all_inner_texts()
        assert codes == ["PBI_JKN", "PIP", "PKH", "SEMBAKO"]
        for code in ("PKH", "SEMBAKO"):
            entry = eligibility.locator(f"h3:text-is('{code}') + div.entry")
            assert "tidak layak" in entry.inner_text()
            failed = entry.locator("ul.check li:not(.ok)")
            passed = entry.locator("ul.check li.ok")
            assert failed.count() >= 1
            assert passed.count() >= 1
            assert f"desil {score.desil}" in failed.first.inner_text().lower()
        page.screenshot(path=str(screenshot_dir / "household_pmt.png"), full_page=True)

        # The poor household: desil within DTKS, and Sembako granted.
        page.goto(live_server.url + reverse("registry:household_detail", args=[poor.pk]))
        assert page.locator("#pmt dd strong").inner_text() == str(poor_score.desil)
        assert page.locator("#pmt .badge").inner_text() == "DTKS: desil 1-4"
        sembako = page.locator("#kelayakan h3:text-is('SEMBAKO') + div.entry")
        assert sembako.locator(".status").inner_text() == "layak"
        assert "Rp 2.400.000 per tahun" in sembako.inner_text()
        assert sembako.locator("ul.check li:not(.ok)").count() == 0
    assert (screenshot_dir / "household_pmt.png").stat().st_size > 30_000


def test_start_a_ranking_and_follow_it(
    live_server: Any,
    worker: subprocess.Popen[bytes],
    make_household: Callable[..., Household],
    approved_model: PmtModel,
) -> None:
    for name in ("Sri Wahyuni", "Hendra Gunawan", "Joko Susanto"):
        make_household(VILLAGE_A, head_name=name)

    with logged_in_page(live_server.url, "pusdatin", timeout_ms=20_000) as page:
        page.click("nav a:has-text('Penilaian')")
        page.wait_for_url("**/penilaian/")
        page.click("main a.button:text-is('Pemeringkatan')")
        page.wait_for_url("**/penilaian/peringkat/")
        page.select_option("#id_model", str(approved_model.pk))
        page.select_option("#id_engine", "duckdb")
        page.fill("#id_as_of", AS_OF.isoformat())
        page.click("main form button[type=submit]")
        page.wait_for_url("**/penilaian/peringkat/*/")
        # The page polls (htmx) until the worker process has finished the job.
        page.wait_for_function(
            "document.querySelector('#status h2').innerText.includes('Selesai')",
            timeout=90_000,
        )
        status = page.inner_text("#status")
        assert "3 rumah tangga dinilai" in status
        assert "berlaku" in status
        assert "Sebaran desil di wilayah Anda" in status
    assert worker.poll() is None, (worker.stderr.read() if worker.stderr else b"").decode()
    ranking = Ranking.objects.get()
    assert ranking.status == RankingStatus.DONE
    assert ranking.scores.count() == 3
    assert ranking.created_by is not None
    assert ranking.created_by.username == "pusdatin"
