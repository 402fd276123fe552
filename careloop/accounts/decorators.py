"""View decorators shared by the apps."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def practice_view(view: View) -> View:
    """Signed in and a member of a practice. The practice's time zone is already active
    (PracticeMiddleware), so dates are shown and read in it."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "practice", None) is None:
            raise Http404("No practice")
        return view(request, *args, **kwargs)

    # Read by tests/test_it_guards_every_practice_page.py, which walks the URLs.
    wrapper.practice_view = True  # type: ignore[attr-defined]
    return wrapper
