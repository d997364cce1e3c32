"""End to end in a real headless Chromium: upload an import, a real worker process runs it,
the page follows its progress and offers the quarantine.

Saves ``import_detail.png`` into ``$DTKS_SCREENSHOT_DIR`` (default: the test's tmp dir).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from browser_session import logged_in_page
from dtks.accounts.roles import Role
from dtks.synth import generate

pytestmark = pytest.mark.browser


def test_upload_import_and_follow_it(
    live_server: Any,
    worker: subprocess.Popen[bytes],
    make_user: Callable[..., Any],
    regions: None,
    tmp_path: Path,
) -> None:
    synth = tmp_path / "synth"
    generate(region="18.71", households=80, seed=5, out_dir=synth)
    files = [
        synth / "sources" / f"dtks_{kind}.csv" for kind in ("persons", "members", "households")
    ]
    make_user(Role.PUSDATIN, None, username="pusdatin")
    screenshots = Path(os.environ.get("DTKS_SCREENSHOT_DIR") or tmp_path)
    screenshots.mkdir(parents=True, exist_ok=True)

    with logged_in_page(live_server.url, "pusdatin", timeout_ms=20000) as page:
        page.click("nav a:has-text('Impor')")
        page.click("a:has-text('Impor baru')")
        page.select_option("#id_source", "DTKS")
        for index, path in enumerate(files, start=1):
            page.set_input_files(f"#id_berkas_{index}", str(path))
        page.click("main button[type=submit]")
        page.wait_for_url("**/impor/*/")

        # The page polls (htmx) until the worker process has finished the job.
        page.wait_for_function(
            "document.querySelector('#status').innerText.includes('Selesai')",
            timeout=90_000,
        )
        status = page.inner_text("#status")
        assert "dtks_persons.csv" in status
        assert "dtks_households.csv" in status
        assert "Temuan per aturan" in status
        png = screenshots / "import_detail.png"
        page.screenshot(path=str(png), full_page=True)
        if "Karantina" in status:
            with page.expect_download() as download:
                page.click("#status a:has-text('semua (XLSX)')")
            assert download.value.suggested_filename.endswith(".xlsx")
    assert worker.poll() is None, (worker.stderr.read() if worker.stderr else b"").decode()
    assert png.stat().st_size > 20_000
