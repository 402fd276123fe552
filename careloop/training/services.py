"""Writes of the training record: the exercise library, versioned programs, sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from careloop.accounts.models import Membership
from careloop.audit.services import audit_log
from careloop.clients.models import Client
from careloop.core.clock import FUTURE_TOLERANCE
from careloop.training.duplicates import DuplicateSession, same_start
from careloop.training.models import (
    Exercise,
    Program,
    ProgramExercise,
    ProgramVersion,
    Session,
    SessionExercise,
)
from careloop.training.programs import ItemSpec, change_summary

MAX_DURATION_MINUTES = 600


# --- programs -----------------------------------------------------------------------------


class ProgramConflict(ValidationError):
    """Someone saved a newer version since the editor loaded the program."""


def program_ensure(*, client: Client) -> Program:
    """The client's program, created empty (version 0) the first time it is needed."""
    program = Program.objects.filter(client=client).first()
    if program is not None:
        return program
    try:
        with transaction.atomic():
            return Program.objects.create(practice_id=client.practice_id, client=client)
    except IntegrityError:  # created by a concurrent request a moment ago
        return Program.objects.get(client=client)


def _conflict_message(program: Program) -> str:
    latest = program.versions.select_related("created_by").first()
    if latest is None:  # pragma: no cover - version > 0 always has a row
        return "Someone saved a newer version of this program; reload to see it."
    tz = program.practice.tz
    at = timezone.localtime(latest.created_at, tz)
    today = timezone.localtime(timezone.now(), tz).date()
    when = f"{at:%H:%M}" if at.date() == today else f"{at:%H:%M} on {at:%-d %b %Y}"
    who = latest.created_by.full_name or latest.created_by.email
    return (
        f"{who} saved a newer version (v{latest.number}) at {when}; reload to see it. "
        "Your changes have not been saved."
    )


def _validate_items(items: Sequence[ItemSpec], practice_id: int) -> None:
    for position, item in enumerate(items, start=1):
        where = f"Exercise {position} ({item.exercise.name})"
        if item.exercise.practice_id != practice_id:
            raise ValidationError({"items": f"{where} is not in this practice's library."})
        if item.load is not None and item.load < 0:
            raise ValidationError({"items": f"{where}: a load cannot be negative."})
        for name in ("sets", "reps", "duration_seconds"):
            value = getattr(item, name)
            if value is not None and value < 0:
                raise ValidationError({"items": f"{where}: {name} cannot be negative."})


def _version_create(
    *,
    program: Program,
    actor: Any,
    items: Sequence[ItemSpec],
    reason: str,
    summary: str,
    is_modification: bool,
    at: dt.datetime,
) -> ProgramVersion:
    number = program.version + 1
    version = ProgramVersion.objects.create(
        practice_id=program.practice_id,
        program=program,
        number=number,
        created_at=at,
        created_by=actor,
        reason=reason,
        change_summary=summary,
        is_modification=is_modification,
    )
    ProgramExercise.objects.bulk_create(
        ProgramExercise(
            practice_id=program.practice_id,
            version=version,
            exercise=item.exercise,
            order=order,
            sets=item.sets,
            reps=item.reps,
            load=item.load,
            load_unit=item.load_unit,
            duration_seconds=item.duration_seconds,
            range_of_motion=item.range_of_motion,
            tempo=item.tempo,
            side=item.side,
            notes=item.notes,
        )
        for order, item in enumerate(items, start=1)
    )
    Program.objects.filter(pk=program.pk).update(version=number, updated_at=at)
    program.version = number
    program.updated_at = at
    return version


def program_save(
    *,
    program: Program,
    actor: Any,
    items: Sequence[ItemSpec | dict[str, Any]],
    reason: str,
    based_on_version: int,
    change_summary_text: str | None = None,
    is_modification: bool = False,
    at: dt.datetime | None = None,
) -> ProgramVersion:
    """Save `items` as the program's next version, refusing if the program moved on since
    `based_on_version` (the version the editor started from)."""
    specs = [ItemSpec.coerce(item) for item in items]
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the program is changing."})
    _validate_items(specs, program.practice_id)
    with transaction.atomic():
        locked = Program.objects.select_for_update().select_related("practice").get(pk=program.pk)
        if locked.version != based_on_version:
            raise ProgramConflict(_conflict_message(locked))
        current = (
            ProgramExercise.objects.filter(version__program=locked, version__number=locked.version)
            .select_related("exercise")
            .order_by("order")
        )
        summary = change_summary([ItemSpec.from_row(row) for row in current], specs)
        if locked.version == 0:
            summary = "First version"
        if not summary and locked.version > 0:
            raise ValidationError(
                "Nothing changed: the program is the same as the current version."
            )
        if change_summary_text:
            summary = change_summary_text
        version = _version_create(
            program=locked,
            actor=actor,
            items=specs,
            reason=reason,
            summary=summary,
            is_modification=is_modification,
            at=at or timezone.now(),
        )
        audit_log(
            actor=actor,
            practice=locked.practice,
            action="update" if version.number > 1 else "create",
            obj=locked,
            detail=f"version {version.number}" + (" (modification)" if is_modification else ""),
        )
    program.version = locked.version
    program.updated_at = locked.updated_at
    return version


