"""The case document: what the network may see of an episode, as one typed, versioned record.

Built from the episode document (:mod:`careloop.cases.build`), never from the database, so
`careloop case deidentify` needs none. It holds no name, no date and no place: ages are
5-year bands ("90 or over" above 89), the referrer is a profession, surgery is weeks before
day 0, and every event is a day offset from the first session ("day 0, day 3, day 7").
Every free text went through :mod:`careloop.cases.deidentify` first; ``removals`` lists
what was taken out (the kind and the placeholder, never the original text).

The JSON Schema of this model is committed as ``docs/schemas/case.schema.json`` (see
:mod:`careloop.cases.schema`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from careloop.record.document import PainPointKind
from careloop.triage import (
    Action,
    AdlLimitation,
    CareSetting,
    Character,
    RedFlag,
    Region,
    Swelling,
    Trend,
)

CASE_VERSION = "1"

Nprs = Annotated[int, Field(ge=0, le=10, strict=True, description="NPRS, 0 (none) to 10")]
Day = Annotated[int, Field(ge=-3650, le=3650, description="Days from day 0 (the first session)")]
Text = Annotated[str, Field(max_length=5000, description="Free text, after de-identification")]
Sex = Literal["female", "male", "other", "not_stated"]
AgeBand = Literal[
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90 or over",
]  # fmt: skip
Profession = Literal[
    "orthopaedic_surgeon",
    "surgeon",
    "general_practitioner",
    "sports_physician",
    "physician",
    "physiotherapist",
    "chiropractor",
    "osteopath",
    "podiatrist",
    "nurse",
    "other_clinician",
    "not_stated",
]
ReasonCategory = Literal[
    "post_operative",
    "injury",
    "persistent_pain",
    "condition_management",
    "general_conditioning",
    "other",
]
RemovalKind = Literal[
    "client_name",
    "contact_name",
    "referrer_name",
    "staff_name",
    "practice_name",
    "person_name",
    "address",
    "place",
    "postcode",
    "phone",
    "email",
    "url",
    "ip_address",
    "date",
    "record_number",
    "number",
]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Removal(_Part):
    """One identifier taken out of a free text: where, what kind, and what replaced it."""

    field: str = Field(description="Dotted path of the case field it was removed from")
    kind: RemovalKind
    placeholder: str


class Referral(_Part):
    reason_category: ReasonCategory
    region: Region | None = None
    referrer_profession: Profession = "not_stated"


class Procedure(_Part):
    procedure: Text
    region: Region
    weeks_before_day_0: int = Field(ge=-520, le=5200, description="Whole weeks, never a date")
    weeks_at_episode: int | None = Field(
        default=None, ge=-520, le=5200, description="Weeks since surgery when the episode opened"
    )


class ExerciseRow(_Part):
    """One row of the program table."""

    name: Text
    sets: int | None = None
    reps: int | None = None
    seconds: int | None = None
    load: float | None = None
    load_unit: Literal["kg", "lb"] | None = None
    resistance: Text = ""
    range_of_motion: Text = ""
    tempo: Text = ""
    notes: Text = ""


class Program(_Part):
    name: Text
    version: int
    status: Literal["active", "modified", "on_hold", "completed"]
    start_day: Day
    sessions_per_week: int | None = None
    goals: list[Text] = Field(default_factory=list)
    exercises: list[ExerciseRow] = Field(default_factory=list)
    conditions: list[Text] = Field(default_factory=list)


class ExerciseDone(_Part):
    name: Text
    sets_done: int = 0
    heaviest_load: float | None = None
    load_unit: Literal["kg", "lb"] | None = None
    pain_during: Nprs | None = None
    notes: Text = ""


class Session(_Part):
    day: Day
    duration_minutes: int
    pain_before: Nprs
    pain_during_max: Nprs | None = None
    pain_after: Nprs | None = None
    pain_2h: Nprs | None = None
    rpe: float | None = None
    exercises: list[ExerciseDone] = Field(default_factory=list)
    practitioner_observations: Text = ""
    client_statements: Text = ""


class Triage(_Part):
    action: Action
    care_setting: CareSetting | None = None
    rule_ids: list[str] = Field(default_factory=list)
    ruleset: str = Field(default="", max_length=200, description="Name and version")


class Decision(_Part):
    day: Day
    recommended_action: Action
    action: Action
    departs_from_recommendation: bool
    reason: Text = ""
    actions_taken: list[Text] = Field(default_factory=list)


class Report(_Part):
    """A pain report, with its triage result and the practitioner's decision."""

    day: Day
    after_session_day: Day | None = None
    region: Region
    pain_now: Nprs
    character: list[Character] = Field(default_factory=list)
    at_rest: bool = False
    at_night: bool = False
    swelling: Swelling = "none"
    limp_or_giving_way: bool = False
    numbness_or_tingling: bool = False
    adl_limitation: AdlLimitation = "none"
    trend: Trend = "unchanged"
    red_flags: list[RedFlag] = Field(default_factory=list)
    not_asked: list[Literal["trend", "swelling", "adl_limitation"]] = Field(default_factory=list)
    client_statement: Text = ""
    practitioner_observation: Text = ""
    triage: Triage | None = None
    decision: Decision | None = None


