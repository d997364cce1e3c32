"""Eligibility-run pages: the runs and the start form, a run with live progress and totals in
the user's scope, a programme's beneficiary list with CSV/XLSX downloads, and the difference
with an earlier run. Lists and totals come from scoped selectors; downloads need a role of
``selectors.LIST_DOWNLOADERS`` (else 403)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dtks.accounts.models import User
from dtks.programs import exports, selectors
from dtks.programs.forms import BeneficiaryFilterForm, RunStartForm
from dtks.programs.models import EligibilityDecision, EligibilityRun, Programme
from dtks.programs.presenters import components_text, failed_reasons_text
from dtks.programs.selectors_lists import RunDiff, beneficiary_list, run_diff
from dtks.programs.services import ProgrammePermissionError
from dtks.programs.services_runs import (
    EligibilityRunRefusedError,
    eligibility_run_create,
    eligibility_run_enqueue,
)
from dtks.programs.views import programme_viewer_required
from dtks.registry.selectors import can_see_full_nik, region_filter_options
from dtks.spreadsheets import Cell, csv_lines, xlsx_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@require_http_methods(["GET", "POST"])
@programme_viewer_required
def run_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = RunStartForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Isian tidak valid: %(e)s") % {"e": form.errors.as_text()})
            return redirect("programs:run_list")
        try:
            run = eligibility_run_create(
                user=user, engine=form.cleaned_data["engine"], as_of=form.cleaned_data["as_of"]
            )
        except (EligibilityRunRefusedError, ProgrammePermissionError) as error:
            messages.error(request, str(error))
            return redirect("programs:run_list")
        eligibility_run_enqueue(run=run)
        return redirect("programs:run_detail", run_id=run.pk)
    page = Paginator(selectors.run_list(user=user), settings.DTKS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "form": form,
        "busy": selectors.run_busy(),
        "can_start": selectors.can_edit_programmes(user=user),
    }
    return render(request, "programs/run_list.html", context)


def _run(request: HttpRequest, run_id: int) -> EligibilityRun:
    run = selectors.run_get(user=_user(request), run_id=run_id)
    if run is None:
        raise Http404
    return run


def _programme(request: HttpRequest, run: EligibilityRun) -> Programme:
    """The programme of ``?program=CODE``, by default the run's first one (404 if unknown)."""
    code = request.GET.get("program") or min(run.totals or {"PKH": None})
    programme = selectors.programme_get(code=code)
    if programme is None:
        raise Http404
    return programme


@require_GET
@programme_viewer_required
def run_detail_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _user(request)
    run = _run(request, run_id)
    context = {
        "run": run,
        "totals": selectors.run_totals(user=user, run=run) if run.status == "done" else [],
        "rule_sets": run.rule_sets.select_related("programme").order_by("programme__code"),
        "earlier": selectors.run_earlier_done(user=user, run=run).first(),
    }
    template = (
        "programs/_run_status.html"
        if request.headers.get("HX-Request")
        else "programs/run_detail.html"
    )
    return render(request, template, context)


def _filter_form(request: HttpRequest) -> BeneficiaryFilterForm:
    selected = request.GET.get("wilayah", "")
    regions = region_filter_options(user=_user(request), selected=selected)
    return BeneficiaryFilterForm(
        request.GET, regions=[(r.code, f"{r.code} {r.name}") for r in regions]
    )