def program_update(
    *,
    program: Program,
    actor: Any,
    items: Sequence[ItemSpec | dict[str, Any]],
    reason: str,
    based_on_version: int,
) -> ProgramVersion:
    """A practitioner's edit of the program (the program page's form)."""
    return program_save(
        program=program, actor=actor, items=items, reason=reason, based_on_version=based_on_version
    )


def program_modify(
    *,
    program: Program,
    actor: Any,
    items: Sequence[ItemSpec | dict[str, Any]],
    reason: str,
    change_summary: str | None = None,
    based_on_version: int,
) -> ProgramVersion:
    """A pain-related modification from the episodes workflow: a new version marked
    `is_modification`; `change_summary` replaces the computed one when given."""
    return program_save(
        program=program,
        actor=actor,
        items=items,
        reason=reason,
        based_on_version=based_on_version,
        change_summary_text=change_summary,
        is_modification=True,
    )


# --- sessions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SetSpec:
    reps: int | None = None
    load: Decimal | None = None


@dataclass(frozen=True)
class PerformedSpec:
    """One exercise as done in a session."""

    exercise: Exercise
    sets: Sequence[SetSpec] = field(default_factory=tuple)
    load_unit: str = "kg"
    duration_seconds: int | None = None
    side: str = ""
    pain_during: int | None = None
    notes: str = ""


def last_session_refresh(*, client_ids: Iterable[int]) -> None:
    """Set these clients' ``last_session_at`` from their sessions that count (not voided).

    Called by everything that adds, moves or voids sessions, inside its transaction."""
    latest = Session.objects.live().filter(client=OuterRef("pk")).order_by("-started_at")
    Client.objects.filter(pk__in=list(client_ids)).update(
        last_session_at=Subquery(latest.values("started_at")[:1])
    )


def is_on_hold(client: Client) -> bool:
    """Whether the client's program is on hold awaiting a clinician's clearance.

    Read from the client's status, which the episodes app keeps in step with its holds
    (hold_put, hold_lift): training needs nothing from episodes, which builds on it. Read
    from the database, not the object passed in, so a hold put since it was loaded counts."""
    return Client.objects.filter(pk=client.pk, status=Client.Status.ON_HOLD).exists()


def _check_pain(errors: dict[str, str], name: str, value: int | None, required: bool) -> None:
    if value is None:
        if required:
            errors[name] = "Ask the client and enter their pain before the session (0 to 10)."
        return
    if not 0 <= value <= 10:
        errors[name] = "Pain is rated from 0 (none) to 10 (worst imaginable)."


def session_time_errors(
    started_at: dt.datetime,
    duration_minutes: int | None,
    *,
    now: dt.datetime | None = None,
    born_on: dt.date | None = None,
) -> dict[str, str]:
    """What is wrong with when a session took place (keyed by field). Also asked by the
    session form, so a time in the future is reported with the form's other errors.
    ``born_on`` is the client's date of birth: a session before it is a mistyped year."""
    now = now or timezone.now()
    if timezone.is_naive(started_at):
        return {"started_at": "The session's time needs a time zone."}
    if started_at > now + FUTURE_TOLERANCE:
        return {"started_at": "A session cannot be in the future."}
    if born_on is not None and started_at.date() < born_on:
        return {"started_at": "This is before the client was born: check the year."}
    if duration_minutes is not None and 1 <= duration_minutes <= MAX_DURATION_MINUTES:
        ends = started_at + dt.timedelta(minutes=duration_minutes)
        if ends > now + FUTURE_TOLERANCE:
            # Logged before it ended, a session would refuse every pain report until its end.
            return {
                "started_at": f"With this start and duration the session ends at "
                f"{timezone.localtime(ends):%H:%M}, in the future. Log a session once it has "
                "ended: set when it started or how long it took."
            }
    return {}