class Clearance(_Part):
    day: Day
    by_profession: Profession = "not_stated"
    channel: str = Field(default="", max_length=40)
    conditions: list[Text] = Field(default_factory=list)


class Hold(_Part):
    since_day: Day
    reason: Text = ""
    clearance: Clearance | None = None


class ProgramChange(_Part):
    day: Day
    version: int
    changes: list[Text] = Field(default_factory=list)
    reason: Text = ""


class CareAction(_Part):
    day: Day
    kind: str = Field(max_length=60)
    care_setting: CareSetting | None = None


class Outcome(_Part):
    status: Literal["open", "monitoring", "resolved"]
    opened_day: Day
    resolved_day: Day | None = None
    outcome: Text = ""


class WhatHappenedNext(_Part):
    hold: Hold | None = None
    program_changes: list[ProgramChange] = Field(default_factory=list)
    care_actions: list[CareAction] = Field(default_factory=list)
    outcome: Outcome | None = None


class PainPoint(_Part):
    day: Day
    value: Nprs
    kind: PainPointKind


class CaseDocument(_Part):
    """A de-identified case, ready to be read by any member of the network."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="CareLoop case document",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    case_version: Literal["1"] = "1"
    age_band: AgeBand
    sex: Sex = "not_stated"
    referral: Referral | None = None
    procedures: list[Procedure] = Field(default_factory=list)
    program: Program | None = None
    sessions: list[Session] = Field(default_factory=list)
    reports: list[Report] = Field(default_factory=list)
    pain_series: list[PainPoint] = Field(default_factory=list)
    what_happened_next: WhatHappenedNext = WhatHappenedNext()
    removals: list[Removal] = Field(
        default_factory=list, description="What was removed: kind and placeholder, never the text"
    )

    def free_texts(self) -> list[tuple[str, str]]:
        """Every free text of the case as (dotted path, text): what the author may edit."""
        found: list[tuple[str, str]] = []
        _walk(self.model_dump(mode="python", exclude={"removals"}), "", found)
        return found


# Fields that hold free text (or a list of them); the rest are codes and numbers.
FREE_TEXT_FIELDS = frozenset(
    {
        "procedure", "name", "resistance", "range_of_motion", "tempo", "notes", "goals",
        "conditions", "practitioner_observations", "client_statements", "reason",
        "actions_taken", "client_statement", "practitioner_observation", "changes", "outcome",
    }
)  # fmt: skip


def _walk(value: object, path: str, found: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            sub = f"{path}.{key}" if path else key
            if key in FREE_TEXT_FIELDS and isinstance(item, str):
                if item:
                    found.append((sub, item))
            elif key in FREE_TEXT_FIELDS and isinstance(item, list):
                found.extend((f"{sub}.{i}", t) for i, t in enumerate(item) if isinstance(t, str))
            else:
                _walk(item, sub, found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, f"{path}.{i}", found)


PLACEHOLDER_HINT = "Words in [BRACKETS] replace an identifier that was removed."