@require_GET
@programme_viewer_required
def beneficiary_list_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _user(request)
    run = _run(request, run_id)
    programme = _programme(request, run)
    form = _filter_form(request)
    decisions = beneficiary_list(
        user=user, run=run, programme=programme.code, filters=form.filters()
    )
    page = Paginator(decisions, settings.DTKS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["program"] = programme.code
    rows = [
        {
            "decision": d,
            "components": components_text(d.components),
            "why_not": failed_reasons_text(d.reasons),
        }
        for d in page.object_list
    ]
    context = {
        "run": run,
        "programme": programme,
        "programmes": sorted(run.totals or {}),
        "form": form,
        "page": page,
        "rows": rows,
        "querystring": query.urlencode(),
        "full_nik": can_see_full_nik(user=user),
        "can_download": selectors.can_download_lists(user=user),
    }
    return render(request, "programs/beneficiary_list.html", context)


def _download_rows(request: HttpRequest, run_id: int) -> tuple[str, Iterator[list[Cell]]]:
    user = _user(request)
    if not selectors.can_download_lists(user=user):
        raise PermissionDenied
    run = _run(request, run_id)
    code = _programme(request, run).code
    form = _filter_form(request)
    decisions = beneficiary_list(user=user, run=run, programme=code, filters=form.filters())
    return code, exports.beneficiary_rows(decisions, full_nik=can_see_full_nik(user=user))


def _file_name(run_id: int, code: str, kind: str, extension: str) -> str:
    return f"dtks-{kind}-{code.lower()}-penetapan-{run_id}.{extension}"


@require_GET
@programme_viewer_required
def beneficiary_csv_view(request: HttpRequest, run_id: int) -> StreamingHttpResponse:
    code, rows = _download_rows(request, run_id)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    name = _file_name(run_id, code, "penerima", "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@programme_viewer_required
def beneficiary_xlsx_view(request: HttpRequest, run_id: int) -> FileResponse:
    code, rows = _download_rows(request, run_id)
    handle = xlsx_file([(code, rows)])
    name = _file_name(run_id, code, "penerima", "xlsx")
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)


def _diff(
    request: HttpRequest, run: EligibilityRun, code: str
) -> tuple[EligibilityRun | None, RunDiff | None]:
    """The earlier run (``?dengan=ID``, else the latest before) and the difference with it."""
    user = _user(request)
    earlier_id = request.GET.get("dengan", "")
    earlier_runs = selectors.run_earlier_done(user=user, run=run)
    earlier = (
        earlier_runs.filter(pk=int(earlier_id)).first()
        if earlier_id.isdigit()
        else earlier_runs.first()
    )
    if earlier is None:
        return None, None
    return earlier, run_diff(user=user, run=run, earlier=earlier, programme=code)


@require_GET
@programme_viewer_required
def diff_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _user(request)
    run = _run(request, run_id)
    programme = _programme(request, run)
    earlier, diff = _diff(request, run, programme.code)
    sections = []
    if diff is not None:
        limit = settings.DTKS_PAGE_SIZE * 4
        sections = [
            (_("Ditambah"), "added", diff.added.count(), list(diff.added[:limit])),
            (_("Dikeluarkan"), "removed", diff.removed.count(), list(diff.removed[:limit])),
            (_("Nilai berubah"), "changed", diff.changed.count(), list(diff.changed[:limit])),
        ]
    context = {
        "run": run,
        "programme": programme,
        "programmes": sorted(run.totals or {}),
        "earlier": earlier,
        "earlier_runs": selectors.run_earlier_done(user=user, run=run),
        "sections": [
            (title, kind, count, [_diff_row(d) for d in items], count > len(items))
            for title, kind, count, items in sections
        ],
        "full_nik": can_see_full_nik(user=user),
        "can_download": selectors.can_download_lists(user=user),
    }
    return render(request, "programs/diff.html", context)


def _diff_row(decision: EligibilityDecision) -> dict[str, object]:
    return {
        "d": decision,
        "why": exports.removal_reason(decision) if hasattr(decision, "now_present") else "",
        "old_amount": getattr(decision, "old_amount", None),
    }


@require_GET
@programme_viewer_required
def diff_csv_view(request: HttpRequest, run_id: int) -> StreamingHttpResponse:
    user = _user(request)
    if not selectors.can_download_lists(user=user):
        raise PermissionDenied
    run = _run(request, run_id)
    code = _programme(request, run).code
    earlier, diff = _diff(request, run, code)
    if diff is None or earlier is None:
        raise Http404
    rows = exports.diff_rows(diff, full_nik=can_see_full_nik(user=user))
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    name = f"dtks-perubahan-{code.lower()}-penetapan-{earlier.pk}-ke-{run_id}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
