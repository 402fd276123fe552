"""Exercise library, programs (versioned) and logged sessions with pain ratings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from careloop.accounts.models import TenantModel
from careloop.clients.models import Client

NPRS = [MinValueValidator(0), MaxValueValidator(10)]


class LoadUnit(models.TextChoices):
    KG = "kg", "kg"
    LB = "lb", "lb"


class Side(models.TextChoices):
    BOTH = "both", "Both sides"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    NA = "", "Not applicable"


class Exercise(TenantModel):
    """An entry in the practice's exercise library."""

    class Category(models.TextChoices):
        STRENGTH = "strength", "Strength"
        MOBILITY = "mobility", "Mobility / range of motion"
        FLEXIBILITY = "flexibility", "Flexibility"
        BALANCE = "balance", "Balance / proprioception"
        CARDIO = "cardio", "Cardiovascular"
        STABILITY = "stability", "Core / stability"
        FUNCTIONAL = "functional", "Functional"

    class BodyArea(models.TextChoices):
        NECK = "neck", "Neck"
        SHOULDER = "shoulder", "Shoulder"
        ELBOW_WRIST_HAND = "elbow_wrist_hand", "Elbow, wrist and hand"
        UPPER_BACK = "upper_back", "Upper back"
        LOWER_BACK = "lower_back", "Lower back and core"
        HIP = "hip", "Hip"
        KNEE = "knee", "Knee"
        ANKLE_FOOT = "ankle_foot", "Ankle and foot"
        WHOLE_BODY = "whole_body", "Whole body"

    name = models.CharField(max_length=120)
    body_area = models.CharField(max_length=20, choices=BodyArea.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "name"], name="exercise_name_per_practice")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(TenantModel):
    """A client's current program. Its content lives in immutable versions; `version` is
    the number of the current one and doubles as the optimistic-concurrency token."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="program")
    version = models.PositiveIntegerField(default=0)
    # Conditions set by the clinician's clearance ("no loaded knee flexion past 90 degrees").
    conditions = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Program of {self.client} (v{self.version})"


class ImmutableVersionError(Exception):
    """A program version (or one of its items) was about to be changed after it was saved."""


class _WriteOnce(models.Model):
    """Versions are copied, never edited: a second save of the same row is refused."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableVersionError(f"{self._meta.label} rows are never changed once saved")
        super().save(*args, **kwargs)


class ProgramVersion(_WriteOnce, TenantModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(help_text="Why the program changed.")
    change_summary = models.TextField(blank=True, help_text="What changed, in plain words.")
    # Set when the change is a modification from the pain-response workflow.
    is_modification = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="one_number_per_version")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number} of {self.program}"


class ProgramExercise(_WriteOnce, TenantModel):
    """One prescribed exercise in one program version (versions are copied, never edited)."""

    version = models.ForeignKey(ProgramVersion, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    load = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    load_unit = models.CharField(max_length=2, choices=LoadUnit.choices, default=LoadUnit.KG)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    range_of_motion = models.CharField(max_length=120, blank=True)
    tempo = models.CharField(max_length=40, blank=True)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.exercise} in {self.version}"


class RecordChangeReason(models.TextChoices):
    """Why a logged session or pain report was corrected or voided. The code goes into the
    audit trail (no clinical values there); the practitioner's own words stay on the record."""

    WRONG_TIME = "wrong_time", "Wrong date or time"
    WRONG_VALUE = "wrong_value", "A value was entered wrong"
    MISSING_VALUE = "missing_value", "A value was missing"
    WRONG_CLIENT = "wrong_client", "Recorded for the wrong client"
    DUPLICATE = "duplicate", "Recorded twice"
    DID_NOT_HAPPEN = "did_not_happen", "It did not take place"
    OTHER = "other", "Other"


class SessionQuerySet(models.QuerySet["Session"]):
    def live(self) -> SessionQuerySet:
        """Sessions that count: a voided one feeds neither triage, charts nor letters."""
        return self.filter(voided_at__isnull=True)


class Session(TenantModel):
    """A logged training session with the client's pain before, during and after.

    A correction changes the row in place and keeps the earlier version as a
    SessionRevision; a void keeps the row (marked voided) so the record stays whole."""

    objects = SessionQuerySet.as_manager()

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sessions")
    program_version = models.ForeignKey(
        ProgramVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    ended_at = models.DateTimeField(help_text="started_at + duration; what triage measures from.")
    pain_before = models.PositiveSmallIntegerField(validators=NPRS)
    pain_during_max = models.PositiveSmallIntegerField(null=True, blank=True, validators=NPRS)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True, validators=NPRS)
    pain_2h = models.PositiveSmallIntegerField(null=True, blank=True, validators=NPRS)
    rpe = models.PositiveSmallIntegerField(null=True, blank=True, validators=NPRS)
    practitioner_observations = models.TextField(blank=True)
    client_statements = models.TextField(blank=True)
    # Set when a session is logged while the program is on hold ("log anyway").
    logged_during_hold_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Database defaults: bulk loaders insert rows naming only the columns they know.
    void_reason_kind = models.CharField(
        max_length=20, choices=RecordChangeReason.choices, blank=True, db_default=""
    )
    void_reason = models.TextField(blank=True, db_default="")

    class Meta:
        indexes = [models.Index(fields=["practice", "client", "-started_at"])]
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Session of {self.client} on {self.started_at:%Y-%m-%d}"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class SessionRevision(_WriteOnce, TenantModel):
    """The version of a session before a correction, as it was then (fields and exercises),
    with who corrected it, when and why. Never changed once written."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 is the session as first logged.")
    data = models.JSONField(help_text="The session's fields and exercises before the change.")
    changed_fields = models.JSONField(default=list)
    reason_kind = models.CharField(max_length=20, choices=RecordChangeReason.choices)
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"], name="one_number_per_session_revision"
            )
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Revision {self.number} of {self.session}"


class SessionExercise(TenantModel):
    """An exercise as performed. Sets are kept as a list ([{"reps": 10, "load": "20"}]) so a
    session is a handful of rows; `load_max` is kept beside them for charts and lists."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    sets = models.JSONField(default=list)
    load_unit = models.CharField(max_length=2, choices=LoadUnit.choices, default=LoadUnit.KG)
    load_max = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    pain_during = models.PositiveSmallIntegerField(null=True, blank=True, validators=NPRS)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["practice", "exercise", "session"])]
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.exercise} in {self.session}"


class ProgramTemplate(TenantModel):
    """A program to start from: a standard one seeded for every practice (post-op knee,
    low back...) or one a practitioner saved from a client's program. Items name exercises
    of the practice's library by id; loads and sides belong to a client and are not kept."""

    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    # [{"exercise_id": 12, "sets": 3, "reps": 10, "duration_seconds": null, ...}], in order.
    items = models.JSONField(default=list)
    is_standard = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "name"], name="program_template_name_per_practice"
            )
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
