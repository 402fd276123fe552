"""The home page: what needs attention now across the practice's episodes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from careloop.accounts.access import active_membership
from careloop.accounts.decorators import practice_view
from careloop.episodes.selectors import dashboard as dashboard_data


@practice_view
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs attention now (a fixed number of queries); a user without a practice
    sees the page without practice data."""
    membership = active_membership(request.user)
    data = dashboard_data(membership.practice) if membership is not None else None
    return render(request, "episodes/dashboard.html", {"data": data})
