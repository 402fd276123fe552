"""The address a request came from, for rate limits keyed by address.

Behind the reverse proxy (``BEHIND_HTTPS``) every request arrives from the proxy's own
address, so a limit keyed on ``REMOTE_ADDR`` would throttle every client together. The proxy
sets ``X-Real-IP`` to the address it saw, replacing anything a client sent
(docs/deploy.md); without the proxy that header is the client's own word and is ignored.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "BEHIND_HTTPS", False):
        forwarded = str(request.META.get("HTTP_X_REAL_IP", "")).strip()
        if forwarded:
            return forwarded
    return str(request.META.get("REMOTE_ADDR", ""))
