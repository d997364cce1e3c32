"""End to end in a real headless Chromium: an operator drafts, checks live, records, submits.

Saves ``proposal_form.png`` (the live NIK error) and ``proposal_detail.png`` (the submitted
proposal) into ``$DTKS_SCREENSHOT_DIR`` (default: the test's tmp dir). Needs Debian's
``/usr/bin/chromium``: skipped without it, failed without it when ``CI`` is set.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from browser_session import logged_in_page
from dtks.accounts.roles import Role
from dtks.domain import codes
from dtks.domain.nik import make_nik
from shared_constants import VILLAGE_A

pytestmark = pytest.mark.browser

KEC = "187101"
HEAD_BORN = date(1978, 3, 14)
WIFE_BORN = date(1981, 11, 5)
NIK_ERROR = "Jenis kelamin menurut NIK tidak sesuai"

# The smallest well-formed PDF: one empty A4 page, with a correct cross-reference table.
_OBJECTS = [
    b"<</Type/Catalog/Pages 2 0 R>>",
    b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
]


def minimal_pdf() -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(_OBJECTS, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(_OBJECTS) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(_OBJECTS) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DTKS_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_operator_drafts_checks_records_and_submits(
    live_server: Any,
    make_user: Callable[..., Any],
    regions: None,
    screenshot_dir: Path,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user(Role.OPERATOR_DESA, VILLAGE_A, username="operator")
    head_nik = make_nik(kecamatan_code=KEC, birth_date=HEAD_BORN, sex=codes.MALE, serial=41)
    wife_nik = make_nik(kecamatan_code=KEC, birth_date=WIFE_BORN, sex=codes.FEMALE, serial=42)
    pdf = tmp_path / "berita-acara-musdes.pdf"
    pdf.write_bytes(minimal_pdf())
    musdes_day = (date.today() - timedelta(days=2)).isoformat()

    with logged_in_page(live_server.url, "operator") as page:
        # A new proposal from the navigation.
        page.click("nav >> text=Usulan")
        page.wait_for_url("**/usulan/")
        page.click("text=Buat usulan baru")
        page.wait_for_url("**/usulan/*/")
        proposal_url = page.url
        page.click("text=Tambah rumah tangga")
        page.wait_for_url("**/rumah-tangga/baru/")

        # The household.
        page.fill("#id_alamat", "Jl. Sultan Agung Gg. Melati No. 12")
        page.fill("#id_rt", "3")
        page.fill("#id_rw", "5")
        for name, value in {
            "sta_bangunan": "1", "lantai": "9", "dinding": "4", "kondisi_dinding": "2",
            "atap": "6", "kondisi_atap": "2", "sumber_airminum": "7",
            "sumber_penerangan": "1", "daya": "1", "bb_masak": "8", "fasbab": "2",
            "kloset": "3", "buang_tinja": "3", "aset_televisi": "true",
            "aset_sepeda_motor": "true", "aset_lemari_es": "false", "ikut_kis_pbi": "true",
        }.items():  # fmt: skip
            page.select_option(f"#id_{name}", value)
        page.fill("#id_luas_lantai", "28")
        page.fill("#id_jumlah_kamar", "2")

        # Member 1, the head.
        page.fill("#id_anggota-0-nama", "Sutrisno")
        page.fill("#id_anggota-0-nik", head_nik)
        page.select_option("#id_anggota-0-jenis_kelamin", str(codes.MALE))
        page.fill("#id_anggota-0-tanggal_lahir", HEAD_BORN.isoformat())
        page.select_option("#id_anggota-0-hubungan", str(codes.HEAD))
        page.select_option("#id_anggota-0-status_kawin", "2")
        page.select_option("#id_anggota-0-bekerja", "1")
        page.select_option("#id_anggota-0-lapangan_usaha", "1")

        # Member 2: the sex picked does not match the NIK -> a live error, no reload.
        page.evaluate("window.__sameDocument = true")
        page.fill("#id_anggota-1-nama", "Sumiati")
        page.fill("#id_anggota-1-nik", wife_nik)
        page.fill("#id_anggota-1-tanggal_lahir", WIFE_BORN.isoformat())
        page.select_option("#id_anggota-1-hubungan", str(codes.SPOUSE))
        page.select_option("#id_anggota-1-jenis_kelamin", str(codes.MALE))
        error = page.locator("#id_anggota-1-nik-galat")
        error.filter(has_text=NIK_ERROR).wait_for()
        assert page.evaluate("window.__sameDocument") is True
        assert page.locator("#id_anggota-0-nik-galat").inner_text() == ""
        assert page.get_attribute("#id_anggota-1-nik", "aria-describedby") == (
            "id_anggota-1-nik-galat"
        )
        error.scroll_into_view_if_needed()
        form_png = screenshot_dir / "proposal_form.png"
        page.screenshot(path=str(form_png))

        # Fixed: the error goes away, live too.
        page.select_option("#id_anggota-1-jenis_kelamin", str(codes.FEMALE))
        page.wait_for_function(
            "document.querySelector('#id_anggota-1-nik-galat').innerText.trim() === ''"
        )
        page.select_option("#id_anggota-1-status_kawin", "2")
        page.click("text=Simpan rumah tangga")
        page.wait_for_url(f"{proposal_url}#ruta-*")
        main = page.inner_text("main")
        assert "Sutrisno" in main
        assert "Sumiati" in main
        assert wife_nik in main

        # The village meeting with its signed minutes (a real, tiny PDF).
        page.click("text=Catat musdes")
        page.wait_for_url("**/musdes/")
        page.fill("#id_musdes_date", musdes_day)
        page.fill("#id_musdes_attendance", "37")
        page.set_input_files("#id_minutes", str(pdf))
        page.click("text=Simpan musdes")
        page.wait_for_url(proposal_url)
        assert "berita-acara-musdes.pdf" in page.inner_text("#musdes")

        # Submit: read-only afterwards.
        page.click("text=Ajukan usulan")
        page.wait_for_url(proposal_url)
        main = page.inner_text("main")
        assert "Diajukan ke kab/kota" in main
        assert "Usulan diajukan ke Dinas Sosial kabupaten/kota." in main
        assert "Tambah rumah tangga" not in main
        history = page.inner_text("ol.history")
        for action in ("Diajukan ke kabupaten/kota", "Musdes/muskel dicatat",
                       "Rumah tangga ditambahkan", "Usulan dibuat"):  # fmt: skip
            assert action in history
        assert "operator" in history
        page.click("ol.history details >> nth=0")
        detail_png = screenshot_dir / "proposal_detail.png"
        page.screenshot(path=str(detail_png), full_page=True)

    for png in (form_png, detail_png):
        assert png.exists()
        assert png.stat().st_size > 20_000, f"{png} looks empty"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