def session_validate(
    *,
    started_at: dt.datetime,
    duration_minutes: int,
    pain_before: int | None,
    pain_during_max: int | None = None,
    pain_after: int | None = None,
    pain_2h: int | None = None,
    rpe: int | None = None,
    exercises: Sequence[PerformedSpec] = (),
    now: dt.datetime | None = None,
    born_on: dt.date | None = None,
) -> None:
    errors = session_time_errors(started_at, duration_minutes, now=now, born_on=born_on)
    if not 1 <= duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = f"Duration is 1 to {MAX_DURATION_MINUTES} minutes."
    _check_pain(errors, "pain_before", pain_before, required=True)
    _check_pain(errors, "pain_during_max", pain_during_max, required=False)
    _check_pain(errors, "pain_after", pain_after, required=False)
    _check_pain(errors, "pain_2h", pain_2h, required=False)
    if rpe is not None and not 0 <= rpe <= 10:
        errors["rpe"] = "RPE is rated from 0 (rest) to 10 (maximal effort)."
    for position, done in enumerate(exercises, start=1):
        where = f"{done.exercise.name}"
        if any(s.load is not None and s.load < 0 for s in done.sets):
            errors.setdefault("exercises", f"{where}: a load cannot be negative.")
        if any(s.reps is not None and s.reps < 0 for s in done.sets):
            errors.setdefault("exercises", f"{where}: reps cannot be negative.")
        if done.pain_during is not None and not 0 <= done.pain_during <= 10:
            errors.setdefault("exercises", f"{where}: pain is rated from 0 to 10.")
        del position
    if errors:
        raise ValidationError(errors)


def set_json(s: SetSpec) -> dict[str, Any]:
    return {"reps": s.reps, "load": None if s.load is None else str(s.load)}


def session_exercises_write(*, session: Session, exercises: Sequence[PerformedSpec]) -> None:
    """Store what was done in ``session``, in order (logging and correcting share this)."""
    SessionExercise.objects.bulk_create(
        SessionExercise(
            practice_id=session.practice_id,
            session=session,
            exercise=done.exercise,
            order=order,
            sets=[set_json(s) for s in done.sets],
            load_unit=done.load_unit,
            load_max=max((s.load for s in done.sets if s.load is not None), default=None),
            duration_seconds=done.duration_seconds,
            side=done.side,
            pain_during=done.pain_during,
            notes=done.notes,
        )
        for order, done in enumerate(exercises, start=1)
    )


def session_log(
    *,
    client: Client,
    actor: Any,
    practitioner: Any,
    started_at: dt.datetime,
    duration_minutes: int,
    pain_before: int | None,
    pain_during_max: int | None = None,
    pain_after: int | None = None,
    pain_2h: int | None = None,
    rpe: int | None = None,
    exercises: Sequence[PerformedSpec] = (),
    practitioner_observations: str = "",
    client_statements: str = "",
    hold_override_reason: str = "",
    program_version: ProgramVersion | None = None,
    allow_duplicate: bool = False,
) -> Session:
    """Record a session. Refused while the client's program is on hold unless a reason for
    logging anyway is given (kept on the session), and refused with `DuplicateSession` when
    the client already has a session starting in the same minute, unless a person confirmed
    it is another one (`allow_duplicate`)."""
    session_validate(
        started_at=started_at,
        duration_minutes=duration_minutes,
        pain_before=pain_before,
        pain_during_max=pain_during_max,
        pain_after=pain_after,
        pain_2h=pain_2h,
        rpe=rpe,
        exercises=exercises,
        born_on=client.date_of_birth,
    )
    if not Membership.objects.filter(
        practice_id=client.practice_id, user=practitioner, is_active=True
    ).exists():
        raise ValidationError({"practitioner": "Choose a practitioner of this practice."})
    for done in exercises:
        if done.exercise.practice_id != client.practice_id:
            raise ValidationError({"exercises": "That exercise is not in this practice's library."})
    assert pain_before is not None  # checked above; for the type checker
    hold_override_reason = (hold_override_reason or "").strip()
    if is_on_hold(client) and not hold_override_reason:
        raise ValidationError(
            {
                "hold_override_reason": "The program is on hold until the referral source "
                "clears it. To log this session anyway, say why."
            }
        )
    if program_version is None:
        program_version = (
            ProgramVersion.objects.filter(program__client=client).order_by("-number").first()
        )
    with transaction.atomic():
        existing = same_start(client, started_at)
        if existing is not None and not allow_duplicate:
            raise DuplicateSession(existing)
        session = Session.objects.create(
            practice_id=client.practice_id,
            client=client,
            program_version=program_version,
            practitioner=practitioner,
            started_at=started_at,
            duration_minutes=duration_minutes,
            ended_at=started_at + dt.timedelta(minutes=duration_minutes),
            pain_before=pain_before,
            pain_during_max=pain_during_max,
            pain_after=pain_after,
            pain_2h=pain_2h,
            rpe=rpe,
            practitioner_observations=practitioner_observations.strip(),
            client_statements=client_statements.strip(),
            logged_during_hold_reason=hold_override_reason,
        )
        session_exercises_write(session=session, exercises=exercises)
        last_session_refresh(client_ids=[client.pk])
        audit_log(
            actor=actor,
            practice=client.practice_id,
            action="create",
            obj=session,
            detail=", ".join(
                note
                for note, applies in (
                    ("logged during hold", bool(hold_override_reason)),
                    ("confirmed despite a session at the same time", existing is not None),
                )
                if applies
            ),
        )
    return session
