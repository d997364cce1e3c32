"""Pages of the PMT assessment: overview, stored models (upload, approve), rankings (start,
progress). Thin: reads through ``selectors``, writes through ``services_*``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dtks.accounts.models import User
from dtks.assessment import selectors
from dtks.assessment.forms import ModelUploadForm, RankingStartForm
from dtks.assessment.models import PmtModel, PmtModelStatus
from dtks.assessment.presenters import learner_rows, report_facts
from dtks.assessment.services_models import (
    PmtModelPermissionError,
    PmtModelRefusedError,
    can_manage_models,
    pmt_model_approve,
    pmt_model_retire,
    pmt_model_store,
)
from dtks.assessment.services_ranking import RankingRefusedError, ranking_create, ranking_enqueue

View = Callable[..., HttpResponseBase]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def assessment_viewer_required(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.can_view_assessment(user=_user(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, settings.DTKS_PAGE_SIZE).get_page(request.GET.get("page"))


@assessment_viewer_required
@require_http_methods(["GET"])
def overview_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    ranking = selectors.current_ranking()
    counts = selectors.desil_counts(user=user, ranking=ranking) if ranking else None
    context = {"ranking": ranking, "counts": counts, "can_manage": can_manage_models(user=user)}
    return render(request, "assessment/overview.html", context)


@assessment_viewer_required
@require_http_methods(["GET", "POST"])
def model_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    can_manage = can_manage_models(user=user)
    form = ModelUploadForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = ModelUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                model = pmt_model_store(
                    document_text=form.cleaned_data["file"],
                    name=form.cleaned_data["name"],
                    user=user,
                )
            except PmtModelRefusedError as error:
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    _("Model %(version)s tersimpan sebagai %(status)s.")
                    % {"version": model.short_version, "status": model.get_status_display()},
                )
                return redirect("assessment:model_detail", model_id=model.pk)
    context = {
        "page": _page(request, selectors.pmt_models_list(user=user)),
        "form": form,
        "can_manage": can_manage,
    }
    return render(
        request, "assessment/model_list.html", context, status=400 if form.errors else 200
    )


def _model_or_404(request: HttpRequest, model_id: int) -> PmtModel:
    model = selectors.pmt_model_get(user=_user(request), model_id=model_id)
    if model is None:
        raise Http404
    return model


@assessment_viewer_required
@require_http_methods(["GET"])
def model_detail_view(request: HttpRequest, model_id: int) -> HttpResponse:
    model = _model_or_404(request, model_id)
    context = {
        "model": model,
        "learners": learner_rows(model.report, kind=model.kind),
        "facts": report_facts(model.report),
        "rankings": model.rankings.order_by("-created_at")[:10],
        "can_manage": can_manage_models(user=_user(request)),
        "approvable": model.status == PmtModelStatus.DRAFT,
        "retirable": model.status != PmtModelStatus.RETIRED,
    }
    return render(request, "assessment/model_detail.html", context)


@assessment_viewer_required
@require_POST
def model_approve_view(request: HttpRequest, model_id: int) -> HttpResponse:
    return _model_decide(request, model_id, pmt_model_approve, _("Model %(version)s disetujui."))


@assessment_viewer_required
@require_POST
def model_retire_view(request: HttpRequest, model_id: int) -> HttpResponse:
    return _model_decide(request, model_id, pmt_model_retire, _("Model %(version)s dipensiunkan."))


def _model_decide(
    request: HttpRequest, model_id: int, decide: Callable[..., PmtModel], done: str
) -> HttpResponse:
    user = _user(request)
    if not can_manage_models(user=user):
        raise PermissionDenied
    model = _model_or_404(request, model_id)
    try:
        decide(model=model, user=user)
    except PmtModelPermissionError as error:
        raise PermissionDenied(str(error)) from error
    except PmtModelRefusedError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"version": model.short_version})
    return redirect("assessment:model_detail", model_id=model.pk)


@assessment_viewer_required
@require_http_methods(["GET", "POST"])
def ranking_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    can_manage = can_manage_models(user=user)
    approved = selectors.approved_models(user=user)
    form = RankingStartForm(models=approved)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = RankingStartForm(request.POST, models=approved)
        if form.is_valid():
            try:
                ranking = ranking_create(
                    model=form.cleaned_data["model"],
                    user=user,
                    engine=form.cleaned_data["engine"],
                    as_of=form.cleaned_data["as_of"],
                )
            except RankingRefusedError as error:
                form.add_error(None, str(error))
            else:
                ranking_enqueue(ranking=ranking)
                return redirect("assessment:ranking_detail", ranking_id=ranking.pk)
    context = {
        "page": _page(request, selectors.rankings_list(user=user)),
        "form": form,
        "can_manage": can_manage,
        "has_approved": approved.exists(),
        "current": selectors.current_ranking(),
    }
    return render(
        request, "assessment/ranking_list.html", context, status=400 if form.errors else 200
    )


@assessment_viewer_required
@require_http_methods(["GET"])
def ranking_detail_view(request: HttpRequest, ranking_id: int) -> HttpResponse:
    user = _user(request)
    ranking = selectors.ranking_get(user=user, ranking_id=ranking_id)
    if ranking is None:
        raise Http404
    counts = (
        selectors.desil_counts(user=user, ranking=ranking) if ranking.status == "done" else None
    )
    current = selectors.current_ranking()
    context = {
        "ranking": ranking,
        "counts": counts,
        "is_current": current is not None and current.pk == ranking.pk,
    }
    partial = request.headers.get("HX-Request") == "true"
    template = "assessment/_ranking_status.html" if partial else "assessment/ranking_detail.html"
    return render(request, template, context)
