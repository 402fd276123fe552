"""Correcting and voiding a logged session, keeping every earlier version.

A session is corrected in place (pain reports and letters keep pointing at the same row)
and the version it replaces is written to a SessionRevision first. A void keeps the row,
marked voided, so the record stays whole; voided sessions feed no triage, chart or letter.
The audit trail gets the reason's code and the names of the changed fields, never values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.training.models import (
    RecordChangeReason,
    Session,
    SessionRevision,
)
from careloop.training.services import (
    PerformedSpec,
    last_session_refresh,
    session_exercises_write,
    session_validate,
    set_json,
)

# The fields a correction may change (the client, the program version and the hold
# reason stay as logged).
CORRECTABLE_FIELDS = (
    "started_at",
    "duration_minutes",
    "practitioner_id",
    "pain_before",
    "pain_during_max",
    "pain_after",
    "pain_2h",
    "rpe",
    "practitioner_observations",
    "client_statements",
)
REASON_REQUIRED = "Say why: it is kept with the earlier version."


def change_reason_check(reason_kind: str, reason: str) -> str:
    """The reason a record changes (a kind and words), required for every correction or
    void of a session or a pain report; returns the words stripped."""
    errors = {}
    if reason_kind not in RecordChangeReason.values:
        errors["reason_kind"] = "Choose why the record changes."
    if not (reason or "").strip():
        errors["reason"] = REASON_REQUIRED
    if errors:
        raise ValidationError(errors)
    return reason.strip()


def _exercise_rows(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "exercise_id": row.exercise_id,
            "exercise": row.exercise.name,
            "sets": row.sets,
            "load_unit": row.load_unit,
            "duration_seconds": row.duration_seconds,
            "side": row.side,
            "pain_during": row.pain_during,
            "notes": row.notes,
        }
        for row in session.exercises.select_related("exercise").order_by("order")
    ]


def session_snapshot(session: Session) -> dict[str, Any]:
    """The session as it stands, in plain JSON (what a revision keeps)."""
    data: dict[str, Any] = {
        name: getattr(session, name)
        for name in CORRECTABLE_FIELDS
        if name not in ("started_at", "practitioner_id")
    }
    data["started_at"] = session.started_at.isoformat()
    data["ended_at"] = session.ended_at.isoformat()
    data["practitioner_id"] = session.practitioner_id
    data["practitioner"] = session.practitioner.display_name
    data["exercises"] = _exercise_rows(session)
    return data


# A check that an app building on sessions runs before a session is moved or voided, and
# that raises ValidationError to refuse it. ``ended_at`` is the session's new end, or None
# when the session is being voided. The episodes app registers one (a pain report measured
# from the session must stay after it) from its AppConfig.ready: training imports no app
# that builds on it.
SessionChangeCheck = Callable[[Session, dt.datetime | None], None]
_change_checks: list[SessionChangeCheck] = []


def session_change_check_register(check: SessionChangeCheck) -> None:
    if check not in _change_checks:
        _change_checks.append(check)


def _run_change_checks(session: Session, ended_at: dt.datetime | None) -> None:
    for check in _change_checks:
        check(session, ended_at)


def session_correct(
    *,
    session: Session,
    actor: Any,
    reason_kind: str,
    reason: str,
    practitioner: Any,
    started_at: dt.datetime,
    duration_minutes: int,
    pain_before: int | None,
    pain_during_max: int | None = None,
    pain_after: int | None = None,
    pain_2h: int | None = None,
    rpe: int | None = None,
    exercises: Sequence[PerformedSpec] | None = None,
    practitioner_observations: str = "",
    client_statements: str = "",
) -> SessionRevision:
    """Correct a logged session: keep the current version as a revision, then change it.
    ``exercises=None`` leaves the exercises as they are."""
    reason = change_reason_check(reason_kind, reason)
    session_validate(
        started_at=started_at,
        duration_minutes=duration_minutes,
        pain_before=pain_before,
        pain_during_max=pain_during_max,
        pain_after=pain_after,
        pain_2h=pain_2h,
        rpe=rpe,
        exercises=exercises or (),
        born_on=session.client.date_of_birth,
    )
    new = {
        "started_at": started_at,
        "duration_minutes": duration_minutes,
        "practitioner_id": practitioner.pk,
        "pain_before": pain_before,
        "pain_during_max": pain_during_max,
        "pain_after": pain_after,
        "pain_2h": pain_2h,
        "rpe": rpe,
        "practitioner_observations": practitioner_observations.strip(),
        "client_statements": client_statements.strip(),
    }
    now = timezone.now()
    with transaction.atomic():
        session = (
            Session.objects.select_for_update().select_related("practitioner").get(pk=session.pk)
        )
        if session.is_voided:
            raise ValidationError("This session was voided; it cannot be corrected.")
        changed = [name for name, value in new.items() if getattr(session, name) != value]
        before = session_snapshot(session)
        new_rows = None
        if exercises is not None:
            new_rows = [
                {
                    "exercise_id": done.exercise.pk,
                    "exercise": done.exercise.name,
                    "sets": [set_json(s) for s in done.sets],
                    "load_unit": done.load_unit,
                    "duration_seconds": done.duration_seconds,
                    "side": done.side,
                    "pain_during": done.pain_during,
                    "notes": done.notes,
                }
                for done in exercises
            ]
            if new_rows != before["exercises"]:
                changed.append("exercises")
        if not changed:
            raise ValidationError("Nothing changed: the session is the same as logged.")
        ended_at = started_at + dt.timedelta(minutes=duration_minutes)
        _run_change_checks(session, ended_at)
        revision = SessionRevision.objects.create(
            practice_id=session.practice_id,
            session=session,
            number=session.revisions.count() + 1,
            data=before,
            changed_fields=[name.removesuffix("_id") for name in changed],
            reason_kind=reason_kind,
            reason=reason,
            corrected_by=actor,
            corrected_at=now,
        )
        for name, value in new.items():
            setattr(session, name, value)
        session.ended_at = ended_at
        session.save()
        if exercises is not None and "exercises" in changed:
            session.exercises.all().delete()
            session_exercises_write(session=session, exercises=exercises)
        if "started_at" in changed:
            last_session_refresh(client_ids=[session.client_id])
        audit_log(
            actor=actor,
            practice=session.practice_id,
            action="update",
            obj=session,
            detail=f"corrected ({reason_kind}), revision {revision.number} kept: "
            + ", ".join(revision.changed_fields),
        )
    return revision


def session_pain_2h_record(*, session: Session, actor: Any, pain_2h: int | None) -> Session:
    """Add the pain two hours after the session, told by a later call. A value already
    given is changed only by a correction (with a reason)."""
    if pain_2h is None or not 0 <= pain_2h <= 10:
        raise ValidationError({"pain_2h": "Pain is rated from 0 (none) to 10 (worst imaginable)."})
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_voided:
            raise ValidationError({"pain_2h": "This session was voided."})
        if session.pain_2h is not None:
            raise ValidationError(
                {"pain_2h": "Already recorded: correct the session to change it (with a reason)."}
            )
        session.pain_2h = pain_2h
        session.save(update_fields=["pain_2h"])
        audit_log(
            actor=actor,
            practice=session.practice_id,
            action="update",
            obj=session,
            detail="pain 2 h after added",
        )
    return session


def session_void(*, session: Session, actor: Any, reason_kind: str, reason: str) -> Session:
    """Void a session logged in error. Refused while a pain report that counts follows it:
    its triage measured from this session, so that report is corrected or voided first."""
    reason = change_reason_check(reason_kind, reason)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_voided:
            raise ValidationError("This session is already voided.")
        _run_change_checks(session, None)
        session.voided_at = timezone.now()
        session.voided_by = actor
        session.void_reason_kind = reason_kind
        session.void_reason = reason
        session.save(update_fields=["voided_at", "voided_by", "void_reason_kind", "void_reason"])
        last_session_refresh(client_ids=[session.client_id])
        audit_log(
            actor=actor,
            practice=session.practice_id,
            action="update",
            obj=session,
            detail=f"voided ({reason_kind})",
        )
    return session
