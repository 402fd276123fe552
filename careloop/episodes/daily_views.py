"""Pages for the working day: the top bar's search and "Today". Thin: parse, read, render."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from careloop.accounts.access import practice_for_user
from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_views
from careloop.episodes.search import search as search_practice
from careloop.episodes.today import today_plan


@practice_view
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    practice = practice_for_user(request.user)
    results = search_practice(practice, request.GET.get("q", ""))
    with transaction.atomic():
        # Each client the page names is a view of client data. The detail says where it
        # was seen, never the words searched for (a name is client data too).
        audit_views(
            actor=request.user,
            practice=practice,
            objects=results.shown_clients,
            detail="search result",
        )
    return render(request, "episodes/search.html", {"results": results, "q": results.q})


@practice_view
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    plan = today_plan(practice_for_user(request.user))
    return render(request, "episodes/today.html", {"plan": plan, "now": plan.now})
