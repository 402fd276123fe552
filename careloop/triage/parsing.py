"""Turn an untrusted document into a :class:`PainReport`, or into a list of plain problems.

Each problem is ``(dotted path, what is wrong)``, e.g. ``("report.pain_now", "must be an
integer from 0 to 10")``, worded for the practitioner who typed the value, not for a
programmer: the web form shows them next to the field and the CLI prints them as
``path: message``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from careloop.triage.codes import (
    ACTIONS,
    ADL_LIMITATIONS,
    CHARACTERS,
    RED_FLAGS,
    REGIONS,
    REPORT_SOURCES,
    SWELLINGS,
    TRENDS,
)
from careloop.triage.models import NPRS_MESSAGE, PainReport

Problem = tuple[str, str]

ROOT = "input"  # the path named for problems with the document as a whole

# Which list of codes a field takes, by the field's name (the last name in its path).
_CODE_FIELDS: dict[str, tuple[str, Sequence[str]]] = {
    "region": ("region", REGIONS),
    "referral_region": ("region", REGIONS),
    "red_flags": ("red flag", RED_FLAGS),
    "character": ("pain character", CHARACTERS),
    "trend": ("trend", TRENDS),
    "swelling": ("swelling", SWELLINGS),
    "adl_limitation": ("ADL limitation", ADL_LIMITATIONS),
    "source": ("report source", REPORT_SOURCES),
    "action": ("action", ACTIONS),
}
_DATETIME_MESSAGE = "must be an RFC 3339 date-time with a UTC offset, e.g. 2026-03-10T18:00:00Z"
_FIXED_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "nprs": NPRS_MESSAGE,
    "timezone_aware": "has no UTC offset; add Z or +hh:mm, e.g. 2026-03-10T18:00:00Z",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
}


class InputError(ValueError):
    """A report that cannot be triaged; ``problems`` lists each ``(path, message)``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{path}: {message}" for path, message in problems))


def parse_report(data: Any) -> PainReport:
    """Validate a decoded JSON document (a dict) into a :class:`PainReport`.

    Raises :class:`InputError` listing every problem found.
    """
    if not isinstance(data, dict):
        raise InputError([(ROOT, "must be a JSON object")])
    try:
        report = PainReport.model_validate(data)
    except ValidationError as exc:
        raise InputError([describe(error) for error in exc.errors()]) from None
    # Checked here rather than in a model validator so that the problem is reported at the
    # field's own path, as the others are.
    session = report.session
    if session is not None and report.report.reported_at < session.ended_at:
        ended = session.ended_at.isoformat()
        raise InputError(
            [("report.reported_at", f"is earlier than the end of the session ({ended})")]
        )
    return report


def parse_report_json(text: str | bytes) -> PainReport:
    """Like :func:`parse_report`, from JSON text; malformed JSON is a problem at ``input``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise InputError([(ROOT, f"malformed JSON at {where}: {exc.msg}")]) from None
    except UnicodeDecodeError:
        raise InputError([(ROOT, "is not UTF-8 text")]) from None
    return parse_report(data)


def describe(error: ErrorDetails) -> Problem:
    """``(dotted path, message)`` for one pydantic error, worded for the person who typed it."""
    loc = error["loc"]
    path = ".".join(str(part) for part in loc) or ROOT
    kind = error["type"]
    if kind in _FIXED_MESSAGES:
        return path, _FIXED_MESSAGES[kind]
    if kind == "literal_error":
        return path, _code_message(loc, error["input"])
    if kind.startswith(("datetime_", "timezone_")):
        return path, _DATETIME_MESSAGE
    if kind == "string_too_long":
        limit = (error.get("ctx") or {}).get("max_length")
        return path, f"must be at most {limit} characters"
    message = error["msg"]
    return path, message[:1].lower() + message[1:]


def _code_message(loc: tuple[int | str, ...], value: object) -> str:
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    noun, codes = _CODE_FIELDS.get(field, ("code", ()))
    expected = ", ".join(codes)
    if isinstance(value, str):
        return f'unknown {noun} "{value}"; expected one of: {expected}'
    return f"must be a {noun} code, one of: {expected}"
