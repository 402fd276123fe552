"""The episode document: everything known about an episode, as one typed, validated record.

The seam between stored records (mapped by :mod:`careloop.record.build`) and every output
(letters, the API, exports read only this). Facts as recorded, in their units and wording;
what the client said (``client_statement``, "Client reports: ...") kept apart from what the
practitioner saw (``practitioner_observation``). Referral reasons and diagnoses are the
referrer's words; CareLoop never diagnoses. Codes are those of :mod:`careloop.triage`. The
JSON Schema is committed as ``docs/schemas/episode.schema.json`` (:mod:`careloop.record.schema`).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from careloop.triage import (
    Action,
    AdlLimitation,
    CareSetting,
    Character,
    RedFlag,
    Region,
    ReportSource,
    Swelling,
    Trend,
    UtcInstant,
)

# Version 2 added medications, vitals, client identifiers, consent, the care a client was
# sent to, and several surgeries (``referral.surgeries``, was ``referral.surgery``). Every
# new field is optional, and a version 1 document is migrated when it is read (see
# :meth:`EpisodeDocument._migrate`), so documents exported before still load and render.
DOCUMENT_VERSION = "2"
DOCUMENT_VERSIONS = ("1", "2")

# Short texts are names and single lines; long texts are what someone typed into a box.
Short = Annotated[str, Field(min_length=1, max_length=200)]
Long = Annotated[str, Field(min_length=1, max_length=5000)]
Nprs = Annotated[int, Field(ge=0, le=10, strict=True, description="NPRS, 0 (none) to 10")]
Unit = Literal["kg", "lb"]
PaperSize = Literal["A4", "Letter"]
Sex = Literal["female", "male", "other", "not_stated"]
Channel = Literal["phone", "email", "fax", "letter", "message", "in_person", "portal"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- who ------------------------------------------------------------------------------


class Practice(_Part):
    """The practice and its letterhead settings."""

    name: Short
    address: str = Field(default="", max_length=500, description="Postal address, one line each")
    phone: str = Field(default="", max_length=40)
    fax: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    website: str = Field(default="", max_length=200)
    tagline: str = Field(default="", max_length=200, description="Line under the name")
    signoff: str = Field(default="Kind regards,", max_length=200)
    time_zone: str = Field(default="UTC", description="IANA time zone used to show times")
    units: Unit = "kg"
    paper_size: PaperSize = "A4"

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f'unknown time zone "{value}"; use an IANA name') from None
        return value


class Author(_Part):
    """The practitioner who signs the letter."""

    name: Short
    credentials: str = Field(default="", max_length=200)
    role: str = Field(default="", max_length=200, description='e.g. "Medical exercise specialist"')
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)


class ReferralSource(_Part):
    """The physician or therapist who referred the client: the letter's recipient."""

    name: Short
    salutation: str = Field(
        default="",
        max_length=200,
        description='After "Dear", as the practitioner confirmed it, e.g. "Dr Ó Sé"; '
        "derived from the name when empty",
    )
    credentials: str = Field(default="", max_length=200)
    specialty: str = Field(default="", max_length=200)
    organisation: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    fax: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=500)
    preferred_channel: Literal["email", "fax", "post", "phone", "hand_to_client"] = "email"


# ---- the client and the referral ------------------------------------------------------


class Surgery(_Part):
    procedure: Short
    region: Region
    date: dt.date


class Referral(_Part):
    date: dt.date
    reason: Long = Field(description="As written by the referrer")
    diagnosis: str = Field(default="", max_length=5000, description="As written by the referrer")
    region: Region | None = None
    surgeries: list[Surgery] = Field(
        default_factory=list, description="Surgeries or procedures, in the referrer's words"
    )
    precautions: list[Short] = Field(default_factory=list)
    contraindications: list[Short] = Field(default_factory=list)


class ClientIdentifier(_Part):
    """An identifier others know the client by, e.g. the referrer's medical record number."""

    system: Short = Field(description='What kind of number, e.g. "MRN" or "NHS number"')
    value: Short
    assigner: str = Field(default="", max_length=200, description="Who issued it")


class Medication(_Part):
    """A medicine the client takes, as reported or as listed in the referral."""

    name: Short
    dose: str = Field(default="", max_length=200, description='e.g. "5 mg twice daily"')
    note: str = Field(default="", max_length=500)
    source: Literal["client_reports", "referral", "record"] = "client_reports"


class Consent(_Part):
    """The release-of-information consent under which a letter is shared."""

    given_on: dt.date
    scope: str = Field(default="", max_length=1000)
    expires_on: dt.date | None = None


class Client(_Part):
    name: Short
    given_name: str = Field(
        default="", max_length=200, description="What the practice calls the client, if known"
    )
    date_of_birth: dt.date
    sex: Sex = "not_stated"
    referral: Referral | None = None
    identifiers: list[ClientIdentifier] = Field(default_factory=list)
    medications: list[Medication] = Field(default_factory=list)
    consent: Consent | None = None


# ---- program and sessions -------------------------------------------------------------


class Load(_Part):
    value: float = Field(ge=0, le=2000)
    unit: Unit


