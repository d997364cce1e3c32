"""Signed minutes (berita acara) of a village meeting: file checks and storage.

An upload is accepted only when its extension and its first bytes (magic numbers) both say
PDF, JPEG or PNG, and agree with each other; an empty file or one larger than
``settings.DTKS_MINUTES_MAX_BYTES`` is refused. Accepted files are written under
``MEDIA_ROOT/musdes/<uuid><ext>`` (outside the web root: ``MEDIA_URL`` is not served) and only
read back through the scoped download view.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MINUTES_DIR = "musdes"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    content_type: str
    magic: tuple[bytes, ...]


KINDS: tuple[FileKind, ...] = (
    FileKind((".pdf",), "application/pdf", (b"%PDF-",)),
    FileKind((".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",)),
    FileKind((".png",), "image/png", (b"\x89PNG\r\n\x1a\n",)),
)
ACCEPT = ",".join(ext for kind in KINDS for ext in kind.extensions)
_HEAD_BYTES = 16


class MinutesRefusedError(ValueError):
    """The upload is not an acceptable minutes file; ``code`` is a stable rule code."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class StoredMinutes:
    path: str  # relative to MEDIA_ROOT, e.g. "musdes/<uuid>.pdf"
    name: str  # the uploader's file name, cleaned
    content_type: str
    sha256: str
    size: int


def max_bytes() -> int:
    return int(getattr(settings, "DTKS_MINUTES_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_label(size: int) -> str:
    """``10 MB``, ``1,5 MB``, ``900 KB``, ``12 byte`` (Indonesian decimal comma)."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".replace(".0", "").replace(".", ",") + f" {unit}"
    return f"{size} byte"


def _kind_of_name(name: str) -> FileKind | None:
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    return next((kind for kind in KINDS if suffix in kind.extensions), None)


def _read_head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    return bytes(head)


def check_minutes(upload: UploadedFile) -> FileKind:
    """The kind of an acceptable minutes file; MinutesRefusedError (Indonesian) otherwise."""
    name = upload.name or ""
    kind = _kind_of_name(name)
    if kind is None:
        raise MinutesRefusedError(
            "berita_acara_jenis_ditolak",
            _("Berita acara harus berupa berkas PDF, JPEG atau PNG (.pdf, .jpg, .jpeg, .png)."),
        )
    size = upload.size or 0
    if size <= 0:
        raise MinutesRefusedError("berita_acara_kosong", _("Berkas berita acara kosong."))
    limit = max_bytes()
    if size > limit:
        raise MinutesRefusedError(
            "berita_acara_terlalu_besar",
            _("Berkas berita acara terlalu besar (%(size)s); paling besar %(limit)s.")
            % {"size": size_label(size), "limit": size_label(limit)},
        )
    head = _read_head(upload)
    if not any(head.startswith(magic) for magic in kind.magic):
        raise MinutesRefusedError(
            "berita_acara_isi_tidak_sesuai",
            _(
                "Isi berkas bukan %(kind)s seperti yang dinyatakan nama berkasnya. "
                "Unggah hasil pindaian atau foto berita acara yang asli."
            )
            % {"kind": kind.extensions[0].lstrip(".").upper()},
        )
    return kind


def clean_name(name: str) -> str:
    """The uploader's base file name without folders or control characters, for display."""
    base = PurePosixPath(name.replace("\\", "/")).name
    printable = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return printable[-255:] or "berita-acara"


def minutes_root() -> Path:
    return Path(settings.MEDIA_ROOT) / MINUTES_DIR


def store_minutes(upload: UploadedFile) -> StoredMinutes:
    """Check ``upload`` and write it under ``MEDIA_ROOT/musdes/``; nothing is left on disk
    when the check or the write fails."""
    kind = check_minutes(upload)
    root = minutes_root()
    root.mkdir(parents=True, exist_ok=True)
    extension = PurePosixPath((upload.name or "").replace("\\", "/")).suffix.lower()
    target = root / f"{uuid.uuid4().hex}{extension}"
    digest = hashlib.sha256()
    size = 0
    limit = max_bytes()
    try:
        with target.open("xb") as out:
            upload.seek(0)
            for chunk in upload.chunks():
                size += len(chunk)
                if size > limit:
                    raise MinutesRefusedError(
                        "berita_acara_terlalu_besar",
                        _("Berkas berita acara terlalu besar; paling besar %(limit)s.")
                        % {"limit": size_label(limit)},
                    )
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise MinutesRefusedError("berita_acara_kosong", _("Berkas berita acara kosong."))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return StoredMinutes(
        path=f"{MINUTES_DIR}/{target.name}",
        name=clean_name(upload.name or ""),
        content_type=kind.content_type,
        sha256=digest.hexdigest(),
        size=size,
    )


def _resolve(path: str) -> Path | None:
    """The absolute file of a stored ``path``, or None when it points outside ``musdes/``."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or len(relative.parts) != 2 or relative.parts[0] != MINUTES_DIR:
        return None
    if relative.parts[1] in {"", ".", ".."}:
        return None
    return minutes_root() / relative.parts[1]


def open_minutes(path: str) -> BinaryIO | None:
    """The stored file for reading, or None when it is missing or the path is not ours."""
    target = _resolve(path)
    if target is None or not target.is_file():
        return None
    return target.open("rb")


def delete_minutes(path: str) -> None:
    """Remove a stored file (a replaced minutes file, a deleted proposal); missing is fine."""
    target = _resolve(path) if path else None
    if target is not None:
        target.unlink(missing_ok=True)
