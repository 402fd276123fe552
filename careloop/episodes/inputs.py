"""The one way in for a pain report: :class:`PainReportInput`.

Every source of a pain report builds this one typed object and hands it to
:func:`careloop.episodes.services.pain_report_create`: the practitioner's form
(``PainReportForm.report_input``), a correction, a follow-up check-in, the demo, and the
coming client check-in page and REST API. Adding a field to a pain report means adding it
to the triage engine's :class:`careloop.triage.models.Report` (which this extends), to the
``PainReport`` model (a column), and to whatever asks for it (a form field); nothing in
between names the fields one by one.

:func:`form_errors` turns the ``pydantic.ValidationError`` of building it into errors
keyed by field name, for a form (or an API response) to show next to the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from careloop.triage.models import Report, Timestamp
from careloop.triage.parsing import describe

# Questions that may be left unasked on an urgent call (a warning sign ticked): the report
# then holds the engine's neutral answer, and the record says "not asked".
NotAsked = Literal["trend", "swelling", "adl_limitation"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PainReportInput(Report):
    """One pain report as the client gave it, validated: what CareLoop records and triages.

    The fields of the triage engine's report (:class:`careloop.triage.models.Report`: when
    and how it was reported, pain now 0-10, region, character, trend, at rest, at night,
    swelling, limp or giving way, numbness or tingling, daily activities, red flags), with
    the same codes and checks, plus what CareLoop keeps beside them:

    ``not_asked``
        Questions left unanswered on an urgent call; their value is the engine's neutral
        default and the record says "not asked".
    ``client_statement``
        The client's own words ("Client reports: ..." in letters).
    ``practitioner_observation``
        What the practitioner saw or heard, kept apart from the client's account.

    ``reported_at`` must carry a time zone and defaults to now. ``notes`` (free text for
    the engine) is not kept: use ``client_statement``. Which session the pain follows is
    not part of the report: ``pain_report_create(session=...)`` links it. Frozen; build it
    with keyword arguments or ``PainReportInput.model_validate(mapping)``.
    """

    reported_at: Timestamp = Field(default_factory=_now)
    not_asked: tuple[NotAsked, ...] = ()
    client_statement: str = ""
    practitioner_observation: str = ""

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> PainReportInput:
        """Build from a mapping that may hold other keys too (a form's cleaned data)."""
        return cls.model_validate({k: v for k, v in data.items() if k in cls.model_fields})

    def engine_report(self) -> Report:
        """The part the triage engine reads, its time in UTC (as the engine's input is kept)."""
        fields = {name: getattr(self, name) for name in REPORT_FIELDS}
        fields["reported_at"] = self.reported_at.astimezone(dt.UTC)
        return Report(**fields)

    def record_fields(self) -> dict[str, Any]:
        """The report's fields as the ``PainReport`` model stores them (lists for lists)."""
        fields = {name: getattr(self, name) for name in RECORD_FIELDS}
        return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}


# The engine's report fields CareLoop records; ``notes`` is the engine's free text, which
# CareLoop keeps as the client's statement instead.
REPORT_FIELDS = tuple(name for name in Report.model_fields if name != "notes")
RECORD_FIELDS = tuple(name for name in PainReportInput.model_fields if name != "notes")


def as_sentence(subject: str, problem: str) -> str:
    """A parser's problem, worded after its path ("must be an integer from 0 to 10",
    "unknown red flag ..."), as a whole sentence about `subject` for a person to read next
    to a field or above a form."""
    problem = problem.rstrip(".")
    if problem.startswith("unknown "):
        return f"{subject} is an {problem}."
    return f"{subject} {problem}."


def form_errors(exc: PydanticValidationError, fields: Any) -> dict[str, list[str]]:
    """The problems of a validation, keyed by the field a person would correct: the first
    name in an error's path that ``fields`` holds (or ``NON_FIELD_ERRORS``, with the path).
    Messages are the triage parser's, worded for the practitioner."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors():
        path, message = describe(error)
        name = next((str(p) for p in error["loc"] if str(p) in fields), None)
        if name is None:
            subject = f"The report's {path.replace('_', ' ')}"
            errors.setdefault(NON_FIELD_ERRORS, []).append(as_sentence(subject, message))
        else:
            errors.setdefault(name, []).append(as_sentence("This answer", message))
    return errors
