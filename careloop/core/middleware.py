from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from careloop.audit.request_context import current_request_id

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep a sane one from a proxy) for audit and logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        # Whether the page's body was a kept part or built (careloop/core/pageparts.py):
        # for operators and the load benchmark's reuse count; says nothing about content.
        part = getattr(request, "page_part", None)
        if part:
            response["X-CareLoop-Part"] = part
        return response


# The REST API's paths (careloop/api): answers are problem details, never HTML pages.
API_PREFIX = "/api/"


class NoStoreWhenSignedInMiddleware:
    """Tell browsers and proxies to keep no copy of anything a signed-in user is shown.

    Client pages and letters are health data: after sign-out, the back button or a shared
    computer's cache must not bring them back. Applies to every response to a signed-in
    user (pages, htmx fragments, downloads), which is simpler and safer than listing views.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # The REST API answers a token, not a session: its answers hold client data too.
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path_info.startswith(API_PREFIX):
            add_never_cache_headers(response)
        return response


NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info:
        return True
    if any(NUL in value for value in request.COOKIES.values()):
        return True
    params = [request.GET]
    # The REST API reads JSON bodies itself (its schemas refuse NUL in text); parsing them
    # as a form here would turn a malformed body into an HTML page.
    if request.method == "POST" and not request.path_info.startswith(API_PREFIX):
        params.append(request.POST)
    return any(
        NUL in key or any(NUL in value for value in values)
        for query in params
        for key, values in query.lists()
    )


class RejectNulMiddleware:
    """Answer 400 to any request with a NUL character in its path, parameters or cookies.

    PostgreSQL cannot store or even compare text holding NUL (the driver raises, and the
    page would be a 500); no person types one, so no view ever sees it. It runs before the
    session is read, because a NUL in the session cookie would reach the database too.
    Form fields refuse NUL as well (Django's CharField does), for data that comes another way.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path_info.startswith(API_PREFIX):
                # The API answers every error as problem details (docs/api.md).
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": "Bad request",
                        "status": 400,
                        "detail": "The request holds a NUL character.",
                    },
                    status=400,
                    content_type="application/problem+json",
                )
            return render(request, "400.html", status=400)
        return self.get_response(request)
