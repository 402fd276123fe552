"""The API object: its routers are mounted here, in one place.

To add a resource, write one module under careloop/api/ with a ``router`` and add it to
``ROUTERS`` (path prefix, module). Error responses are documented as
``application/problem+json`` (see errors.py).
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger

from careloop.api import (
    checkin_links,
    clients,
    episodes,
    fhir_bulk,
    follow_ups,
    letters,
    pain_reports,
    programs,
    referral_sources,
    sessions,
)
from careloop.api.auth import TokenAuth
from careloop.api.errors import PROBLEM_TYPE, install_handlers

ROUTERS: list[tuple[str, Router]] = [
    ("/referral-sources", referral_sources.router),
    ("/clients", clients.router),
    ("/clients", programs.router),
    ("/clients", sessions.router),
    ("/clients", pain_reports.router),
    ("/episodes", episodes.router),
    ("/letters", letters.router),
    ("/follow-ups", follow_ups.router),
    ("/checkin-links", checkin_links.router),
    ("", fhir_bulk.router),
]

DESCRIPTION = """CareLoop's REST API. Authenticate with a practice's API token
(`Authorization: Bearer cl_...`, created by an owner under Practice settings → API tokens).
Errors are RFC 9457 problem details. See docs/api.md in the repository."""


class CareLoopApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Error responses are problem details: say so in their content type."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                # An operation's openapi_extra (the letters' file types) names its status as
                # a string beside ninja's integer: keep one key per status, the extra's.
                responses: dict[str, Any] = {}
                for status, response in operation.get("responses", {}).items():
                    responses.setdefault(str(status), {}).update(response)
                operation["responses"] = responses
                for status, response in responses.items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_TYPE] = content.pop("application/json")
        return schema


def build_api() -> NinjaAPI:
    api = CareLoopApi(
        title="CareLoop API",
        version="1",
        description=DESCRIPTION,
        auth=TokenAuth(),
        urls_namespace="api",
        docs=Swagger(settings={"persistAuthorization": False}),
    )
    install_handlers(api)
    for prefix, router in ROUTERS:
        api.add_router(prefix, router)
    return api


api = build_api()
