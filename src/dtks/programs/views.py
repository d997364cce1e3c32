"""Programme pages: the programmes with their active rules, a programme's versions with the
edit form, and the minimum wages. Thin: reads through ``selectors``, writes through
``services``. Everyone with a registry scope reads; pusdatin edits (else 403 on POST)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dtks.accounts.models import User
from dtks.programs import selectors
from dtks.programs.forms import MinimumWageForm, RuleSetForm
from dtks.programs.presenters import amount_summary
from dtks.programs.services import (
    MinimumWageError,
    RuleSetError,
    minimum_wage_set,
    rule_set_create,
)

View = Callable[..., HttpResponseBase]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def programme_viewer_required(view: View) -> View:
    """Logged in with a registry scope (else 403); POST needs an editor (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        user = _user(request)
        if not selectors.can_view_programmes(user=user):
            raise PermissionDenied
        if request.method == "POST" and not selectors.can_edit_programmes(user=user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@programme_viewer_required
def programme_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    run = selectors.run_latest_done(user=user)
    totals = {t.programme: t for t in selectors.run_totals(user=user, run=run)} if run else {}
    rows = []
    for programme in selectors.programme_list():
        active = selectors.rule_set_active(programme=programme)
        rows.append(
            {
                "programme": programme,
                "active": active,
                "amounts": amount_summary(active.document) if active else "-",
                "desil_max": active.document.get("desil_max") if active else None,
                "totals": totals.get(programme.code),
            }
        )
    context = {
        "rows": rows,
        "run": run,
        "can_edit": selectors.can_edit_programmes(user=user),
    }
    return render(request, "programs/programme_list.html", context)


@require_http_methods(["GET", "POST"])
@programme_viewer_required
def programme_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    programme = selectors.programme_get(code=code)
    if programme is None:
        raise Http404
    active = selectors.rule_set_active(programme=programme)
    status = 200
    if request.method == "POST":
        form = RuleSetForm(request.POST)
        if form.is_valid():
            try:
                rule_set = rule_set_create(
                    programme=programme,
                    document_text=form.cleaned_data["document"],
                    user=user,
                    note=form.cleaned_data["note"],
                )
            except RuleSetError as error:
                form.add_error("document", str(error))
            else:
                messages.success(
                    request,
                    _("Aturan %(code)s versi %(v)s disimpan dan aktif.")
                    % {"code": programme.code, "v": rule_set.version},
                )
                return redirect("programs:programme_detail", code=programme.code)
        status = 400
    else:
        initial = json.dumps(active.document, indent=2, ensure_ascii=False) if active else ""
        form = RuleSetForm(initial={"document": initial})
    context = {
        "programme": programme,
        "active": active,
        "amounts": amount_summary(active.document) if active else "-",
        "versions": selectors.rule_set_list(programme=programme).order_by("-version"),
        "form": form,
        "can_edit": selectors.can_edit_programmes(user=user),
    }
    return render(request, "programs/programme_detail.html", context, status=status)


@require_GET
@programme_viewer_required
def rule_set_view(request: HttpRequest, rule_set_id: int) -> HttpResponse:
    rule_set = selectors.rule_set_get(rule_set_id=rule_set_id)
    if rule_set is None:
        raise Http404
    context = {
        "programme": rule_set.programme,
        "rule_set": rule_set,
        "document": json.dumps(rule_set.document, indent=2, ensure_ascii=False),
    }
    return render(request, "programs/rule_set.html", context)


@require_http_methods(["GET", "POST"])
@programme_viewer_required
def minimum_wage_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = 200
    form = MinimumWageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                wage = minimum_wage_set(
                    kode_wilayah=data["kode_wilayah"],
                    year=data["year"],
                    amount=data["amount"],
                    source=data["source"],
                    user=user,
                )
            except MinimumWageError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Upah minimum %(code)s tahun %(year)s disimpan.")
                    % {"code": wage.kode_wilayah, "year": wage.year},
                )
                return redirect("programs:minimum_wages")
        status = 400
    context = {
        "wages": selectors.minimum_wage_list(),
        "form": form,
        "can_edit": selectors.can_edit_programmes(user=user),
    }
    return render(request, "programs/minimum_wages.html", context, status=status)
