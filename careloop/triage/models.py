"""Typed input and output of the triage engine (pydantic).

The input mirrors the pain-report JSON Schema (``careloop/triage/tests/schemas/``) field for
field and refuses what
the schema refuses (except that ``null`` in an optional field is read as absent, as a form
may send it); the output serialises (``model_dump(mode="json")``) to a document that
validates against ``triage-result.schema.json``. Both are frozen: a result is a record.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from careloop.triage.codes import (
    Action,
    AdlLimitation,
    CareSetting,
    Character,
    Notify,
    Program,
    RedFlag,
    Region,
    ReportSource,
    Swelling,
    Trend,
)

NPRS_MESSAGE = "must be an integer from 0 to 10"
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _nprs(value: Any) -> int:
    # JSON Schema counts 7.0 as an integer, so accept integral floats; refuse bools and
    # numeric strings, which pydantic's lax mode would otherwise coerce.
    if type(value) is int:
        if 0 <= value <= 10:
            return value
    elif type(value) is float and value.is_integer() and 0 <= value <= 10:
        return int(value)
    raise PydanticCustomError("nprs", NPRS_MESSAGE)


def _datetime_input(value: Any) -> Any:
    # Lax pydantic would read a number as a Unix timestamp; the schema wants RFC 3339 text.
    if isinstance(value, str | dt.datetime):
        return value
    raise PydanticCustomError("datetime_text", "must be a date-time text")


def _has_utc_instant(value: dt.datetime) -> dt.datetime:
    # RFC 3339 allows offsets up to 23:59, so "0001-01-01T00:00:00+01:00" is valid text
    # naming an instant before year 1; comparing it with another time would overflow.
    try:
        value.astimezone(dt.UTC)
    except OverflowError:
        raise PydanticCustomError(
            "instant_range", "is outside years 1 to 9999 once converted to UTC"
        ) from None
    return value


def _date_input(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_text", "must be a date like 2026-01-13")


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(items)) != len(items):
        seen: set[str] = set()
        for item in items:
            if item in seen:
                raise PydanticCustomError(
                    "duplicate", 'lists "{item}" more than once', {"item": item}
                )
            seen.add(item)
    return items


Nprs = Annotated[int, BeforeValidator(_nprs)]
# BeforeValidator runs before AwareDatetime's own parsing (it is applied outermost).
# A time with its offset that names an instant a computer can compare (years 1 to 9999).
UtcInstant = Annotated[AwareDatetime, AfterValidator(_has_utc_instant)]
Timestamp = Annotated[UtcInstant, BeforeValidator(_datetime_input)]
Date = Annotated[dt.date, BeforeValidator(_date_input)]
Characters = Annotated[tuple[Character, ...], AfterValidator(_unique)]
RedFlags = Annotated[tuple[RedFlag, ...], AfterValidator(_unique)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Surgery(_Input):
    procedure: Annotated[str, Field(max_length=200)] | None = None
    region: Region
    date: Date


class Client(_Input):
    referral_region: Region | None = None
    surgery: Surgery | None = None


class Session(_Input):
    ended_at: Timestamp
    pain_before: Nprs
    pain_during_max: Nprs | None = None
    pain_after: Nprs | None = None
    pain_2h: Nprs | None = None


class Report(_Input):
    reported_at: Timestamp
    source: ReportSource = "client_call"
    pain_now: Nprs
    region: Region
    character: Characters = ()
    trend: Trend = "unchanged"
    at_rest: bool = Field(default=False, strict=True)
    at_night: bool = Field(default=False, strict=True)
    swelling: Swelling = "none"
    limp_or_giving_way: bool = Field(default=False, strict=True)
    numbness_or_tingling: bool = Field(default=False, strict=True)
    adl_limitation: AdlLimitation = "none"
    red_flags: RedFlags = ()
    notes: Annotated[str, Field(max_length=5000)] | None = None


class PreviousReport(_Input):
    reported_at: Timestamp
    pain_now: Nprs
    action: Action


class History(_Input):
    previous_reports: tuple[PreviousReport, ...] = ()
    pain_before_one_week_ago: Nprs | None = None


class PainReport(_Input):
    """One post-session pain report: the input document of :func:`triage`."""

    client: Client = Client()
    # Optional (rules 2026.2): a report may come before any session, or not be linked to
    # one; the rules then read the missing ``hours`` and ``delta`` cautiously (facts.py).
    session: Session | None = None
    report: Report
    history: History = History()


# ---- output -------------------------------------------------------------------------


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True)


class MatchedRule(_Output):
    id: str
    action: Action
    finding: str = Field(min_length=1, description="What in this report matched, with numbers")
    source: str = Field(min_length=1)
    care_setting: CareSetting | None = None


class RulesetInfo(_Output):
    name: str
    version: str
    # Every threshold that differs from docs/rules.md, as "H2.pain_now_min": 6, so that a
    # stored result says which numbers produced it even after the practice changes them.
    overrides: dict[str, int] = Field(default_factory=dict)


class DerivedFacts(_Output):
    hours: float | None = Field(
        description="Hours from the end of the session to the report; null without a session"
    )
    delta: int | None = Field(
        description="pain_now minus the session's pain_before; null without a session"
    )
    at_condition_site: bool
    post_op: bool
    doms_pattern: bool


class TriageResult(_Output):
    """The recommendation; ``model_dump(mode="json")`` validates against the result schema."""

    action: Action
    care_setting: CareSetting | None
    notify_referral_source: Notify
    program: Program
    follow_up_hours: tuple[int, ...]
    matched_rules: tuple[MatchedRule, ...]
    ruleset: RulesetInfo
    facts: DerivedFacts
