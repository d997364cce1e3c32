"""Pages of identity resolution: link runs with their quality report, and a register
person with the source records it was made from. Thin: reads through
``selectors_linkage``, writes through ``services_linkage``."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dtks.accounts.models import User
from dtks.identity import selectors_linkage as selectors
from dtks.identity.presenters_linkage import golden_values, source_rows
from dtks.identity.services_linkage import (
    LinkRunRefusedError,
    link_run_create,
    link_run_enqueue,
)
from dtks.registry.selectors import can_read_registry, can_see_full_nik


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@login_required
@require_http_methods(["GET", "POST"])
def run_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not selectors.can_run_linkage(user=user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            run = link_run_create(user=user)
        except LinkRunRefusedError as error:
            messages.error(request, str(error))
            return redirect("linkage:run_list")
        link_run_enqueue(link_run=run)
        return redirect("linkage:run_detail", run_id=run.pk)
    runs = selectors.link_run_list(user=user)
    page = Paginator(runs, settings.DTKS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "identity/linkage_run_list.html", {"page": page})


@login_required
@require_GET
def run_detail_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _user(request)
    if not selectors.can_run_linkage(user=user):
        raise PermissionDenied
    run = selectors.link_run_get(user=user, run_id=run_id)
    if run is None:
        raise Http404
    context = {"run": run, "report": run.report, "previous": selectors.link_run_previous(run=run)}
    partial = request.headers.get("HX-Request") == "true"
    template = (
        "identity/_linkage_run_status.html" if partial else "identity/linkage_run_detail.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def person_detail_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    if not can_read_registry(user=user):
        raise PermissionDenied
    found = selectors.person_lineage_get(user=user, person_id=person_id)
    if found is None:
        raise Http404
    full_nik = can_see_full_nik(user=user)
    context = {
        "person": found.person,
        "household": found.person.household,
        "values": golden_values(found, full_nik=full_nik),
        "sources": source_rows(found, full_nik=full_nik),
        "full_nik": full_nik,
        "title": _("Individu"),
    }
    return render(request, "identity/linkage_person.html", context)
