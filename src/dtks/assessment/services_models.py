"""Writes of stored PMT models: store a model file, approve it (pusdatin), retire it.

A model file is checked by ``dtks.pipeline.pmt.model.model_from_json`` (format, schema version,
content hash, proxies) before anything is stored; its content never changes afterwards (the
model's ``save`` refuses it too). Only a pusdatin user (or a superuser) approves; only an
approved model ranks. Every store, approval and retirement is audited.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.assessment.models import PmtModel, PmtModelStatus
from dtks.audit.services import audit_record
from dtks.pipeline.pmt.model import PmtModelError, model_from_json

NAME_MAX_LENGTH = 200


class PmtModelRefusedError(ValueError):
    """The model file or the request is not acceptable (the message says what); nothing stored."""


class PmtModelPermissionError(PermissionError):
    """The user may not manage PMT models (pusdatin only)."""


def can_manage_models(*, user: User | None) -> bool:
    """May ``user`` upload, approve and retire PMT models, and start rankings (pusdatin)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role == Role.PUSDATIN


def _require_manager(user: User | None, *, allow_command_line: bool) -> None:
    if user is None and allow_command_line:
        return
    if not can_manage_models(user=user):
        raise PmtModelPermissionError(
            _("Hanya pengguna Pusdatin yang dapat mengelola dan menyetujui model PMT.")
        )


def _fit_report(model: Any, document: dict[str, Any]) -> dict[str, Any]:
    report = getattr(model, "report", None)
    if isinstance(report, dict):
        return report
    stored = document.get("report")
    return stored if isinstance(stored, dict) else {}


def pmt_model_store(*, document_text: str, name: str, user: User | None) -> PmtModel:
    """Store model file ``document_text`` as a draft; the same version again returns the row
    already stored (unchanged). ``user`` None: the command line."""
    _require_manager(user, allow_command_line=True)
    name = name.strip()
    if len(name) > NAME_MAX_LENGTH:
        raise PmtModelRefusedError(
            _("Nama model paling panjang %(n)s karakter.") % {"n": NAME_MAX_LENGTH}
        )
    try:
        model = model_from_json(document_text)
    except PmtModelError as error:
        raise PmtModelRefusedError(
            _("Berkas model PMT ditolak: %(reason)s") % {"reason": error}
        ) from error
    document = json.loads(document_text)
    existing = PmtModel.objects.filter(version=model.version).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            stored = PmtModel.objects.create(
                version=model.version,
                kind=model.kind,
                name=name,
                document=document,
                report=_fit_report(model, document),
                uploaded_by=user,
            )
            audit_record(
                actor=user,
                action="assessment.model_store",
                obj=stored,
                summary=f"Model PMT {stored.kind} {stored.short_version} disimpan ({name or '-'})",
            )
    except IntegrityError:
        # Stored by someone else at the same moment: that row is the answer.
        return PmtModel.objects.get(version=model.version)
    return stored


def pmt_model_approve(*, model: PmtModel, user: User) -> PmtModel:
    """Approve draft ``model`` for ranking (pusdatin only); approving twice is refused."""
    _require_manager(user, allow_command_line=False)
    with transaction.atomic():
        locked = PmtModel.objects.select_for_update().get(pk=model.pk)
        if locked.status != PmtModelStatus.DRAFT:
            raise PmtModelRefusedError(
                _("Model %(version)s berstatus %(status)s; hanya draf yang dapat disetujui.")
                % {"version": locked.short_version, "status": locked.get_status_display()}
            )
        locked.status = PmtModelStatus.APPROVED
        locked.approved_by = user
        locked.approved_at = timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(
            actor=user,
            action="assessment.model_approve",
            obj=locked,
            summary=f"Model PMT {locked.kind} {locked.short_version} disetujui",
            changes={"status": [PmtModelStatus.DRAFT, PmtModelStatus.APPROVED]},
        )
    return locked


def pmt_model_retire(*, model: PmtModel, user: User) -> PmtModel:
    """Retire ``model``: it ranks no more; its rankings stay as they are (pusdatin only)."""
    _require_manager(user, allow_command_line=False)
    with transaction.atomic():
        locked = PmtModel.objects.select_for_update().get(pk=model.pk)
        if locked.status == PmtModelStatus.RETIRED:
            raise PmtModelRefusedError(
                _("Model %(version)s sudah dipensiunkan.") % {"version": locked.short_version}
            )
        before = locked.status
        locked.status = PmtModelStatus.RETIRED
        locked.save(update_fields=["status"])
        audit_record(
            actor=user,
            action="assessment.model_retire",
            obj=locked,
            summary=f"Model PMT {locked.kind} {locked.short_version} dipensiunkan",
            changes={"status": [before, PmtModelStatus.RETIRED]},
        )
    return locked


def pmt_model_find(*, reference: str) -> PmtModel:
    """The stored model whose version is ``reference`` or starts with it (at least 6 chars)."""
    reference = reference.strip().lower()
    if len(reference) < 6:
        raise PmtModelRefusedError(
            _("Sebutkan paling sedikit 6 karakter awal versi model (diberikan: %(ref)r).")
            % {"ref": reference}
        )
    found = list(PmtModel.objects.filter(version__startswith=reference)[:2])
    if not found:
        raise PmtModelRefusedError(
            _("Tidak ada model PMT tersimpan dengan versi %(ref)s.") % {"ref": reference}
        )
    if len(found) > 1:
        raise PmtModelRefusedError(
            _("Awal versi %(ref)s cocok dengan beberapa model; tulis lebih panjang.")
            % {"ref": reference}
        )
    return found[0]
