from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from careloop.accounts.access import (
    SESSION_PRACTICE_KEY,
    active_memberships,
    choose_membership,
)
from careloop.accounts.signin import SESSION_LAST_SEEN_KEY

# The last-seen time is rewritten at most this often, so most requests do not write the
# session (one UPDATE per request would add up on busy list pages).
_TOUCH_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    """Sign out a session that has been idle longer than IDLE_TIMEOUT_MINUTES."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN_KEY)
            idle_limit = settings.IDLE_TIMEOUT_MINUTES * 60
            if isinstance(last_seen, int) and now - last_seen > idle_limit:
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {settings.IDLE_TIMEOUT_MINUTES} minutes "
                    "without activity. Please sign in again.",
                )
                login_redirect = redirect_to_login(request.get_full_path())
                if request.headers.get("HX-Request"):
                    # htmx would swap the login page into a fragment; send the page there.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login_redirect["Location"]
                    return response
                return login_redirect
            if not isinstance(last_seen, int) or now - last_seen >= _TOUCH_EVERY_SECONDS:
                request.session[SESSION_LAST_SEEN_KEY] = now
        return self.get_response(request)


class PracticeMiddleware:
    """Attach the practice the user works in now (their per-session choice, checked against
    their active memberships on every request) and use its time zone.

    A deactivated membership ends access to that practice only: the session moves to
    another practice of the user's. Without any active membership the user is signed out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.practice = None  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = getattr(request, "session", {})
            chosen_id = session.get(SESSION_PRACTICE_KEY)
            membership = choose_membership(user, chosen_id)
            if membership is None and not user.is_superuser:
                logout(request)
                messages.error(request, "Your access to this practice has ended.")
                return redirect("login")
            if membership is not None:
                if chosen_id is not None and membership.practice_id != chosen_id:
                    session[SESSION_PRACTICE_KEY] = membership.practice_id
                    messages.warning(
                        request,
                        "Your access to the practice you were working in has ended. "
                        f"You are now working in {membership.practice.name}.",
                    )
                request.membership = membership  # type: ignore[attr-defined]
                request.practice = membership.practice  # type: ignore[attr-defined]
                # For the menu's practice switcher (already read: no extra query).
                request.memberships = active_memberships(user)  # type: ignore[attr-defined]
                # Times are shown (and forms read) in the practice's own time zone.
                timezone.activate(membership.practice.tz)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
