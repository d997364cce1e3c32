from typing import cast

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from dtks.accounts.models import User
from dtks.registry.selectors import can_read_registry, registry_counts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    counts = registry_counts(user=user) if can_read_registry(user=user) else None
    scope_region = user.region.name if user.region_id and user.region else ""
    return render(request, "dashboard/home.html", {"counts": counts, "scope_region": scope_region})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
