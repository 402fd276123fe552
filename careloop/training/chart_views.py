"""htmx partials of the client page's training panel: the pain chart and the load chart."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_view
from careloop.training import panel
from careloop.training.access import client_for_user


@practice_view
@require_GET
def pain_chart(request: HttpRequest, client_id: int) -> HttpResponse:
    """htmx: the pain chart of the client page's training panel."""
    client = client_for_user(request.user, client_id)
    context = panel.pain_chart_context(client)
    with transaction.atomic():
        audit_view(actor=request.user, obj=client, detail="pain chart")
    return render(request, "training/_pain_chart.html", context)


@practice_view
@require_GET
def load_chart(request: HttpRequest, client_id: int) -> HttpResponse:
    """htmx: the load chart with its exercise select, for the exercise asked for (the select's
    change swaps in only the chart)."""
    client = client_for_user(request.user, client_id)
    context = panel.load_chart_context(client, request.GET.get("exercise"))
    context["client"] = client
    with transaction.atomic():
        audit_view(actor=request.user, obj=client, detail="load chart")
    return render(request, "training/_load_block.html", context)
