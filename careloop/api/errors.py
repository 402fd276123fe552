"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error the API answers has ``type``, ``title``, ``status`` and ``detail``; a refused
input also has ``errors``, one per invalid field, each naming the field by where it was
sent (``in``: body, query, path, header) and its JSON Pointer (``pointer``, e.g.
``/referral/reason``) with a whole-sentence ``detail``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from careloop.clients.duplicates import DuplicateClient
from careloop.clients.services import DuplicateReferralSource
from careloop.episodes.services import WorkflowError
from careloop.training.duplicates import DuplicateSession
from careloop.training.services import ProgramConflict
from careloop.triage.parsing import describe

PROBLEM_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    422: "Invalid input",
    428: "Precondition required",
    429: "Too many requests",
}


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = None


class ApiProblem(Exception):
    """Raised by an endpoint to answer with a problem (e.g. 412 for a stale If-Match)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        errors: list[dict[str, str]] | None = None,
    ):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.errors = errors


def problem(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def pointer(parts: Iterable[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def request_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    """pydantic's errors from parsing the request, each named by where it was sent."""
    found = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        where = str(loc[0]) if loc else "body"
        # ninja puts the parameter's own name after "body" when the body is one schema.
        path = loc[2:] if where == "body" and len(loc) > 1 else loc[1:]
        # The triage parser words the engine's fields (codes and their choices); ninja
        # drops pydantic's "input", which only the code lists need.
        message = describe(error)[1] if "input" in error else _lower(error.get("msg", ""))  # type: ignore[arg-type]
        found.append({"in": where, "pointer": pointer(path), "detail": _sentence(path, message)})
    return found


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


def _sentence(path: list[Any], message: str) -> str:
    message = message.rstrip(".")
    if not path:
        return f"The request {message}."
    return f"“{str(path[-1]).replace('_', ' ')}” {message}."


def service_errors(
    exc: ValidationError, prefix: Callable[[str], list[str]] | None = None
) -> list[dict[str, str]]:
    """A service's ValidationError, each message named by the field it is about.

    ``prefix(field)`` gives the path to the field in the request body (a client's referral
    fields sit under ``/referral``); errors about no field point at the whole body."""
    found = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            parts = [] if field == NON_FIELD_ERRORS else [*(prefix(field) if prefix else []), field]
            found += [{"in": "body", "pointer": pointer(parts), "detail": m} for m in messages]
    else:
        found += [{"in": "body", "pointer": "", "detail": m} for m in exc.messages]
    return found


def install_handlers(api: Any) -> None:
    """Every exception an endpoint lets out becomes a problem."""

    def on_request_invalid(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
        errors = request_errors(exc)
        return problem(422, "The request has invalid fields; see errors.", errors=errors)

    def on_service_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        prefix = getattr(request, "api_error_prefix", None)
        errors = service_errors(exc, prefix)
        if isinstance(exc, ProgramConflict):
            return problem(412, " ".join(exc.messages))
        if isinstance(exc, DuplicateClient | DuplicateReferralSource | DuplicateSession):
            return problem(
                409,
                "A likely duplicate exists; send allow_duplicate: true if this is another one.",
                errors=errors,
            )
        if isinstance(exc, WorkflowError):
            return problem(409, " ".join(exc.messages))
        return problem(422, "The request was refused; see errors.", errors=errors)

    def on_api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        return problem(exc.status, exc.detail, headers=exc.headers, errors=exc.errors)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(404, "There is no such record in this practice.")

    def on_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(403, str(exc) or "This token may not do that.")

    def on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(
            401,
            "Send a live API token: Authorization: Bearer cl_...",
            headers={"WWW-Authenticate": 'Bearer realm="CareLoop API"'},
        )

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(exc.status_code, str(exc.message).rstrip(".") + ".")

    api.add_exception_handler(RequestValidationError, on_request_invalid)
    api.add_exception_handler(ValidationError, on_service_invalid)
    api.add_exception_handler(ApiProblem, on_api_problem)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(HttpError, on_http_error)


def error_responses(*statuses: int) -> dict[int, type[Problem]]:
    """The problems an operation documents, for its ``response=`` mapping."""
    return dict.fromkeys((400, 401, 422, 429, *statuses), Problem)