class Prescription(_Part):
    """What the program asks for; every field optional, as exercises differ."""

    sets: int | None = Field(default=None, ge=1, le=50)
    reps: int | None = Field(default=None, ge=1, le=500)
    seconds: int | None = Field(default=None, ge=1, le=7200, description="Per set, if timed")
    load: Load | None = None
    resistance: str = Field(default="", max_length=100, description='e.g. "red band"')
    range_of_motion: str = Field(default="", max_length=100)
    tempo: str = Field(default="", max_length=40)
    rest_seconds: int | None = Field(default=None, ge=0, le=3600)
    notes: str = Field(default="", max_length=500)


class PerformedSet(_Part):
    reps: int | None = Field(default=None, ge=0, le=500)
    seconds: int | None = Field(default=None, ge=0, le=7200)
    load: Load | None = None


class ExercisePerformed(_Part):
    name: Short
    prescribed: Prescription = Prescription()
    sets: list[PerformedSet] = Field(default_factory=list)
    pain_during: Nprs | None = None
    notes: str = Field(default="", max_length=1000)


class Session(_Part):
    id: Short
    started_at: UtcInstant
    duration_minutes: int = Field(ge=1, le=600)
    practitioner: Short
    pain_before: Nprs
    pain_during_max: Nprs | None = None
    pain_after: Nprs | None = None
    pain_2h: Nprs | None = None
    rpe: float | None = Field(default=None, ge=0, le=10, description="Session RPE, CR-10")
    exercises: list[ExercisePerformed] = Field(default_factory=list)
    practitioner_observations: str = Field(default="", max_length=5000)
    client_statements: str = Field(default="", max_length=5000)


class ProgramExercise(_Part):
    name: Short
    prescribed: Prescription = Prescription()


class Program(_Part):
    name: Short
    version: int = Field(ge=1)
    status: Literal["active", "modified", "on_hold", "completed"]
    start_date: dt.date
    sessions_per_week: int | None = Field(default=None, ge=1, le=14)
    goals: list[Short] = Field(default_factory=list)
    exercises: list[ProgramExercise] = Field(default_factory=list)
    conditions: list[Short] = Field(
        default_factory=list, description="Conditions from the latest clearance"
    )


class ProgramChange(_Part):
    version: int = Field(ge=1, description="The program version this change created")
    changed_at: UtcInstant
    changed_by: Short
    changes: list[Short] = Field(min_length=1, description="What changed, one item each")
    reason: Long


class Attendance(_Part):
    period_start: dt.date
    period_end: dt.date
    sessions_planned: int = Field(ge=0)
    sessions_attended: int = Field(ge=0)
    sessions_cancelled: int = Field(default=0, ge=0)
    note: str = Field(default="", max_length=1000)


# ---- the episode ----------------------------------------------------------------------


class Episode(_Part):
    id: Short
    opened_at: UtcInstant
    status: Literal["open", "monitoring", "resolved"]
    resolved_at: UtcInstant | None = None
    outcome: str = Field(default="", max_length=1000)


class PainReport(_Part):
    id: Short
    session_id: str | None = Field(default=None, description="The session it follows")
    reported_at: UtcInstant
    source: ReportSource = "client_call"
    recorded_by: str = Field(default="", max_length=200)
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
    not_asked: list[Literal["trend", "swelling", "adl_limitation"]] = Field(
        default_factory=list, description="Questions not asked: their values are no answer"
    )
    client_statement: str = Field(
        default="", max_length=5000, description='What the client said: "Client reports: ..."'
    )
    practitioner_observation: str = Field(
        default="", max_length=5000, description="What the practitioner saw or measured"
    )


class Vitals(_Part):
    """Vital signs measured by the practitioner, with when and in what context."""

    measured_at: UtcInstant
    heart_rate: int | None = Field(default=None, ge=20, le=250, description="Beats per minute")
    systolic: int | None = Field(default=None, ge=50, le=300, description="mmHg")
    diastolic: int | None = Field(default=None, ge=20, le=200, description="mmHg")
    spo2: int | None = Field(default=None, ge=50, le=100, description="Oxygen saturation, %")
    context: str = Field(default="", max_length=200, description='e.g. "at rest, seated"')
    measured_by: str = Field(default="", max_length=200)
    session_id: str | None = None
    pain_report_id: str | None = None


CareActionKind = Literal[
    "emergency_services_called",
    "sent_to_emergency_department",
    "same_day_appointment",
    "client_advised",
    "emergency_contact_informed",
    "referral_source_informed",
]


# The care setting each kind of care action sends the client to (the others send nowhere).
CARE_ACTION_SETTINGS: dict[str, CareSetting] = {
    "emergency_services_called": "call_emergency_services",
    "sent_to_emergency_department": "emergency_department",
    "same_day_appointment": "same_day_medical_evaluation",
}


class CareAction(_Part):
    """What was actually done to get the client care, when, and where they were sent."""

    at: UtcInstant
    kind: CareActionKind
    care_setting: CareSetting | None = Field(
        default=None, description="The care setting the client was actually sent to"
    )
    pain_report_id: str | None = None
    recorded_by: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=300)


