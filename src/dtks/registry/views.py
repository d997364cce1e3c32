"""The registry browser: region drill-down, household list and detail, exports.

Views are thin: every read goes through ``dtks.registry.selectors``, which apply the user's
region scope. A household or region outside the scope answers 404, like one that does not
exist, so its existence is not leaked. Users with no registry scope at all get 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import wraps
from typing import cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dtks.accounts.models import User
from dtks.domain import codes
from dtks.regions.models import Region
from dtks.registry import exports
from dtks.registry.forms import HouseholdSearchForm
from dtks.registry.models import Household
from dtks.registry.presenters import household_sections, member_rows
from dtks.registry.selectors import (
    can_read_registry,
    can_see_full_nik,
    household_get,
    household_list,
    region_drilldown,
    region_filter_options,
)
from dtks.spreadsheets import Cell, csv_lines, xlsx_file

View = Callable[..., HttpResponseBase]


def registry_reader_required(view: View) -> View:
    """Logged in, GET only, and a role with a registry scope (else 403)."""

    @login_required
    @require_GET
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not can_read_registry(user=_user(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _is_htmx(request: HttpRequest) -> bool:
    """An htmx request for a fragment (history restores need the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@registry_reader_required
def region_view(request: HttpRequest, code: str | None = None) -> HttpResponse:
    drilldown = region_drilldown(user=_user(request), code=code)
    if drilldown is None:
        raise Http404
    crumbs = [(r, drilldown.browsable(r)) for r in drilldown.path]
    return render(
        request,
        "registry/region.html",
        {"drilldown": drilldown, "crumbs": crumbs, "national": drilldown.root_code is None},
    )


def _search_form(request: HttpRequest) -> HouseholdSearchForm:
    selected = request.GET.get("wilayah", "")
    regions = region_filter_options(user=_user(request), selected=selected)
    return HouseholdSearchForm(
        request.GET or None, regions=[(r.code, f"{r.code} {r.name}") for r in regions]
    )


@registry_reader_required
def household_list_view(request: HttpRequest) -> HttpResponse:
    form = _search_form(request)
    filters = form.filters() if form.is_bound else None
    households = household_list(user=_user(request), filters=filters)
    page = Paginator(households, settings.DTKS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "querystring": query.urlencode()}
    template = "registry/_household_results.html" if _is_htmx(request) else None
    response = render(request, template or "registry/household_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@registry_reader_required
def household_detail_view(request: HttpRequest, household_id: int) -> HttpResponse:
    user = _user(request)
    household = household_get(user=user, household_id=household_id)
    if household is None:
        raise Http404
    full_nik = can_see_full_nik(user=user)
    members = member_rows(household, full_nik=full_nik)
    families = list(household.families.all())
    context = {
        "household": household,
        "head": next((m for m in members if m.person.hubungan == codes.HEAD), None),
        "region_path": _region_path(household),
        "sections": household_sections(household),
        "members": members,
        "families": families,
        "several_families": len(families) > 1,
        "full_nik": full_nik,
    }
    return render(request, "registry/household_detail.html", context)


def _region_path(household: Household) -> list[Region]:
    """Province first, down to the village (already loaded by the selector)."""
    path = []
    region: Region | None = household.village
    while region is not None:
        path.append(region)
        region = region.parent
    return path[::-1]


def _export_rows(request: HttpRequest) -> Iterator[list[Cell]]:
    user = _user(request)
    form = _search_form(request)
    households = household_list(user=user, filters=form.filters() if form.is_bound else None)
    return exports.household_rows(households, full_nik=can_see_full_nik(user=user))


def _export_name(extension: str) -> str:
    return f"dtks-rumah-tangga-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


@registry_reader_required
def export_csv_view(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(_export_rows(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


@registry_reader_required
def export_xlsx_view(request: HttpRequest) -> FileResponse:
    handle = xlsx_file([(_("Rumah tangga"), _export_rows(request))])
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_export_name("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
