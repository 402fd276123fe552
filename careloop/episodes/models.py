"""The pain-response record: episodes, pain reports, triage, decisions, holds, follow-ups.

An *episode* is one exacerbation from the first pain report to its resolution. Each pain
report is triaged once; the triage record keeps the exact input and result and is never
changed. A practitioner decides once per triage record (a unique constraint makes "two
practitioners at once" safe); the decision's effects (holds, follow-ups, program
modification) all hang off it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from careloop.accounts.models import TenantModel
from careloop.clients.models import Client, ReferralSource
from careloop.episodes.inputs import RECORD_FIELDS, PainReportInput

# Defined in its own module, registered with this app by this import.
from careloop.episodes.vitals import VitalSigns as VitalSigns
from careloop.training.models import Program, ProgramVersion, RecordChangeReason, Session
from careloop.triage import (
    ACTION_LABELS,
    ADL_LIMITATION_LABELS,
    CARE_SETTING_LABELS,
    REGION_LABELS,
    REPORT_SOURCE_LABELS,
    SWELLING_LABELS,
    TREND_LABELS,
    MatchedRule,
    TriageResult,
    action_label,
)

ACTION_CHOICES = list(ACTION_LABELS.items())
CARE_SETTING_CHOICES = list(CARE_SETTING_LABELS.items())
USER = settings.AUTH_USER_MODEL


class ImmutableRecordError(Exception):
    """Raised on an attempt to change or delete a record that is kept as written."""


class Episode(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MONITORING = "monitoring", "Monitoring"
        RESOLVED = "resolved", "Resolved"

    class Outcome(models.TextChoices):
        BACK_TO_BASELINE = "back_to_baseline", "Back to baseline, program continues"
        CONTINUES_MODIFIED = "continues_modified", "Settled on a modified program"
        CLEARED_BY_CLINICIAN = "cleared_by_clinician", "Cleared by the clinician"
        REFERRED_FOR_CARE = "referred_for_care", "Referred on for medical care"
        DISCHARGED = "discharged", "Client discharged"
        OTHER = "other", "Other (see note)"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="episodes")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            # A second report while an episode is open adds to it; two reports saved at the
            # same moment cannot open two episodes for one client.
            models.UniqueConstraint(
                fields=["client"],
                condition=~Q(status="resolved"),
                name="one_unresolved_episode_per_client",
            ),
            models.CheckConstraint(
                condition=Q(status="resolved", resolved_at__isnull=False)
                | (~Q(status="resolved") & Q(resolved_at__isnull=True)),
                name="resolved_episode_has_resolved_at",
            ),
        ]
        indexes = [
            models.Index(fields=["practice", "status", "-opened_at"]),
            # The open episodes, newest first (dashboard, episode list): read in order, so
            # a page of them joins its clients by key instead of scanning them all.
            models.Index(
                fields=["practice", "-opened_at"],
                condition=~Q(status="resolved"),
                name="episode_open_newest",
            ),
        ]
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"Episode of {self.client} opened {self.opened_at:%Y-%m-%d}"

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED


class PainReport(TenantModel):
    """What the client reported, kept apart from what the practitioner observed."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="reports")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="pain_reports")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="pain_reports"
    )
    reported_at = models.DateTimeField()
    source = models.CharField(
        max_length=20, choices=list(REPORT_SOURCE_LABELS.items()), default="client_call"
    )
    pain_now = models.PositiveSmallIntegerField()
    region = models.CharField(max_length=20, choices=list(REGION_LABELS.items()))
    character = models.JSONField(default=list, blank=True)
    trend = models.CharField(max_length=12, choices=list(TREND_LABELS.items()), default="unchanged")
    at_rest = models.BooleanField(default=False)
    at_night = models.BooleanField(default=False)
    swelling = models.CharField(max_length=8, choices=list(SWELLING_LABELS.items()), default="none")
    limp_or_giving_way = models.BooleanField(default=False)
    numbness_or_tingling = models.BooleanField(default=False)
    adl_limitation = models.CharField(
        max_length=14, choices=list(ADL_LIMITATION_LABELS.items()), default="none"
    )
    red_flags = models.JSONField(default=list, blank=True)
    # Questions left unanswered on an urgent call (a warning sign ticked, no time to ask):
    # their stored value is the engine's neutral default, and the record says "not asked".
    not_asked = models.JSONField(default=list, blank=True)
    client_statement = models.TextField(blank=True, help_text="The client's own words.")
    practitioner_observation = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # A corrected report is voided and a new one (with its own triage) supersedes it; the
    # triage record of a report is never changed, so a correction is never an edit.
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Database defaults: bulk loaders insert rows naming only the columns they know.
    void_reason_kind = models.CharField(
        max_length=20, choices=RecordChangeReason.choices, blank=True, db_default=""
    )
    void_reason = models.TextField(blank=True, db_default="")

    class Meta:
        indexes = [models.Index(fields=["practice", "client", "-reported_at"])]
        ordering = ["reported_at", "pk"]

    def __str__(self) -> str:
        return f"Pain report of {self.client} at {self.reported_at:%Y-%m-%d %H:%M}"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def as_input(self) -> PainReportInput:
        """The report as it was given: what a correction starts from."""
        return PainReportInput.model_validate({name: getattr(self, name) for name in RECORD_FIELDS})

    @property
    def not_asked_labels(self) -> list[str]:
        labels = {"trend": "trend", "swelling": "swelling", "adl_limitation": "daily activities"}
        return [labels.get(name, name) for name in self.not_asked]


