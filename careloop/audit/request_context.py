"""The request id of the request being served, for audit events and log lines."""

from __future__ import annotations

import contextvars

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)
