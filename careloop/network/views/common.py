from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse

from careloop.network.access import require_member

View = Callable[..., HttpResponse]
PAGE_SIZE = 30


def network_view(view: View) -> View:
    """Signed in and a network member (active or suspended): everyone else gets 404,
    as for a page that does not exist. The member is `request.network_member`.

    Not practice_view: the network is shared between practices and shows no practice's
    client data; what a page may show depends on network membership, not on a practice."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.network_member = require_member(request.user)  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def page_of(request: HttpRequest, items: Any) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
