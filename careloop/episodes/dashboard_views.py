"""The home page: what needs attention now across the practice's episodes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from careloop.accounts.access import active_membership
from careloop.accounts.decorators import practice_view
from careloop.core.pageparts import render_part
from careloop.episodes.selectors import dashboard as dashboard_data


@practice_view
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs attention now (a fixed number of queries, none while the practice has
    not changed within the minute); a user without a practice sees the page without
    practice data."""
    membership = active_membership(request.user)
    body = None
    if membership is not None:
        practice = membership.practice
        body = render_part(
            request,
            "dashboard",
            "episodes/_dashboard_body.html",
            lambda as_of: {"data": dashboard_data(practice, now=as_of)},
        )
    return render(request, "episodes/dashboard.html", {"body": body})
