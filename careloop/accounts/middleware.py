from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from careloop.accounts.access import active_membership


class PracticeMiddleware:
    """Attach the user's practice and membership to the request, and use its time zone.

    A signed-in user without an active membership (deactivated by an owner) is signed out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.practice = None  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            membership = active_membership(user)
            if membership is None and not user.is_superuser:
                logout(request)
                messages.error(request, "Your access to this practice has ended.")
                return redirect("login")
            if membership is not None:
                request.membership = membership  # type: ignore[attr-defined]
                request.practice = membership.practice  # type: ignore[attr-defined]
                # Times are shown (and forms read) in the practice's own time zone.
                timezone.activate(membership.practice.tz)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
