"""End to end in a real headless Chromium: pusdatin starts an eligibility run that a real
``db_worker`` process carries out, searches a beneficiary list and downloads it; edits a
programme's rules (a wrong field refused, a valid change a new version); a village operator
reads the own village's list only and may not download it.

Saves ``beneficiary_list.png`` and ``programme_rules.png`` into ``$DTKS_SCREENSHOT_DIR``
(default: the test's tmp dir). Needs Debian's ``/usr/bin/chromium``: skipped without it,
failed without it when ``CI`` is set.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from programs_world import AS_OF, HEAD, World, member

from browser_session import logged_in_page
from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.programs.models import EligibilityRun, RuleSet
from dtks.programs.services import programmes_seed
from dtks.programs.services_runs import eligibility_run
from shared_constants import VILLAGE_A

pytestmark = pytest.mark.browser


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DTKS_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def done_run(world: World) -> EligibilityRun:
    run = eligibility_run(user=None, as_of=AS_OF)
    assert run.status == "done", run.error
    return run


def test_start_a_run_search_and_download(
    live_server: Any,
    worker: subprocess.Popen[bytes],
    world: World,
    make_user: Callable[..., User],
    screenshot_dir: Path,
    tmp_path: Path,
) -> None:
    make_user(Role.PUSDATIN, username="pusdatin")
    joko = member(world.a3, HEAD)
    kk = world.a3.families.get().no_kk

    with logged_in_page(live_server.url, "pusdatin", timeout_ms=20_000) as page:
        page.click("nav a:text-is('Program')")
        page.wait_for_url("**/program/")
        page.click("main .note a:text-is('Penetapan kelayakan')")
        page.wait_for_url("**/program/penetapan-kelayakan/")
        page.select_option("#id_engine", "duckdb")
        page.fill("#id_as_of", AS_OF.isoformat())
        page.click("button:text-is('Mulai penetapan')")
        page.wait_for_url("**/program/penetapan-kelayakan/*/")
        # The page polls (htmx) until the worker process has finished the job.
        page.wait_for_function(
            "document.querySelector('#status h2').innerText.includes('Selesai')",
            timeout=90_000,
        )
        totals = page.locator("#status table.data")
        sembako = totals.locator("tr", has_text="SEMBAKO")
        assert sembako.locator("td").nth(2).inner_text() == "2"  # a1 and a3
        assert "Rp 4.800.000" in sembako.inner_text()

        sembako.locator("a:text-is('Penerima')").click()
        page.wait_for_url("**/penerima/?program=SEMBAKO")
        assert page.locator("table.households tbody tr").count() == 2
        assert page.locator(".results-head .count").inner_text() == "2 satuan"
        page.fill("#id_q", "joko")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**q=joko**")
        rows = page.locator("table.households tbody tr")
        assert rows.count() == 1
        assert "Joko Duda" in rows.first.inner_text()
        assert joko.nik in rows.first.inner_text()  # pusdatin sees full NIKs
        assert "Rp 2.400.000" in rows.first.inner_text()
        page.screenshot(path=str(screenshot_dir / "beneficiary_list.png"), full_page=True)

        with page.expect_download() as download:
            page.click(".exports a:text-is('CSV')")
        assert download.value.suggested_filename.startswith("dtks-penerima-sembako-penetapan-")
        saved = tmp_path / "penerima.csv"
        download.value.save_as(saved)
    assert worker.poll() is None, (worker.stderr.read() if worker.stderr else b"").decode()

    table = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert table[0] == [
        "Program", "Satuan", "ID satuan", "Nama penerima", "NIK", "Nomor KK", "ID rumah tangga",
        "Kode desa/kelurahan", "Layak", "Nilai per tahun (Rp)", "Komponen", "Alasan tidak layak",
    ]  # fmt: skip
    assert table[1:] == [
        [
            "SEMBAKO", "keluarga", kk, "Joko Duda", joko.nik, kk, world.a3.household_ref,
            VILLAGE_A, "Ya", "2400000", "", "",
        ]
    ]  # fmt: skip
    run = EligibilityRun.objects.get()
    assert run.status == "done"
    assert run.created_by is not None
    assert run.created_by.username == "pusdatin"


def test_edit_rules_refused_then_saved(
    live_server: Any, make_user: Callable[..., User], regions: None, screenshot_dir: Path
) -> None:
    make_user(Role.PUSDATIN, username="pusdatin")
    programmes_seed()

    with logged_in_page(live_server.url, "pusdatin") as page:
        page.click("nav a:text-is('Program')")
        page.click("main table a:has-text('SEMBAKO')")
        page.wait_for_url("**/program/SEMBAKO/")
        document = json.loads(page.input_value("#id_document"))
        assert document["amount_monthly"] == 200_000

        # A misspelled field: refused, naming the rule and the field; nothing stored.
        wrong = json.loads(json.dumps(document))
        wrong["exclusions"][0]["when"][0]["field"] = "jumlah_anggotaa"
        page.fill("#id_document", json.dumps(wrong, indent=2))
        page.fill("#id_note", "salah ketik")
        page.click("button:text-is('Simpan sebagai versi baru')")
        error = page.locator(".msg.error[role=alert]")
        assert "aturan \"meninggal\": field 'jumlah_anggotaa' tidak dikenal" in error.inner_text()
        assert page.locator("section.card table.data tbody tr").count() == 1  # v1 only
        assert "jumlah_anggotaa" in page.input_value("#id_document")  # the text is kept
        page.screenshot(path=str(screenshot_dir / "programme_rules.png"), full_page=True)

        # A valid change: version 2, active, listed first.
        document["amount_monthly"] = 225_000
        page.fill("#id_document", json.dumps(document, indent=2))
        page.fill("#id_note", "besaran 2026")
        page.click("button:text-is('Simpan sebagai versi baru')")
        page.wait_for_url("**/program/SEMBAKO/")
        assert "Aturan SEMBAKO versi 2 disimpan dan aktif." in page.inner_text(".messages")
        versions = page.locator("section.card table.data tbody tr")
        assert versions.count() == 2
        newest = versions.first.inner_text()
        assert "v2" in newest
        assert "pusdatin" in newest
        assert "besaran 2026" in newest
        assert "aktif" in newest
        assert "v1" in versions.nth(1).inner_text()
        assert "Rp 225.000 per bulan" in page.inner_text("main dl.pairs")
    stored = RuleSet.objects.filter(programme__code="SEMBAKO").order_by("version")
    assert [(r.version, r.document["amount_monthly"]) for r in stored] == [
        (1, 200_000),
        (2, 225_000),
    ]


def test_village_operator_reads_own_village_without_download(
    live_server: Any, done_run: EligibilityRun, world: World, make_user: Callable[..., User]
) -> None:
    make_user(Role.OPERATOR_DESA, VILLAGE_A, username="operator")
    list_url = live_server.url + reverse("programs:beneficiaries", args=[done_run.pk])
    csv_url = live_server.url + reverse("programs:beneficiaries_csv", args=[done_run.pk])
    xlsx_url = live_server.url + reverse("programs:beneficiaries_xlsx", args=[done_run.pk])

    with logged_in_page(live_server.url, "operator") as page:
        page.goto(f"{list_url}?program=SEMBAKO&keputusan=semua")
        rows = page.locator("table.households tbody tr")
        assert rows.count() == 3  # a1, a2, a3: village B and Kota Metro are out of scope
        names = rows.locator("td:first-child a").all_inner_texts()
        assert sorted(names) == ["Agus Pegawai", "Budi Santoso", "Joko Duda"]
        assert set(rows.locator("td.mono:nth-child(4)").all_inner_texts()) == {VILLAGE_A}
        assert page.locator(".exports").count() == 0  # no download links
        page.select_option("#id_keputusan", "layak")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**keputusan=layak**")
        assert rows.count() == 2
        # Typing the download address anyway: refused.
        assert page.request.get(f"{csv_url}?program=SEMBAKO").status == 403
        assert page.request.get(f"{xlsx_url}?program=SEMBAKO").status == 403
        assert page.request.get(f"{list_url}?program=SEMBAKO").status == 200
