from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from careloop.accounts.decorators import practice_view

log = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        log.warning("healthz: database unreachable (%s)", type(exc).__name__)
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    # The vendor (or version) is not said: it would only help someone probing for known bugs.
    return JsonResponse({"status": "ok", "database": "reachable"})


@practice_view
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs attention now (the episodes app's selector; a fixed number of queries)."""
    from careloop.accounts.access import active_membership
    from careloop.episodes.selectors import dashboard as dashboard_data

    membership = active_membership(request.user)
    data = dashboard_data(membership.practice) if membership is not None else None
    return render(request, "core/dashboard.html", {"data": data})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)
