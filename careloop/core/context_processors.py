from __future__ import annotations

from django.http import HttpRequest


def practice(request: HttpRequest) -> dict[str, object]:
    return {
        "current_practice": getattr(request, "practice", None),
        "current_membership": getattr(request, "membership", None),
    }
