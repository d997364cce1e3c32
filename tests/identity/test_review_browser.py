"""End to end in a real headless Chromium: a Dinas Sosial reviewer decides an uncertain pair.

Saves ``review_pair.png`` (the side-by-side page with its evidence) into
``$DTKS_SCREENSHOT_DIR`` (default: the test's tmp dir). Needs Debian's ``/usr/bin/chromium``:
skipped without it, failed without it when ``CI`` is set.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from review_world import Record, Scored, link_run, pairs_table, source_people

from browser_session import logged_in_page
from dtks.accounts.roles import Role
from dtks.identity.models import ReviewPair
from dtks.identity.selectors_review import review_decisions_table
from dtks.identity.services_review import review_pairs_replace
from shared_constants import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.browser


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DTKS_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_reviewer_decides_a_pair(
    live_server: Any,
    make_user: Callable[..., Any],
    regions: None,
    screenshot_dir: Path,
) -> None:
    make_user(Role.DINSOS_KABKOTA, "18.71", username="dinsos")
    budi, budhi, siti, sity = source_people(
        [
            Record("Budi Santoso", VILLAGE_A, serial=11),
            Record("Budhi Santoso", VILLAGE_A, serial=12),
            Record("Siti Aminah", VILLAGE_B, sex=2, born=date(1983, 1, 9), serial=13),
            Record("Sity Aminah", VILLAGE_B, sex=2, born=date(1983, 1, 9), serial=14),
        ]
    )
    review_pairs_replace(
        link_run=link_run(),
        pairs=pairs_table([Scored(budi, budhi, 0.55, 0.8), Scored(siti, sity, 0.85, 5.1)]),
    )
    first = ReviewPair.objects.get(source_person_l=budi)
    second = ReviewPair.objects.get(source_person_l=siti)

    with logged_in_page(live_server.url, "dinsos") as page:
        page.click("nav >> text=Tinjau identitas")
        page.wait_for_url("**/identitas/tinjau/")
        assert "2 pasangan menunggu" in page.inner_text("main")
        page.click(f"text=Tinjau #{first.pk}")
        page.wait_for_url(f"**/identitas/tinjau/{first.pk}/")

        # Both records side by side, full NIKs for this role, and the evidence per field.
        records = page.locator("table.review-records")
        assert "Budi Santoso" in records.inner_text()
        assert "Budhi Santoso" in records.inner_text()
        assert budi.nik in records.inner_text()
        assert records.locator("tr.differs").count() >= 2  # name and NIK differ
        evidence = page.locator("table.review-evidence")
        name_row = evidence.locator("tr", has_text="mirip (Jaro-Winkler >= 0.92)")
        assert "+4,20" in name_row.inner_text()
        assert name_row.locator("rect.bar-plus").count() == 1
        nik_row = evidence.locator("tr", has_text="berbeda")
        assert "-3,50" in nik_row.inner_text()
        assert nik_row.locator("rect.bar-minus").count() == 1
        assert "55,0%" in page.inner_text("#peluang")
        page.locator("#putuskan").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / "review_pair.png"), full_page=True)

        # Decide: the next pending pair opens.
        page.fill("#id_note", "Ejaan nama berbeda, NIK salah ketik")
        page.click("button[value=match]")
        page.wait_for_url(f"**/identitas/tinjau/{second.pk}/")
        assert "diputuskan: Sama orang" in page.inner_text(".messages")

        # Back in the queue: the decided pair is gone and listed among the decisions.
        page.click("text=Kembali ke antrean")
        page.wait_for_url("**/identitas/tinjau/")
        main = page.inner_text("main")
        assert "1 pasangan menunggu" in main
        assert f"Tinjau #{first.pk}" not in main
        assert f"Tinjau #{second.pk}" in main
        decisions = page.inner_text("table.review-decisions")
        assert "Budi Santoso" in decisions
        assert "Sama orang" in decisions
        assert "dinsos" in decisions

    table = review_decisions_table().to_pylist()
    assert table == [
        {
            "record_id_l": min(str(budi.pk), str(budhi.pk)),
            "record_id_r": max(str(budi.pk), str(budhi.pk)),
            "decision": "match",
        }
    ]