class TriageRecord(TenantModel):
    """The engine's recommendation for one pain report: exact input, result, ruleset.

    Written once and never changed (save refuses updates, delete refuses), so that a
    letter or an audit can always show what the engine was given and what it said.
    """

    pain_report = models.OneToOneField(
        PainReport, on_delete=models.PROTECT, related_name="triage_record"
    )
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="triage_records")
    input = models.JSONField()
    result = models.JSONField()
    ruleset_name = models.CharField(max_length=100)
    ruleset_version = models.CharField(max_length=50)
    practice_ruleset = models.ForeignKey(
        "PracticeRuleset", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=ACTION_CHOICES)
    care_setting = models.CharField(max_length=30, choices=CARE_SETTING_CHOICES, blank=True)
    # The episode's action before this report, when this one recommends more (a worse
    # report escalates); empty otherwise.
    escalated_from = models.CharField(max_length=20, choices=ACTION_CHOICES, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Triage of {self.pain_report}: {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableRecordError("A triage record is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableRecordError("A triage record is never deleted.")

    @cached_property
    def triage_result(self) -> TriageResult:
        """The engine's result as it was stored, typed."""
        return TriageResult.model_validate(self.result)

    @property
    def matched_rules(self) -> tuple[MatchedRule, ...]:
        return self.triage_result.matched_rules

    @property
    def action_label(self) -> str:
        """ "Emergency: call emergency services": an emergency names its care setting."""
        return action_label(self.action, self.care_setting)


class Decision(TenantModel):
    """The practitioner's decision on one triage record (at most one: see the constraint)."""

    class ContinueChoice(models.TextChoices):
        MONITOR = "monitor", "Keep the episode under monitoring"
        CLOSE = "close", "Close the episode"

    triage_record = models.OneToOneField(
        TriageRecord, on_delete=models.PROTECT, related_name="decision"
    )
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="decisions")
    recommended_action = models.CharField(max_length=20, choices=ACTION_CHOICES)
    chosen_action = models.CharField(max_length=20, choices=ACTION_CHOICES)
    departs = models.BooleanField(default=False)
    reason = models.TextField(blank=True, help_text="Why the decision departs, or a note.")
    continue_choice = models.CharField(max_length=10, choices=ContinueChoice.choices, blank=True)
    modification_change = models.TextField(blank=True, help_text="What changed in the program.")
    modification_reason = models.TextField(blank=True, help_text="Why it changed.")
    program_version = models.ForeignKey(
        ProgramVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(departs=False) | ~Q(reason=""), name="departure_has_reason"
            ),
        ]
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"Decision {self.chosen_action} on {self.triage_record_id}"

    @property
    def chosen_label(self) -> str:
        """The decision as read; an emergency as recommended names its care setting."""
        record = self.triage_record
        setting = record.care_setting if self.chosen_action == record.action else None
        return action_label(self.chosen_action, setting)


class EmergencyActionRecord(TenantModel):
    """What was done in an emergency, recorded with one tap while it happens."""

    class Kind(models.TextChoices):
        EMERGENCY_SERVICES_CALLED = "emergency_services_called", "Emergency services called"
        SENT_TO_EMERGENCY_DEPARTMENT = (
            "sent_to_emergency_department",
            "Client sent to the emergency department",
        )
        SAME_DAY_APPOINTMENT = "same_day_appointment", "Same-day doctor's appointment arranged"
        CLIENT_ADVISED = "client_advised", "Client advised to seek care now"
        EMERGENCY_CONTACT_INFORMED = "emergency_contact_informed", "Emergency contact informed"
        REFERRAL_SOURCE_INFORMED = "referral_source_informed", "Referral source informed"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="emergency_actions")
    triage_record = models.ForeignKey(
        TriageRecord, on_delete=models.PROTECT, related_name="emergency_actions"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Hold(TenantModel):
    """The program is paused until a clinician clears it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="holds")
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="holds"
    )
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="holds")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="holds"
    )
    # Whose clearance we wait for (the referral source of the client's current referral).
    awaiting_clearance_from = models.ForeignKey(
        ReferralSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by_clearance = models.OneToOneField(
        "Clearance", null=True, blank=True, on_delete=models.PROTECT, related_name="lifted_hold"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_hold_per_client",
            )
        ]
        indexes = [
            models.Index(fields=["practice", "lifted_at", "started_at"]),
            # The active holds in the dashboard's order (oldest first): read in order, so
            # a few of them join their clients by key instead of scanning every client.
            models.Index(
                fields=["practice", "started_at", "id"],
                condition=Q(lifted_at__isnull=True),
                name="hold_active_oldest",
            ),
        ]
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Hold of {self.client} since {self.started_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class Clearance(TenantModel):
    """A clinician's clearance to resume, with who, when, how and on what conditions."""

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone"
        FAX = "fax", "Fax"
        EMAIL = "email", "E-mail"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    hold = models.ForeignKey(Hold, on_delete=models.CASCADE, related_name="clearances")
    cleared_by_name = models.CharField(max_length=150, help_text="e.g. Dr Priya Natarajan")
    cleared_by_role = models.CharField(
        max_length=120, blank=True, help_text="e.g. orthopaedic surgeon, physical therapist"
    )
    cleared_at = models.DateTimeField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    conditions = models.TextField(
        blank=True, help_text='e.g. "resume, no loaded knee flexion past 90 degrees"'
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cleared_at", "pk"]

    def __str__(self) -> str:
        return f"Clearance by {self.cleared_by_name} on {self.cleared_at:%Y-%m-%d}"


class FollowUp(TenantModel):
    class Kind(models.TextChoices):
        CHECK_IN = "check_in", "Check in with the client"
        CONTACT_REFERRAL_SOURCE = "contact_referral_source", "Contact the referral source"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="follow_ups")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="follow_ups")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    due_at = models.DateTimeField()
    assigned_to = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    result = models.OneToOneField(
        PainReport, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_up"
    )
    # Closed without being done (the episode was resolved first): not a check-in that
    # happened, so no record may read it as one.
    cancelled = models.BooleanField(default=False, db_default=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["practice", "completed_at", "due_at"]),
            # The open follow-ups in the dashboard's order, as for holds.
            models.Index(
                fields=["practice", "due_at", "id"],
                condition=Q(completed_at__isnull=True),
                name="followup_open_due",
            ),
            models.Index(fields=["reminder_sent_at", "completed_at", "due_at"]),
        ]
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.client} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None


class PracticeRuleset(TenantModel):
    """A practice's threshold overrides of the default triage rules, versioned.

    A change is a new row (never an edit), so a triage record can point at exactly the
    thresholds it ran under.
    """

    version = models.PositiveIntegerField()
    overrides = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True, help_text="Why the thresholds changed.")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "version"], name="one_ruleset_number_per_practice"
            ),
            models.UniqueConstraint(
                fields=["practice"],
                condition=Q(active=True),
                name="one_active_ruleset_per_practice",
            ),
        ]
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Practice ruleset v{self.version}"

    @property
    def changes(self) -> list[str]:
        """The thresholds that differ from the defaults, as "H2 pain_now_min = 6"."""
        lines = [
            f"{name} = {value}" for name, value in self.overrides.get("definitions", {}).items()
        ]
        for rule_id, values in self.overrides.get("rules", {}).items():
            lines.extend(f"{rule_id} {name} = {value}" for name, value in values.items())
        return lines
