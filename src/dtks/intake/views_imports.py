"""Import pages: history, upload, a batch with live progress, quarantine downloads."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.intake import import_selectors as selectors
from dtks.intake.import_forms import ImportUploadForm
from dtks.intake.imports import (
    ImportRefusedError,
    import_batch_create_from_uploads,
    import_batch_enqueue,
    import_batch_retry,
)
from dtks.intake.models import ImportBatch
from dtks.intake.quarantine_export import quarantine_table
from dtks.spreadsheets import csv_lines, xlsx_file

View = Callable[..., HttpResponseBase]


def importer_required(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.can_import(user=_user(request)):
            return HttpResponseForbidden(_("Peran Anda tidak dapat mengimpor data."))
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    batch = selectors.import_get(user=_user(request), batch_id=batch_id)
    if batch is None:
        raise Http404
    return batch


@importer_required
def import_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.import_list(user=_user(request)), settings.DTKS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "intake/import_list.html", {"page": page})


@importer_required
def import_new_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    allow_register = user.is_superuser or user.role == Role.PUSDATIN
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, allow_register=allow_register
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = import_batch_create_from_uploads(
                source=form.cleaned_data["source"],
                uploads=form.uploads(),
                created_by=user,
                to_register=bool(form.cleaned_data.get("to_register")),
            )
        except ImportRefusedError as error:
            form.add_error(None, str(error))
        else:
            if created.created:
                import_batch_enqueue(batch=created.batch)
                return redirect("imports:import_detail", batch_id=created.batch.pk)
            messages.warning(
                request,
                _("Isi berkas ini sudah diimpor sebagai impor #%(id)s; tidak ada yang ditambahkan.")
                % {"id": created.batch.pk},
            )
            if selectors.import_get(user=user, batch_id=created.batch.pk) is None:
                return redirect("imports:import_list")  # someone else's import: not shown
            return redirect("imports:import_detail", batch_id=created.batch.pk)
    return render(request, "intake/import_new.html", {"form": form})


@importer_required
def import_detail_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    context = {
        "batch": batch,
        "files": selectors.quarantine_files(batch=batch),
        "issues": selectors.issue_counts(batch=batch, english=get_language() == "en"),
        "preview": selectors.quarantine_preview(batch=batch),
    }
    template = (
        "intake/_import_status.html"
        if request.headers.get("HX-Request")
        else ("intake/import_detail.html")
    )
    return render(request, template, context)


@importer_required
def import_retry_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    batch = _batch(request, batch_id)
    try:
        import_batch_retry(batch=batch)
    except ImportRefusedError as error:
        messages.error(request, str(error))
    return redirect("imports:import_detail", batch_id=batch.pk)


@importer_required
def quarantine_csv_view(request: HttpRequest, batch_id: int) -> StreamingHttpResponse:
    batch = _batch(request, batch_id)
    file_name = _quarantined_file(request, batch)
    rows = quarantine_table(selectors.quarantine_rows(batch=batch, file_name=file_name))
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="karantina-{batch.pk}-{Path(file_name).stem}.csv"'
    )
    return response


@importer_required
def quarantine_xlsx_view(request: HttpRequest, batch_id: int) -> FileResponse:
    batch = _batch(request, batch_id)
    sheets = [
        (Path(name).stem, quarantine_table(selectors.quarantine_rows(batch=batch, file_name=name)))
        for name in selectors.quarantine_files(batch=batch)
    ]
    if not sheets:
        raise Http404
    return FileResponse(
        xlsx_file(sheets),
        as_attachment=True,
        filename=f"karantina-{batch.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _quarantined_file(request: HttpRequest, batch: ImportBatch) -> str:
    files = selectors.quarantine_files(batch=batch)
    wanted = request.GET.get("berkas") or (files[0] if files else "")
    if wanted not in files:
        raise Http404
    return wanted
