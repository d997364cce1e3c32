"""End to end in a real headless Chromium: log in, search live (htmx), open a household.

Saves ``household_list.png`` and ``household_detail.png`` into ``$DTKS_SCREENSHOT_DIR``
(default: the test's tmp dir). Needs Debian's ``/usr/bin/chromium``: skipped without it,
failed without it when ``CI`` is set.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from browser_session import logged_in_page
from dtks.accounts.roles import Role
from shared_constants import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.browser

HEADS = [
    "Agus Salim", "Ahmad Fauzi", "Andi Saputra", "Bambang Susilo", "Budi Hartono",
    "Dedi Kurniawan", "Dewi Lestari", "Eko Prasetyo", "Endang Sulastri", "Fajar Nugroho",
    "Hadi Wijaya", "Hendra Gunawan", "Indah Permata", "Joko Susanto", "Kartini Rahayu",
    "Lukman Hakim", "Made Suarta", "Nur Hidayah", "Putu Ariani", "Rahmat Hidayat",
    "Rina Marlina", "Rudi Hermawan", "Slamet Riyadi", "Sri Wahyuni", "Suparman",
    "Teguh Santoso", "Tri Wulandari", "Wawan Setiawan", "Yanti Susilawati", "Yusuf Maulana",
]  # fmt: skip
TARGET = "Sri Wahyuni"


def _fill_in(household: Any) -> None:
    """Answer more of the verivali form, so the household page shows its labels."""
    from dtks.registry.models import Household, Person

    Household.objects.filter(pk=household.pk).update(
        sta_bangunan=1, sta_lahan=1, dinding=3, kondisi_dinding=2, atap=6, kondisi_atap=1,
        jumlah_kamar=2, sumber_airminum=6, bb_masak=3, fasbab=2, kloset=1, buang_tinja=1,
        aset_tabung_gas=False, aset_lemari_es=True, aset_televisi=True, aset_sepeda=True,
        aset_sepeda_motor=True, aset_smartphone=True, aset_lahan=False, jumlah_kambing=2,
        ikut_kks=True, ikut_kis_pbi=True, ikut_pkh=True, ikut_sembako=True, ikut_kip=False,
    )  # fmt: skip
    members = Person.objects.filter(household=household)
    members.filter(hubungan=1).update(
        status_kawin=2, ijazah=2, partisipasi_sekolah=2, jenjang=4, bekerja=1,
        lapangan_usaha=12, status_pekerjaan=1, jenis_cacat=0,
    )  # fmt: skip
    members.filter(hubungan=2).update(
        status_kawin=2, ijazah=1, partisipasi_sekolah=2, jenjang=1, bekerja=2, jenis_cacat=0
    )
    members.filter(hubungan=3).update(
        status_kawin=1, partisipasi_sekolah=1, jenjang=4, ijazah=1, bekerja=2, jenis_cacat=1
    )


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DTKS_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_search_and_open_household(
    live_server: Any,
    make_user: Callable[..., Any],
    make_household: Callable[..., Any],
    screenshot_dir: Path,
) -> None:
    # Everything the database needs happens before Playwright starts its event loop.
    for name in HEADS:
        household = make_household(VILLAGE_A, head_name=name)
        if name == TARGET:
            _fill_in(household)
    make_household(VILLAGE_B, head_name="Orang Desa Lain")  # out of the operator's scope
    make_user(Role.OPERATOR_DESA, VILLAGE_A, username="operator")

    with logged_in_page(live_server.url, "operator") as page:
        assert "Operator desa/kelurahan" in page.inner_text("header")

        # The list: 30 households of the operator's village, 25 a page.
        page.goto(f"{live_server.url}/registri/")
        results = page.locator("#hasil")
        assert "30 rumah tangga" in results.inner_text()
        assert "Halaman 1 dari 2" in results.inner_text()
        assert "Orang Desa Lain" not in page.content()

        # Live search: typing swaps only the results, the page is not reloaded.
        page.evaluate("window.__sameDocument = true")
        with page.expect_response(
            lambda r: "q=" in r.url and r.request.is_navigation_request() is False
        ):
            page.locator("#id_q").press_sequentially("wahyu", delay=30)
        page.wait_for_function(
            "document.querySelector('#hasil').innerText.includes('1 rumah tangga')"
        )
        assert page.evaluate("window.__sameDocument") is True
        assert TARGET in results.inner_text()
        assert "Agus Salim" not in results.inner_text()
        assert "q=wahyu" in page.url  # pushed into the address bar
        list_png = screenshot_dir / "household_list.png"
        page.screenshot(path=str(list_png), full_page=True)

        # The household page.
        page.click(f"#hasil a:has-text('{TARGET}')")
        page.wait_for_url("**/registri/rumah-tangga/*/")
        text = page.inner_text("main")
        assert TARGET in text
        expected_texts = (
            "Kepala rumah tangga", "Siti Aminah", "Keramik", "Listrik PLN", "Seng",
            "Gas 3 kg", "Perdagangan", "Masih sekolah", "Tuna daksa/cacat tubuh",
        )  # fmt: skip
        for expected in expected_texts:
            assert expected in text
        detail_png = screenshot_dir / "household_detail.png"
        page.screenshot(path=str(detail_png), full_page=True)

    for png in (list_png, detail_png):
        assert png.exists()
        assert png.stat().st_size > 20_000, f"{png} looks empty"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
