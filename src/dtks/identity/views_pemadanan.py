"""Pemadanan pages: the runs with their counts, starting a run, a run with live progress."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dtks.accounts.models import User
from dtks.identity import selectors_pemadanan as selectors
from dtks.identity.forms_pemadanan import PemadananStartForm
from dtks.identity.models import CivregStatus
from dtks.identity.services_pemadanan import (
    PemadananRefusedError,
    pemadanan_configured,
    pemadanan_create,
    pemadanan_enqueue,
)

View = Callable[..., HttpResponseBase]


def pemadanan_runner_required(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.can_run_pemadanan(user=_user(request)):
            return HttpResponseForbidden(_("Peran Anda tidak dapat menjalankan pemadanan."))
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _status_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    rows = [(value, str(label), counts.get(value, 0)) for value, label in CivregStatus.choices]
    rows.append((selectors.NOT_CHECKED, _("Belum diperiksa"), counts.get(selectors.NOT_CHECKED, 0)))
    return rows


@pemadanan_runner_required
def pemadanan_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.pemadanan_list(user=user), settings.DTKS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "form": PemadananStartForm(),
        "configured": pemadanan_configured(),
        "busy": selectors.pemadanan_busy(user=user),
        "statuses": CivregStatus.choices,
        "region_counts": _status_rows(selectors.civreg_status_counts(user=user)),
    }
    return render(request, "identity/pemadanan_list.html", context)


@require_POST
@pemadanan_runner_required
def pemadanan_start_view(request: HttpRequest) -> HttpResponse:
    form = PemadananStartForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Isian tidak valid: %(errors)s") % {"errors": form.errors.as_text()}
        )
        return redirect("pemadanan:list")
    try:
        run = pemadanan_create(
            user=_user(request),
            target=form.cleaned_data["target"],
            max_age=timedelta(days=form.cleaned_data["max_age_days"]),
        )
    except PemadananRefusedError as error:
        messages.error(request, str(error))
        return redirect("pemadanan:list")
    pemadanan_enqueue(run=run)
    return redirect("pemadanan:detail", run_id=run.pk)


@pemadanan_runner_required
def pemadanan_detail_view(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.pemadanan_get(user=_user(request), run_id=run_id)
    if run is None:
        raise Http404
    context = {
        "run": run,
        "statuses": [(label, getattr(run, v)) for v, label in CivregStatus.choices],
    }
    template = (
        "identity/_pemadanan_status.html"
        if request.headers.get("HX-Request")
        else "identity/pemadanan_detail.html"
    )
    return render(request, template, context)
