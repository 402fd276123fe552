from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from careloop.mfa.flow import NO_DEVICE, STATE_KEY, VERIFIED
from careloop.mfa.selectors import has_second_factor, second_factor_required

logger = logging.getLogger(__name__)

# Pages a person who must enrol can still reach: the enrolment itself, and the way out.
ENROLMENT_OPEN_URL_NAMES = frozenset({"mfa_enrol", "logout", "login", "healthz"})


class TwoFactorMiddleware:
    """Runs after PracticeMiddleware (it needs `request.membership`).

    - A session of a person with a confirmed app that never passed the code step (signed
      in by some path that skipped it) is ended: the second factor cannot be bypassed.
    - An owner, or anyone when their practice requires it, without an app is sent to
      enrolment and reaches no other page until enrolled.
    A session that passed the code step costs no query here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        state = request.session.get(STATE_KEY)
        if state == VERIFIED:
            return self.get_response(request)
        if state is None:
            if has_second_factor(user):
                logger.warning("session of user %s skipped the second factor: ended", user.pk)
                logout(request)
                messages.error(request, "Please sign in again with your authenticator code.")
                return redirect("login")
            request.session[STATE_KEY] = NO_DEVICE
        if (
            not _open_during_enrolment(request)
            and second_factor_required(request.user)
            and not has_second_factor(user)
        ):
            return _to_enrolment(request)
        return self.get_response(request)


def _open_during_enrolment(request: HttpRequest) -> bool:
    return _is_open_during_enrolment(request.path_info)


def _is_open_during_enrolment(path: str) -> bool:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return match.url_name in ENROLMENT_OPEN_URL_NAMES


def _to_enrolment(request: HttpRequest) -> HttpResponse:
    url = reverse("mfa_enrol")
    htmx = getattr(request, "htmx", None)
    if htmx:
        response = HttpResponse(status=204)  # 204: htmx swaps nothing
        # A partial swap would put the enrolment page inside a fragment: load it instead,
        # unless the partial was asked for by the enrolment page itself (the menu's
        # network badge loads on every page). Sending that page to itself would reload
        # it for ever and clear the code being typed.
        if not _is_open_during_enrolment(htmx.current_url_abs_path or ""):
            response["HX-Redirect"] = url
        return response
    return redirect(url)
