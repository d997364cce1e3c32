"""A logged-in page in Debian's headless Chromium, for the browser tests.

Needs ``/usr/bin/chromium``: the test is skipped without it, and fails without it when
``CI`` is set. Playwright drives it and downloads no browser of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "rahasia-uji-123"  # the make_user fixture's


def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


@contextmanager
def logged_in_page(base_url: str, username: str, *, timeout_ms: int = 15_000) -> Iterator[Any]:
    """A 1280x900 Indonesian-locale page, logged in through the real form as ``username``.

    Set up the database before entering: Playwright's sync API runs an asyncio loop in this
    thread, so Django's async guard is lifted while the page is open.
    """
    executable = chromium()
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
            )
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
                page.set_default_timeout(timeout_ms)
                page.goto(f"{base_url}/masuk/")
                page.fill("#id_username", username)
                page.fill("#id_password", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_url(f"{base_url}/")
                yield page
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
