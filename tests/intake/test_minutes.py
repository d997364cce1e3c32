"""Minutes of the village meeting: only real PDF/JPEG/PNG files, size-capped, stored privately."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from dtks.accounts.roles import Role
from dtks.audit.models import AuditEvent
from dtks.intake import minutes
from dtks.intake.minutes import MinutesRefusedError, check_minutes, store_minutes
from dtks.intake.models import Proposal
from dtks.intake.proposals import proposal_create, proposal_musdes_record
from dtks.registry.services import RegistryValidationError
from shared_constants import VILLAGE_A

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 40
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    """Messages are checked in the source language, whatever an earlier request activated."""
    with translation.override("id"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _stored_files(media_root: Path) -> list[Path]:
    folder = media_root / "musdes"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("berita-acara.pdf", PDF, "application/pdf"),
        ("BA MUSDES.PDF", PDF, "application/pdf"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        ("pindai.png", PNG, "image/png"),
    ],
)
def test_accepted(name: str, content: bytes, content_type: str) -> None:
    assert check_minutes(_upload(name, content)).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("virus.pdf", EXE, "berita_acara_isi_tidak_sesuai", "bukan PDF"),
        ("halaman.png", HTML, "berita_acara_isi_tidak_sesuai", "bukan PNG"),
        ("foto.jpg", PNG, "berita_acara_isi_tidak_sesuai", "bukan JPG"),  # a PNG named .jpg
        ("kosong.pdf", b"", "berita_acara_kosong", "kosong"),
        ("program.exe", EXE, "berita_acara_jenis_ditolak", "PDF, JPEG atau PNG"),
        ("berita-acara.pdf.html", PDF, "berita_acara_jenis_ditolak", "PDF, JPEG atau PNG"),
        ("tanpa-ekstensi", PDF, "berita_acara_jenis_ditolak", "PDF, JPEG atau PNG"),
        ("dokumen.docx", b"PK\x03\x04" + b"\x00" * 30, "berita_acara_jenis_ditolak", "PDF"),
    ],
)
def test_refused_with_a_clear_message(
    name: str, content: bytes, code: str, words: str, media_root: Path
) -> None:
    with pytest.raises(MinutesRefusedError) as refused:
        store_minutes(_upload(name, content))
    assert refused.value.code == code
    assert words in refused.value.message
    assert "berkas" in refused.value.message.lower() or "berita acara" in refused.value.message
    assert _stored_files(media_root) == []


def test_size_limit_from_settings(settings: Any, media_root: Path) -> None:
    settings.DTKS_MINUTES_MAX_BYTES = 1000
    with pytest.raises(MinutesRefusedError) as refused:
        store_minutes(_upload("besar.pdf", PDF + b"0" * 1000))
    assert refused.value.code == "berita_acara_terlalu_besar"
    assert "terlalu besar" in refused.value.message
    assert _stored_files(media_root) == []
    assert store_minutes(_upload("pas.pdf", PDF)).size == len(PDF)


def test_default_limit_is_ten_megabytes(settings: Any) -> None:
    del settings.DTKS_MINUTES_MAX_BYTES
    assert minutes.max_bytes() == 10 * 1024 * 1024


def test_stored_outside_the_web_root_with_digest(settings: Any, media_root: Path) -> None:
    stored = store_minutes(_upload("../../etc/BA Musdes.PDF", PDF))
    assert stored.path.startswith("musdes/")
    assert stored.path.endswith(".pdf")
    assert stored.name == "BA Musdes.PDF"  # folders dropped from the shown name
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    files = _stored_files(media_root)
    assert [f.name for f in files] == [stored.path.split("/")[1]]
    assert files[0].read_bytes() == PDF
    assert not str(settings.STATIC_ROOT).startswith(str(media_root))
    handle = minutes.open_minutes(stored.path)
    assert handle is not None
    with handle:
        assert handle.read() == PDF
    for bad in ("../secret_key", "/etc/passwd", "musdes/../../x", "musdes/", "lain/x.pdf"):
        assert minutes.open_minutes(bad) is None


# --- Through the service: a refused file leaves nothing behind -----------------------------


@pytest.fixture
def draft(regions: None, make_user: Callable[..., Any]) -> tuple[Any, Proposal]:
    operator = make_user(Role.OPERATOR_DESA, VILLAGE_A)
    return operator, proposal_create(user=operator)


@pytest.mark.parametrize(
    ("name", "content"),
    [("virus.pdf", EXE), ("halaman.png", HTML), ("kosong.pdf", b""), ("x.exe", PDF)],
)
def test_service_refuses_and_stores_nothing(
    draft: tuple[Any, Proposal], media_root: Path, name: str, content: bytes
) -> None:
    operator, proposal = draft
    events = AuditEvent.objects.count()
    with pytest.raises(RegistryValidationError) as invalid:
        proposal_musdes_record(
            user=operator,
            proposal=proposal,
            musdes_date=timezone.localdate(),
            attendance=20,
            minutes=_upload(name, content),
        )
    assert [p.where for p in invalid.value.problems] == ["minutes"]
    proposal.refresh_from_db()
    assert (proposal.minutes_path, proposal.musdes_date, proposal.minutes_sha256) == ("", None, "")
    assert _stored_files(media_root) == []
    assert AuditEvent.objects.count() == events


def test_replacing_the_minutes_deletes_the_old_file(
    draft: tuple[Any, Proposal], media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    operator, proposal = draft
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_musdes_record(
            user=operator,
            proposal=proposal,
            musdes_date=today - timedelta(days=3),
            attendance=12,
            minutes=_upload("ba.pdf", PDF),
        )
    first = _stored_files(media_root)
    assert len(first) == 1
    with django_capture_on_commit_callbacks(execute=True):
        proposal_musdes_record(
            user=operator,
            proposal=proposal,
            musdes_date=today,
            attendance=15,
            minutes=_upload("ba-revisi.png", PNG),
        )
    second = _stored_files(media_root)
    assert len(second) == 1
    assert second != first
    assert second[0].suffix == ".png"
    proposal.refresh_from_db()
    assert proposal.minutes_name == "ba-revisi.png"
    assert proposal.minutes_content_type == "image/png"
    # A date correction without a new file keeps the stored one.
    proposal_musdes_record(
        user=operator, proposal=proposal, musdes_date=today, attendance=16, minutes=None
    )
    assert _stored_files(media_root) == second
