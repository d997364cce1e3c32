"""Clerical review pages: the queue of uncertain record pairs, and one pair side by side.

Views are thin: reads go through ``selectors_review`` (scoped: a pair outside the reviewer's
region answers 404 like one that does not exist), the decision through ``services_review``.
Users who may not review at all get 403. Works without JavaScript; htmx only refreshes the
queue's results when its filter changes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dtks.accounts.models import User
from dtks.identity.forms_review import ReviewDecisionForm, ReviewQueueFilterForm
from dtks.identity.models import ReviewDecisionChoice
from dtks.identity.presenters_review import evidence_rows, record_rows
from dtks.identity.selectors_review import (
    ReviewPairDetail,
    can_review_identity,
    review_counts,
    review_decisions_recent,
    review_pair_detail,
    review_queue,
    review_region_options,
)
from dtks.identity.services_review import (
    ReviewDecisionError,
    ReviewPairNotFoundError,
    ReviewPermissionError,
    review_decide,
)
from dtks.registry.selectors import can_see_full_nik

View = Callable[..., HttpResponseBase]
_FILTER_KEYS = ("wilayah", "urut")


def reviewer_required(view: View) -> View:
    """Logged in and a role that reviews identity pairs, with a scope (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not can_review_identity(user=_user(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _filter_form(request: HttpRequest, data: dict[str, str]) -> ReviewQueueFilterForm:
    regions = review_region_options(user=_user(request))
    return ReviewQueueFilterForm(data or None, regions=regions)


def _filters(source: dict[str, str]) -> dict[str, str]:
    """The queue filter carried from page to page (list, pair, decision, next pair)."""
    return {key: source[key] for key in _FILTER_KEYS if source.get(key)}


@reviewer_required
@require_GET
def review_queue_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filters = _filters(request.GET.dict())
    form = _filter_form(request, filters)
    pairs = review_queue(user=user, region_code=form.region_code(), order=form.order())
    page = Paginator(pairs, settings.DTKS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "querystring": urlencode(filters),
        "counts": review_counts(user=user),
        "recent": review_decisions_recent(user=user),
    }
    template = "identity/_review_queue_results.html" if _is_htmx(request) else None
    response = render(request, template or "identity/review_queue.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@reviewer_required
@require_http_methods(["GET", "POST"])
def review_pair_view(request: HttpRequest, pair_id: int) -> HttpResponse:
    user = _user(request)
    detail = review_pair_detail(user=user, pair_id=pair_id)
    if detail is None:
        raise Http404
    if request.method == "GET":
        return _pair_page(request, detail, ReviewDecisionForm(), _filters(request.GET.dict()))
    filters = _filters(request.POST.dict())
    form = ReviewDecisionForm(request.POST)
    if not form.is_valid():
        return _pair_page(request, detail, form, filters, status=400)
    try:
        review_decide(
            user=user,
            pair_id=pair_id,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except ReviewPermissionError as refused:
        raise PermissionDenied from refused
    except ReviewPairNotFoundError as missing:
        raise Http404 from missing
    except ReviewDecisionError as refused:
        messages.error(request, str(refused))
        return redirect(_with_query(reverse("identity_review:pair", args=[pair_id]), filters))
    label = ReviewDecisionChoice(form.cleaned_data["decision"]).label
    messages.success(
        request,
        _("Pasangan #%(id)s diputuskan: %(decision)s.") % {"id": pair_id, "decision": label},
    )
    return _next_pair(request, filters)


def _next_pair(request: HttpRequest, filters: dict[str, str]) -> HttpResponse:
    """The next pending pair of the same queue (filter and order), or the queue when empty."""
    form = _filter_form(request, filters)
    following = review_queue(
        user=_user(request), region_code=form.region_code(), order=form.order()
    ).first()
    if following is None:
        messages.info(request, _("Tidak ada lagi pasangan yang menunggu dalam antrean ini."))
        return redirect(_with_query(reverse("identity_review:queue"), filters))
    return redirect(_with_query(reverse("identity_review:pair", args=[following.pk]), filters))


def _with_query(url: str, filters: dict[str, str]) -> str:
    return f"{url}?{urlencode(filters)}" if filters else url


def _pair_page(
    request: HttpRequest,
    detail: ReviewPairDetail,
    form: ReviewDecisionForm,
    filters: dict[str, str],
    status: int = 200,
) -> HttpResponse:
    full_nik = can_see_full_nik(user=_user(request))
    pair = detail.pair
    context = {
        "pair": pair,
        "decision": detail.decision,
        "records": record_rows(pair.source_person_l, pair.source_person_r, full_nik=full_nik),
        "evidence": evidence_rows(pair.evidence or {}, full_nik=full_nik),
        "full_nik": full_nik,
        "form": form,
        "filters": filters,
        "querystring": urlencode(filters),
        "percent": round(pair.match_probability * 100, 1),
    }
    return render(request, "identity/review_pair.html", context, status=status)
