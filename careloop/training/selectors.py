"""Reads of the training record for pages, charts and other apps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet

from careloop.accounts.models import Membership, Practice
from careloop.clients.models import Client
from careloop.training.models import (
    Exercise,
    Program,
    ProgramExercise,
    ProgramVersion,
    Session,
    SessionExercise,
    SessionRevision,
)
from careloop.training.programs import ItemSpec

# Charts show the most recent sessions: their cost depends on this, not on the history.
CHART_SESSIONS = 40
HISTORY_SESSIONS = 10


def exercise_search(
    practice: Practice,
    *,
    q: str = "",
    body_area: str = "",
    category: str = "",
    include_inactive: bool = False,
) -> QuerySet[Exercise]:
    qs = Exercise.objects.filter(practice=practice)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if body_area:
        qs = qs.filter(body_area=body_area)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("name")


def exercise_choices(practice: Practice, *, also: set[int] | None = None) -> list[Exercise]:
    """Active exercises for pickers, plus any inactive ones already in use (`also`)."""
    cond = Q(is_active=True)
    if also:
        cond |= Q(pk__in=also)
    return list(
        Exercise.objects.filter(cond, practice=practice)
        .only("id", "name", "body_area", "practice_id", "is_active")
        .order_by("body_area", "name")
    )


def program_for_client(client: Client) -> Program | None:
    return Program.objects.filter(client=client).first()


def current_version(program: Program | None) -> ProgramVersion | None:
    if program is None or program.version == 0:
        return None
    return (
        ProgramVersion.objects.select_related("created_by")
        .filter(program=program, number=program.version)
        .first()
    )


def current_version_of(client: Client) -> ProgramVersion | None:
    """The client's current program version, its program and author: one query."""
    return (
        ProgramVersion.objects.select_related("program", "created_by")
        .filter(program__client=client, program__version=F("number"))
        .first()
    )


def conditions_newer_than_version(program: Program | None, version: ProgramVersion | None) -> bool:
    """The clinician's conditions came after the current version was written, so the
    version's numbers may not follow them yet (the program was saved since: it does)."""
    if program is None or version is None or not program.conditions:
        return False
    return program.updated_at > version.created_at + dt.timedelta(seconds=1)


def version_rows(version: ProgramVersion | None) -> list[ProgramExercise]:
    if version is None:
        return []
    return list(
        ProgramExercise.objects.filter(version=version).select_related("exercise").order_by("order")
    )


def program_items(program: Program | None) -> list[ItemSpec]:
    """The current version's items as values (for `program_modify` and session pre-fill)."""
    if program is None or program.version == 0:
        return []
    rows = (
        ProgramExercise.objects.filter(version__program=program, version__number=program.version)
        .select_related("exercise")
        .order_by("order")
    )
    return [ItemSpec.from_row(row) for row in rows]


def program_versions(program: Program | None) -> list[ProgramVersion]:
    if program is None:
        return []
    return list(program.versions.select_related("created_by").order_by("-number"))


def recent_sessions(client: Client, limit: int) -> list[Session]:
    return list(
        Session.objects.live()
        .filter(practice_id=client.practice_id, client=client)
        .select_related("practitioner")
        .order_by("-started_at")[:limit]
    )


def sessions_page_queryset(client: Client) -> QuerySet[Session]:
    return (
        Session.objects.filter(practice_id=client.practice_id, client=client)
        .select_related("practitioner")
        .order_by("-started_at")
    )


def session_exercises(session: Session) -> list[SessionExercise]:
    return list(session.exercises.select_related("exercise").order_by("order"))


def last_session(client: Client) -> Session | None:
    return (
        Session.objects.live()
        .filter(practice_id=client.practice_id, client=client)
        .order_by("-started_at")
        .first()
    )


def practitioners(practice: Practice) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(practice=practice, is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    ]


def session_revisions(session: Session) -> list[SessionRevision]:
    """Earlier versions of a corrected session, newest first."""
    return list(session.revisions.select_related("corrected_by").order_by("-number"))