class MatchedRule(_Part):
    id: Annotated[str, Field(min_length=1, max_length=10)]
    action: Action
    finding: Long
    source: Long
    care_setting: CareSetting | None = None


class TriageRecord(_Part):
    pain_report_id: Short
    action: Action
    care_setting: CareSetting | None = None
    ruleset_name: Short
    ruleset_version: Short
    matched_rules: list[MatchedRule] = Field(default_factory=list)


class Decision(_Part):
    pain_report_id: Short
    decided_at: UtcInstant
    decided_by: Short
    recommended_action: Action
    action: Action
    departs_from_recommendation: bool
    reason: str = Field(default="", max_length=5000, description="Required when it departs")
    actions_taken: list[Short] = Field(
        default_factory=list, description='e.g. "emergency services called"'
    )


class Clearance(_Part):
    cleared_by: Short
    cleared_at: UtcInstant
    channel: Channel
    conditions: list[Short] = Field(default_factory=list)


class Hold(_Part):
    since: UtcInstant
    reason: str = Field(default="", max_length=1000)
    clearance: Clearance | None = None


class FollowUp(_Part):
    due_at: UtcInstant
    kind: Literal["check_in", "contact_referral_source", "send_letter", "other"]
    label: str = Field(default="", max_length=200, description='e.g. "24 h check-in"')
    status: Literal["pending", "done", "missed", "cancelled"] = "pending"
    completed_at: UtcInstant | None = None
    note: str = Field(default="", max_length=1000)


class Communication(_Part):
    at: UtcInstant
    channel: Channel
    direction: Literal["outgoing", "incoming"]
    party: str = Field(default="", max_length=200, description="Who was on the other side")
    by: str = Field(default="", max_length=200, description="Who in the practice")
    summary: Long


class ClinicianRequest(_Part):
    question: Long
    respond_by: dt.date | None = Field(
        default=None, description="None when no reply is needed (for information only)"
    )


# Where a pain rating on a chart comes from (the case document's chart uses the same kinds).
PainPointKind = Literal["before", "during_max", "after", "2h", "report", "check_in"]


class PainPoint(_Part):
    at: UtcInstant
    value: Nprs
    kind: PainPointKind


# ---- the document ---------------------------------------------------------------------


class EpisodeDocument(_Part):
    """What a letter about one client may say: for an episode, or a progress report."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="CareLoop episode document",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    document_version: Literal["2"] = "2"
    generated_at: UtcInstant
    practice: Practice
    author: Author
    recipient: ReferralSource
    client: Client
    program: Program | None = None
    episode: Episode | None = Field(default=None, description="None for a progress report")
    attendance: Attendance | None = None
    sessions: list[Session] = Field(default_factory=list)
    pain_reports: list[PainReport] = Field(default_factory=list)
    triage_results: list[TriageRecord] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    program_changes: list[ProgramChange] = Field(default_factory=list)
    hold: Hold | None = None
    follow_ups: list[FollowUp] = Field(default_factory=list)
    communications: list[Communication] = Field(default_factory=list)
    request: ClinicianRequest | None = None
    questions_for_physician: list[Long] = Field(
        default_factory=list, description="For the follow-up letter"
    )
    pain_series: list[PainPoint] = Field(
        default_factory=list, description="Pain over time; derived from sessions if empty"
    )
    vitals: list[Vitals] = Field(default_factory=list)
    care_actions: list[CareAction] = Field(
        default_factory=list, description="Emergency services called, client sent to A&E ..."
    )

    @model_validator(mode="before")
    @classmethod
    def _migrate(cls, data: Any) -> Any:
        """Read a version 1 document as version 2: its one ``referral.surgery`` becomes
        ``referral.surgeries``; nothing else changed shape."""
        if not isinstance(data, dict) or data.get("document_version", "1") != "1":
            return data
        data = {**data, "document_version": "2"}
        client = data.get("client")
        if isinstance(client, dict) and isinstance(client.get("referral"), dict):
            referral = dict(client["referral"])
            surgery = referral.pop("surgery", None)
            referral.setdefault("surgeries", [surgery] if surgery else [])
            data["client"] = {**client, "referral": referral}
        return data

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.practice.time_zone)

    def session(self, session_id: str | None) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def triage_for(self, report_id: str) -> TriageRecord | None:
        return next((t for t in self.triage_results if t.pain_report_id == report_id), None)

    def care_for(self, report_id: str) -> list[CareAction]:
        return sorted(
            (a for a in self.care_actions if a.pain_report_id in (report_id, None)),
            key=lambda a: a.at,
        )

    def vitals_for(self, report_id: str) -> list[Vitals]:
        """Measured with the report, or with the session the report follows."""
        session = next((r.session_id for r in self.pain_reports if r.id == report_id), None)
        found = [
            v
            for v in self.vitals
            if v.pain_report_id == report_id or (session and v.session_id == session)
        ]
        return sorted(found, key=lambda v: v.measured_at)

    def decision_for(self, report_id: str) -> Decision | None:
        found = [d for d in self.decisions if d.pain_report_id == report_id]
        return max(found, key=lambda d: d.decided_at) if found else None
