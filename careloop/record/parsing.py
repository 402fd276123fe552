"""Turn untrusted JSON into an :class:`EpisodeDocument`, or into a list of plain problems.

Each problem is ``(dotted path, what is wrong)``, e.g. ``("sessions.0.pain_before", "must
be an integer from 0 to 10")``, the same shape as :mod:`careloop.triage.parsing` uses, so
the CLI prints ``path: message`` and a form can show the message next to its field.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from careloop.core import jsoninput
from careloop.record.document import EpisodeDocument

Problem = tuple[str, str]
ROOT = "input"

_FIXED_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "list_type": "must be a list",
    "int_type": "must be an integer",
    "int_parsing": "must be an integer",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "timezone_aware": "has no UTC offset; add Z or +hh:mm, e.g. 2026-03-10T18:00:00Z",
}
_DATETIME_MESSAGE = "must be an RFC 3339 date-time with a UTC offset, e.g. 2026-03-10T18:00:00Z"
_DATE_MESSAGE = "must be a date like 2026-03-10"
_NPRS_FIELDS = {"pain_before", "pain_during_max", "pain_after", "pain_2h", "pain_now", "value"}


class DocumentError(ValueError):
    """A document that cannot be used; ``problems`` lists each ``(path, message)``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{path}: {message}" for path, message in problems))


def parse_document(data: Any) -> EpisodeDocument:
    """Validate a decoded JSON value; raises :class:`DocumentError` listing every problem."""
    if not isinstance(data, dict):
        raise DocumentError([(ROOT, "must be a JSON object")])
    try:
        document = EpisodeDocument.model_validate(data)
    except ValidationError as exc:
        raise DocumentError([_problem(error) for error in exc.errors()]) from None
    problems = _consistency_problems(document)
    if problems:
        raise DocumentError(problems)
    return document


def parse_document_json(text: str | bytes) -> EpisodeDocument:
    """Like :func:`parse_document`, from JSON text, read within the shared limits (depth,
    number sizes, no repeated keys: careloop.core.jsoninput)."""
    try:
        data = jsoninput.loads(text, root=ROOT)
    except jsoninput.JsonInputError as exc:
        raise DocumentError(exc.problems) from None
    return parse_document(data)


def load_document(path: str | Path, stdin: IO[Any] | None = None) -> EpisodeDocument:
    """Read and validate a document file ("-": ``stdin``) of at most 5 MB; an unreadable
    file is a problem at its name."""
    try:
        raw = jsoninput.read_bounded(str(path), stdin)
    except jsoninput.JsonInputError as exc:
        raise DocumentError(exc.problems) from None
    return parse_document_json(raw)


def _problem(error: ErrorDetails) -> Problem:
    loc = error["loc"]
    path = ".".join(str(part) for part in loc) or ROOT
    kind = error["type"]
    ctx = error.get("ctx") or {}
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    if field in _NPRS_FIELDS and kind.startswith(("int_", "greater_", "less_")):
        return path, "must be an integer from 0 to 10"
    if kind in _FIXED_MESSAGES:
        return path, _FIXED_MESSAGES[kind]
    if kind == "literal_error":
        return path, f"must be one of: {ctx.get('expected', '')}".replace("'", '"')
    if kind.startswith(("datetime_", "timezone_")):
        return path, _DATETIME_MESSAGE
    if kind.startswith("date_"):
        return path, _DATE_MESSAGE
    if kind == "string_too_short":
        return path, "must not be empty"
    if kind == "string_too_long":
        return path, f"must be at most {ctx.get('max_length')} characters"
    if kind == "too_short":
        return path, f"must list at least {ctx.get('min_length')} item(s)"
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = ctx.get("ge", ctx.get("le"))
        word = "at least" if kind == "greater_than_equal" else "at most"
        return path, f"must be {word} {bound}"
    message = error["msg"].removeprefix("Value error, ")
    return path, message[:1].lower() + message[1:]


def _duplicates(ids: list[str], path: str) -> list[Problem]:
    counts = Counter(ids)
    return [
        (f"{path}.{i}.id", f'"{value}" is used more than once')
        for i, value in enumerate(ids)
        if counts[value] > 1
    ]


def _consistency_problems(doc: EpisodeDocument) -> list[Problem]:
    """Checks across fields, each reported at the field a person would correct."""
    problems: list[Problem] = []
    session_ids = [s.id for s in doc.sessions]
    report_ids = [r.id for r in doc.pain_reports]
    problems += _duplicates(session_ids, "sessions")
    problems += _duplicates(report_ids, "pain_reports")
    for i, report in enumerate(doc.pain_reports):
        if report.session_id is not None and report.session_id not in session_ids:
            problems.append(
                (f"pain_reports.{i}.session_id", f'no session has id "{report.session_id}"')
            )
    linked = [("triage_results", t.pain_report_id) for t in doc.triage_results]
    linked += [("decisions", d.pain_report_id) for d in doc.decisions]
    counters: Counter[str] = Counter()
    for name, report_id in linked:
        i = counters[name]
        counters[name] += 1
        if report_id not in report_ids:
            problems.append((f"{name}.{i}.pain_report_id", f'no pain report has id "{report_id}"'))
    for i, decision in enumerate(doc.decisions):
        departs = decision.action != decision.recommended_action
        if decision.departs_from_recommendation != departs:
            problems.append(
                (
                    f"decisions.{i}.departs_from_recommendation",
                    f"must be {str(departs).lower()}: action is {decision.action}, "
                    f"the recommendation was {decision.recommended_action}",
                )
            )
        if departs and not decision.reason.strip():
            problems.append(
                (f"decisions.{i}.reason", "is required when the decision departs from it")
            )
    if doc.hold and doc.hold.clearance and doc.hold.clearance.cleared_at < doc.hold.since:
        problems.append(("hold.clearance.cleared_at", "is earlier than the hold began"))
    if doc.episode and doc.episode.resolved_at and doc.episode.resolved_at < doc.episode.opened_at:
        problems.append(("episode.resolved_at", "is earlier than the episode was opened"))
    if doc.attendance and doc.attendance.period_end < doc.attendance.period_start:
        problems.append(("attendance.period_end", "is earlier than attendance.period_start"))
    return problems
