"""Bulk import of interchange files: create a batch, then run it as a job.

``import_batch_create`` stores the files outside the web root and records the batch; the same
content imported again returns the existing batch and creates nothing. ``import_batch_run``
validates in bulk (``dtks.pipeline.intake``), then writes everything in one transaction
(``loading.py``). A file the validation refuses, or a batch the database refuses, leaves the
batch failed with the reason and the register exactly as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction

from dtks.accounts.models import User
from dtks.domain import codes
from dtks.intake.loading import load_validated
from dtks.intake.models import ImportBatch
from dtks.jobs.models import Job, JobStatus
from dtks.jobs.services import JobProgress, Listener, job_create, job_run

IMPORT_SOURCES = (*codes.SOURCES, codes.CIVIL_REGISTRY_SOURCE, "USULAN", "LAINNYA")


class ImportRefusedError(ValueError):
    """The request itself is wrong (unknown source, no files); nothing was stored."""


@dataclass(frozen=True)
class ImportCreated:
    batch: ImportBatch
    created: bool  # False: this content was imported before, ``batch`` is that import


def content_sha256(paths: Sequence[Path]) -> str:
    """One digest for a set of files, independent of their names and order."""
    digests = sorted(_file_sha256(path) for path in paths)
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_batch_create(
    *,
    source: str,
    paths: Sequence[Path],
    created_by: User | None,
    to_register: bool = False,
    names: Sequence[str] | None = None,
) -> ImportCreated:
    """Record an import of ``paths`` (copied under var/uploads/imports/) as a queued job."""
    source = source.strip().upper()
    if source not in IMPORT_SOURCES:
        raise ImportRefusedError(
            f"Sumber {source!r} tidak dikenal; pilih salah satu: {', '.join(IMPORT_SOURCES)}"
        )
    if not paths:
        raise ImportRefusedError("Tidak ada berkas untuk diimpor")
    if len(paths) > 3:
        raise ImportRefusedError(
            "Satu impor berisi paling banyak tiga berkas (individu, ART, ruta)"
        )
    file_names = list(names) if names else [path.name for path in paths]
    for path in paths:
        if not path.is_file():
            raise ImportRefusedError(f"Berkas {path} tidak ditemukan")
    digest = content_sha256(paths)
    existing = ImportBatch.objects.filter(content_sha256=digest).first()
    if existing is not None:
        return ImportCreated(batch=existing, created=False)
    stored = Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex
    stored.mkdir(parents=True)
    try:
        for path, name in zip(paths, file_names, strict=True):
            shutil.copyfile(path, stored / Path(name).name)
        with transaction.atomic():
            job = job_create(kind="import", created_by=created_by)
            batch = ImportBatch.objects.create(
                source=source,
                content_sha256=digest,
                file_names=[Path(name).name for name in file_names],
                stored_dir=str(stored),
                to_register=to_register,
                job=job,
                created_by=created_by,
            )
    except BaseException:
        shutil.rmtree(stored, ignore_errors=True)
        raise
    return ImportCreated(batch=batch, created=True)


def import_batch_create_from_uploads(
    *,
    source: str,
    uploads: Sequence[UploadedFile],
    created_by: User | None,
    to_register: bool = False,
) -> ImportCreated:
    """``import_batch_create`` for files uploaded through the web, streamed to disk first."""
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=settings.FILE_UPLOAD_TEMP_DIR))
    try:
        paths: list[Path] = []
        for index, upload in enumerate(uploads):
            target = folder / f"{index}-{Path(upload.name or 'berkas').name}"
            with target.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            paths.append(target)
        return import_batch_create(
            source=source,
            paths=paths,
            names=[Path(upload.name or "berkas").name for upload in uploads],
            created_by=created_by,
            to_register=to_register,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def import_batch_enqueue(*, batch: ImportBatch) -> None:
    """Hand the batch to the background worker (``dtks db_worker``) once committed."""
    from dtks.intake.tasks import run_import

    def enqueue() -> None:
        result = run_import.enqueue(batch_id=batch.pk)
        Job.objects.filter(pk=batch.job_id).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def import_batch_retry(*, batch: ImportBatch) -> None:
    """Queue a failed batch again (e.g. after its worker died); nothing of it was stored."""
    if batch.job.status != JobStatus.FAILED:
        raise ImportRefusedError("Hanya impor yang gagal dapat dijalankan ulang")
    Job.objects.filter(pk=batch.job_id).update(
        status=JobStatus.QUEUED, error="", finished_at=None, step="", done=0, total=None
    )
    ImportBatch.objects.filter(pk=batch.pk).update(error_code="", error_message="")
    import_batch_enqueue(batch=batch)


def import_batch_run(*, batch_id: int, listener: Listener | None = None) -> ImportBatch:
    """Validate and load batch ``batch_id`` as its job; the CLI passes a progress listener.

    Only a queued batch, or a failed one being retried, runs: a batch delivered again after
    it succeeded (or while it runs) is returned as it is, so nothing lands twice.
    """
    batch = ImportBatch.objects.select_related("job").get(pk=batch_id)
    if batch.job.status not in {JobStatus.QUEUED, JobStatus.FAILED}:
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(error_code="", error_message="")

    def work(progress: JobProgress) -> None:
        _process(batch, progress)

    try:
        job_run(job_id=batch.job_id, work=work, listener=listener)
    except Exception as error:
        code = getattr(error, "code", "") or type(error).__name__
        ImportBatch.objects.filter(pk=batch.pk).update(
            error_code=str(code)[:40], error_message=str(getattr(error, "message", error))
        )
    batch.refresh_from_db()
    batch.job.refresh_from_db()
    return batch


def _process(batch: ImportBatch, progress: JobProgress) -> None:
    from dtks.pipeline.intake import validate_import

    # A directory of its own per run: two processes may run batches with the same number (a
    # re-run after a crash, or two databases sharing one var/), and neither may delete the
    # other's files.
    work_root = Path(settings.VAR_DIR) / "work"
    work_root.mkdir(parents=True, exist_ok=True)
    work_dir = Path(tempfile.mkdtemp(prefix=f"import-{batch.pk}-", dir=work_root))
    stored = Path(batch.stored_dir)
    try:
        result = validate_import(
            files=[stored / name for name in batch.file_names],
            source=batch.source,
            work_dir=work_dir,
            progress=progress,
        )
        progress("memuat ke basis data", 0, None)
        with progress.database_paused(when=connection.vendor == "sqlite"):
            written = load_validated(
                batch_id=batch.pk,
                source=batch.source,
                work_dir=work_dir,
                to_register=batch.to_register,
                say=lambda step: progress(step, 0, None),
            )
        ImportBatch.objects.filter(pk=batch.pk).update(
            counts={"berkas": result.counts, "ditulis": written}
        )
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
