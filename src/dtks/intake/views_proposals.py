"""Usulan pages: proposal list and page, household entry with live checks, musdes, submit.

Views are thin: reads go through ``proposal_selectors`` (scoped: a proposal outside the user's
scope answers 404 like one that does not exist), writes through ``proposals`` (services).
Roles without any access to proposals get 403; a reader who may not change a proposal gets
403 on the editing pages, its operator is sent back to the read-only page once it is submitted.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dtks.accounts.models import User
from dtks.intake import minutes, proposals
from dtks.intake.models import Proposal, ProposalStatus, ProposedHousehold
from dtks.intake.proposal_forms import (
    HouseholdEntry,
    MusdesForm,
    entry_check,
    household_entry,
)
from dtks.intake.proposal_presenters import audit_rows, household_rows, household_sections_of
from dtks.intake.proposal_rules import proposed_household_problems
from dtks.intake.proposal_selectors import (
    can_read_proposals,
    proposal_audit,
    proposal_get,
    proposal_households,
    proposal_list,
    proposed_household_get,
    register_matches,
)
from dtks.intake.proposals import ProposalPermissionError, ProposalStateError
from dtks.registry.services import Problem, RegistryValidationError

View = Callable[..., HttpResponseBase]


def proposal_reader_required(view: View) -> View:
    """Logged in and a role that works with proposals (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not can_read_proposals(user=_user(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    proposal = proposal_get(user=_user(request), proposal_id=proposal_id)
    if proposal is None:
        raise Http404
    return proposal


def _detail(proposal: Proposal) -> str:
    return reverse("intake:proposal_detail", args=[proposal.pk])


def _editable(request: HttpRequest, proposal: Proposal) -> HttpResponse | None:
    """None when the user may change ``proposal``; else a redirect (its operator, once it is
    submitted) or PermissionDenied (readers)."""
    user = _user(request)
    if proposals.can_edit(user=user, proposal=proposal):
        return None
    if proposals.can_draft(user=user) and proposal.village_id == user.region_id:
        messages.error(request, _("Usulan ini sudah diajukan dan tidak dapat diubah lagi."))
        return redirect(_detail(proposal))
    raise PermissionDenied


# --- List, create, page ----------------------------------------------------------------


@proposal_reader_required
@require_GET
def proposal_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "")
    status = status if status in ProposalStatus.values else ""
    rows = proposal_list(user=user, status=status)
    page = Paginator(rows, settings.DTKS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": ProposalStatus.choices,
        "can_create": proposals.can_draft(user=user),
        "querystring": f"status={status}&" if status else "",
    }
    return render(request, "intake/proposal_list.html", context)


@proposal_reader_required
@require_POST
def proposal_create_view(request: HttpRequest) -> HttpResponse:
    try:
        proposal = proposals.proposal_create(user=_user(request))
    except ProposalPermissionError as refused:
        raise PermissionDenied from refused
    messages.success(request, _("Usulan baru dibuat. Tambahkan rumah tangga yang diusulkan."))
    return redirect(_detail(proposal))


@proposal_reader_required
@require_GET
def proposal_detail_view(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user = _user(request)
    proposal = _proposal(request, proposal_id)
    households = proposal_households(proposal=proposal)
    niks = [m.nik for h in households for m in h.members.all()]
    flags = register_matches(user=user, village_code=proposal.village_id, niks=niks)
    musdes_done = bool(proposal.musdes_date and proposal.minutes_path)
    context = {
        "proposal": proposal,
        "households": household_rows(households, flags),
        "n_flags": sum(1 for m in set(niks) if m in flags),
        "can_edit": proposals.can_edit(user=user, proposal=proposal),
        "musdes_done": musdes_done,
        "ready": bool(households) and musdes_done,
        "events": audit_rows(proposal_audit(proposal=proposal)),
    }
    return render(request, "intake/proposal_detail.html", context)


@proposal_reader_required
@require_http_methods(["GET", "POST"])
def proposal_delete_view(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    if (response := _editable(request, proposal)) is not None:
        return response
    if request.method == "POST":
        proposals.proposal_delete(user=_user(request), proposal=proposal)
        messages.success(request, _("Usulan dihapus."))
        return redirect("intake:proposal_list")
    return render(request, "intake/proposal_confirm.html", {"proposal": proposal})


@proposal_reader_required
@require_POST
def proposal_submit_view(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    if (response := _editable(request, proposal)) is not None:
        return response
    try:
        proposals.proposal_submit(user=_user(request), proposal=proposal)
    except ProposalStateError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Usulan diajukan ke Dinas Sosial kabupaten/kota."))
    return redirect(_detail(proposal))


# --- Households -------------------------------------------------------------------------


def _household(proposal: Proposal, household_id: int | None) -> ProposedHousehold | None:
    if household_id is None:
        return None
    household = proposed_household_get(proposal=proposal, household_id=household_id)
    if household is None:
        raise Http404
    return household


def _checked(
    request: HttpRequest,
    proposal: Proposal,
    household: ProposedHousehold | None,
    *,
    live: bool,
) -> tuple[HouseholdEntry, list[Problem]]:
    entry = household_entry(data=request.POST, household=household)
    found: list[Problem] = []

    def problems_of(entry: HouseholdEntry) -> list[Problem]:
        found.extend(
            proposed_household_problems(
                proposal=proposal,
                housing=entry.form.housing(),
                address=entry.form.address(),
                members=entry.members(),
                household_id=household.pk if household else None,
            )
        )
        return found

    return entry_check(entry, problems_of=problems_of, live=live), found


def _entry_context(
    request: HttpRequest,
    proposal: Proposal,
    household: ProposedHousehold | None,
    entry: HouseholdEntry,
) -> dict[str, Any]:
    if household is not None and request.method != "POST":
        for row, member in zip(entry.rows, household.members.all(), strict=False):
            row.nik = member.nik or ""
    niks = [row.nik for row in entry.rows]
    flags = register_matches(user=_user(request), village_code=proposal.village_id, niks=niks)
    for row in entry.rows:
        row.flag = flags.get(row.nik)
    validate = (
        reverse("intake:household_validate", args=[proposal.pk, household.pk])
        if household
        else reverse("intake:household_validate_new", args=[proposal.pk])
    )
    return {
        "proposal": proposal,
        "household": household,
        "entry": entry,
        "validate_url": validate,
    }


@proposal_reader_required
@require_http_methods(["GET", "POST"])
def household_form_view(
    request: HttpRequest, proposal_id: int, household_id: int | None = None
) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    household = _household(proposal, household_id)
    if (
        household is not None
        and request.method == "GET"
        and not proposals.can_edit(user=_user(request), proposal=proposal)
    ):
        return _household_read_view(request, proposal, household)
    if (response := _editable(request, proposal)) is not None:
        return response
    if request.method == "GET":
        entry = household_entry(household=household)
    elif "tambah_anggota" in request.POST:
        data = request.POST.copy()
        total = data.get("anggota-TOTAL_FORMS", "0")
        data["anggota-TOTAL_FORMS"] = str(int(total) + 1 if total.isdigit() else 1)
        entry = household_entry(data=data, household=household)
    else:
        entry, _problems = _checked(request, proposal, household, live=False)
        if entry.valid:
            try:
                saved = proposals.proposed_household_save(
                    user=_user(request),
                    proposal=proposal,
                    housing=entry.form.housing(),
                    address=entry.form.address(),
                    members=entry.members(),
                    household=household,
                )
            except RegistryValidationError:
                # Changed between the check and the save (another tab): show it again.
                entry, _problems = _checked(request, proposal, household, live=False)
            except ProposalStateError as refused:
                messages.error(request, str(refused))
                return redirect(_detail(proposal))
            else:
                messages.success(request, _("Rumah tangga #%(id)s disimpan.") % {"id": saved.pk})
                return redirect(f"{_detail(proposal)}#ruta-{saved.pk}")
    context = _entry_context(request, proposal, household, entry)
    return render(request, "intake/proposal_household_form.html", context)


@proposal_reader_required
@require_POST
def household_validate_view(
    request: HttpRequest, proposal_id: int, household_id: int | None = None
) -> HttpResponse:
    """Live checks (htmx, on change): the error slots of the page, swapped out of band."""
    proposal = _proposal(request, proposal_id)
    household = _household(proposal, household_id)
    if not proposals.can_edit(user=_user(request), proposal=proposal):
        raise PermissionDenied
    entry, _problems = _checked(request, proposal, household, live=True)
    context = _entry_context(request, proposal, household, entry)
    response = render(request, "intake/proposal_household_errors.html", context)
    add_never_cache_headers(response)
    return response


def _household_read_view(
    request: HttpRequest, proposal: Proposal, household: ProposedHousehold
) -> HttpResponse:
    flags = register_matches(
        user=_user(request),
        village_code=proposal.village_id,
        niks=[m.nik for m in household.members.all()],
    )
    context = {
        "proposal": proposal,
        "household": household_rows([household], flags)[0],
        "sections": household_sections_of(household),
    }
    return render(request, "intake/proposal_household.html", context)


@proposal_reader_required
@require_http_methods(["GET", "POST"])
def household_delete_view(
    request: HttpRequest, proposal_id: int, household_id: int
) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    household = _household(proposal, household_id)
    assert household is not None
    if (response := _editable(request, proposal)) is not None:
        return response
    if request.method == "POST":
        proposals.proposed_household_delete(user=_user(request), household=household)
        messages.success(request, _("Rumah tangga #%(id)s dihapus.") % {"id": household_id})
        return redirect(_detail(proposal))
    context = {"proposal": proposal, "household": household_rows([household], {})[0]}
    return render(request, "intake/proposal_confirm.html", context)


# --- Musdes and its minutes -------------------------------------------------------------

_MULTIPART_OVERHEAD = 64 * 1024


@proposal_reader_required
@require_http_methods(["GET", "POST"])
def musdes_view(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    if (response := _editable(request, proposal)) is not None:
        return response
    initial = {"musdes_date": proposal.musdes_date, "musdes_attendance": proposal.musdes_attendance}
    if request.method == "GET":
        form = MusdesForm(initial=initial)
        return _musdes_page(request, proposal, form)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if length.isdigit() and int(length) > minutes.max_bytes() + _MULTIPART_OVERHEAD:
        # Refuse before reading the body: a huge upload is never stored, not even in tmp.
        refusal = _("Berkas berita acara terlalu besar; paling besar %(limit)s.") % {
            "limit": minutes.size_label(minutes.max_bytes())
        }
        return _musdes_page(request, proposal, MusdesForm(initial=initial), refusal, status=413)
    form = MusdesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            proposals.proposal_musdes_record(
                user=_user(request),
                proposal=proposal,
                musdes_date=form.cleaned_data["musdes_date"],
                attendance=form.cleaned_data["musdes_attendance"],
                minutes=form.cleaned_data.get("minutes"),
            )
        except RegistryValidationError as invalid:
            for problem in invalid.problems:
                field = problem.where if problem.where in form.fields else None
                form.add_error(field, problem.message)
        except ProposalStateError as refused:
            messages.error(request, str(refused))
            return redirect(_detail(proposal))
        else:
            messages.success(request, _("Musdes/muskel dan berita acaranya tersimpan."))
            return redirect(_detail(proposal))
    return _musdes_page(request, proposal, form)


def _musdes_page(
    request: HttpRequest,
    proposal: Proposal,
    form: MusdesForm,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "proposal": proposal,
        "form": form,
        "refusal": refusal,
        "max_size": minutes.size_label(minutes.max_bytes()),
        "accept": minutes.ACCEPT,
    }
    return render(request, "intake/proposal_musdes.html", context, status=status)


@proposal_reader_required
@require_GET
def minutes_download_view(request: HttpRequest, proposal_id: int) -> FileResponse:
    proposal = _proposal(request, proposal_id)
    handle = minutes.open_minutes(proposal.minutes_path) if proposal.minutes_path else None
    if handle is None:
        raise Http404
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=proposal.minutes_name or "berita-acara",
        content_type=proposal.minutes_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
