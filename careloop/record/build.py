"""Stored records -> :class:`~careloop.record.document.EpisodeDocument`.

The only place where letters meet the database: everything after this reads the document.
Each builder runs a fixed number of queries whatever the length of the client's history
(the tests assert it): sessions come from a bounded window, versions from the episode's
span, and related rows are fetched once for all of them.

``episode_document(episode, *, author, now=None)``
    For an SBAR report or a follow-up letter about ``episode``.
``progress_document(client, *, author, now=None, days=56)``
    For a periodic progress report about a client without an episode.
Both raise :class:`BuildError` when the record lacks what any letter needs (a referral
source to write to).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from careloop.clients.models import Client
from careloop.clients.selectors import current_referral
from careloop.episodes.models import (
    EmergencyActionRecord,
    FollowUp,
    Hold,
    PainReport,
    VitalSigns,
)
from careloop.record import document as d
from careloop.record.build_who import (
    BuildError,
    _author,
    _client,
    _lines,
    _name,
    _practice,
    _recipient,
    _short,
)
from careloop.record.sources import communications
from careloop.training.models import (
    Program,
    ProgramExercise,
    ProgramVersion,
    Session,
    SessionExercise,
)

__all__ = ["BuildError", "episode_document", "progress_document"]

# A letter shows the sessions around the episode, not the whole history.
SESSIONS_BEFORE_DAYS = 28
MAX_SESSIONS = 12
PROGRESS_DAYS = 56
MAX_PROGRESS_SESSIONS = 24
OTHER_COMMUNICATIONS_DAYS = 90


# ---- program and sessions -------------------------------------------------------------------


def _load(value: Any, unit: str) -> d.Load | None:
    if value in (None, ""):
        return None
    return d.Load(value=float(Decimal(str(value))), unit=unit if unit in ("kg", "lb") else "kg")  # type: ignore[arg-type]


def _prescription(item: Any) -> d.Prescription:
    notes = ", ".join(x for x in (item.get_side_display() if item.side else "", item.notes) if x)
    return d.Prescription(
        sets=item.sets or None,
        reps=item.reps or None,
        seconds=item.duration_seconds or None,
        load=_load(item.load, item.load_unit),
        range_of_motion=_short(item.range_of_motion, 100),
        tempo=_short(item.tempo, 40),
        notes=notes[:500],
    )


def _performed(row: Any, prescribed: d.Prescription | None) -> d.ExercisePerformed:
    sets = []
    for s in row.sets or []:
        if not isinstance(s, dict):
            continue
        reps = s.get("reps")
        sets.append(
            d.PerformedSet(
                reps=int(reps) if isinstance(reps, int | str) and reps != "" else None,
                load=_load(s.get("load"), row.load_unit),
                seconds=row.duration_seconds or None,
            )
        )
    if not sets and row.duration_seconds:
        sets.append(d.PerformedSet(seconds=row.duration_seconds))
    notes = ", ".join(x for x in (row.get_side_display() if row.side else "", row.notes) if x)
    return d.ExercisePerformed(
        name=_short(row.exercise.name),
        prescribed=prescribed or d.Prescription(),
        sets=sets,
        pain_during=row.pain_during,
        notes=notes[:1000],
    )


def _sessions(
    client: Client, *, since: dt.datetime, linked: set[int], limit: int
) -> list[d.Session]:
    """The linked sessions and the most recent ones since ``since`` (oldest first), with
    their exercises and prescriptions attached: four queries, whatever the history."""
    # A voided session was logged in error: no letter reports it.
    base = Session.objects.live().filter(client=client).select_related("practitioner")
    recent = list(base.filter(started_at__gte=since).order_by("-started_at", "-pk")[:limit])
    missing = linked - {s.pk for s in recent}
    if missing:  # one more query, only when a linked session is older than the window
        recent += list(base.filter(pk__in=missing))
    sessions = sorted(recent, key=lambda s: (s.started_at, s.pk))
    rows: dict[int, list[Any]] = defaultdict(list)
    for row in (
        SessionExercise.objects.filter(session__in=[s.pk for s in sessions])
        .select_related("exercise")
        .order_by("session_id", "order")
    ):
        rows[row.session_id].append(row)
    versions = {s.program_version_id for s in sessions if s.program_version_id}
    prescribed: dict[tuple[int, int], d.Prescription] = {}
    for item in ProgramExercise.objects.filter(version__in=versions).order_by("order"):
        prescribed.setdefault((item.version_id, item.exercise_id), _prescription(item))
    return [
        _session(
            s,
            [
                _performed(r, prescribed.get((s.program_version_id or 0, r.exercise_id)))
                for r in rows[s.pk]
            ],
        )
        for s in sessions
    ]


def _session(s: Any, exercises: list[d.ExercisePerformed]) -> d.Session:
    return d.Session(
        id=f"S-{s.pk}",
        started_at=s.started_at,
        duration_minutes=max(1, s.duration_minutes),
        practitioner=_name(s.practitioner),
        pain_before=s.pain_before,
        pain_during_max=s.pain_during_max,
        pain_after=s.pain_after,
        pain_2h=s.pain_2h,
        rpe=s.rpe,
        exercises=exercises,
        practitioner_observations=s.practitioner_observations[:5000],
        client_statements=s.client_statements[:5000],
    )


def _program(
    client: Client,
    *,
    since: dt.datetime | None,
    on_hold: bool,
    modified: bool,
    decided_at: dict[int, dt.datetime] | None = None,
) -> tuple[d.Program | None, list[d.ProgramChange]]:
    """The current program and the modifications made since ``since`` (three queries)."""
    decided_at = decided_at or {}
    program = Program.objects.filter(client=client).first()
    if program is None or program.version == 0:
        return None, []
    wanted = Q(number__in=[1, program.version])
    if since is not None:
        wanted |= Q(created_at__gte=since, is_modification=True)
    versions = list(
        ProgramVersion.objects.filter(wanted, program=program)
        .select_related("created_by")
        .order_by("number")
    )
    current = next((v for v in versions if v.number == program.version), None)
    first = next((v for v in versions if v.number == 1), current)
    items = (
        list(
            ProgramExercise.objects.filter(version=current)
            .select_related("exercise")
            .order_by("order")
        )
        if current is not None
        else []
    )
    status = "on_hold" if on_hold else ("modified" if modified else "active")
    conditions = _lines(program.conditions)
    doc_program = d.Program(
        name="Exercise program",
        version=max(1, program.version),
        status=status,  # type: ignore[arg-type]
        start_date=timezone.localtime(first.created_at, client.practice.tz).date()
        if first
        else timezone.localdate(),
        exercises=[
            d.ProgramExercise(name=_short(i.exercise.name), prescribed=_prescription(i))
            for i in items
        ],
        conditions=conditions,
    )
    changes = [
        d.ProgramChange(
            version=v.number,
            # A modification belongs to its decision: dated when it was decided.
            changed_at=min(v.created_at, decided_at.get(v.pk, v.created_at)),
            changed_by=_name(v.created_by),
            changes=[_short(x) for x in v.change_summary.split("; ") if x.strip()]
            or [f"See program version {v.number}"],
            reason=v.reason[:5000] or "Not stated",
        )
        for v in versions
        if v.is_modification and since is not None and v.created_at >= since
    ]
    return doc_program, changes


# ---- the episode ----------------------------------------------------------------------------


def _who(client: Client, *, author: Any, now: dt.datetime) -> dict[str, Any]:
    """Who a document is from, to and about, as of ``now``: every document has these."""
    practice = client.practice
    referral = current_referral(client)
    return {
        "generated_at": now,
        "practice": _practice(practice),
        "author": _author(author, practice),
        "recipient": _recipient(referral),
        "client": _client(client, referral, now=now),
    }


def episode_document(
    episode: Any, *, author: Any, now: dt.datetime | None = None
) -> d.EpisodeDocument:
    """Everything a letter about ``episode`` may say, from the stored records."""
    now = now or timezone.now()
    client = episode.client
    reports = list(
        # A voided report (logged in error, or replaced by its correction) is not reported.
        PainReport.objects.filter(episode=episode, voided_at__isnull=True)
        .select_related("recorded_by", "triage_record__decision__decided_by")
        .select_related("triage_record__decision__program_version")
        .order_by("reported_at", "pk")
    )
    # What was done to get the client care goes to care_actions, with its time and the
    # care setting it sent the client to, so a letter can say "emergency services were
    # called at 10:42" rather than only what triage recommended.
    care_actions = [
        d.CareAction(
            at=action.recorded_at,
            kind=action.kind,  # type: ignore[arg-type]
            care_setting=d.CARE_ACTION_SETTINGS.get(action.kind),  # type: ignore[arg-type]
            pain_report_id=f"PR-{action.triage_record.pain_report_id}",
            recorded_by=_name(action.recorded_by),
            note=_short(action.note, 300),
        )
        for action in EmergencyActionRecord.objects.filter(episode=episode)
        .select_related("triage_record", "recorded_by")
        .order_by("recorded_at", "pk")
    ]
    hold_row = (
        Hold.objects.filter(episode=episode)
        .select_related("lifted_by_clearance")
        .order_by("-started_at", "-pk")
        .first()
    )
    tasks = list(FollowUp.objects.filter(episode=episode).order_by("due_at", "pk"))

    doc_reports: list[d.PainReport] = []
    triage: list[d.TriageRecord] = []
    decisions: list[d.Decision] = []
    for r in reports:
        # The report's own fields by name, as the document declares them.
        given = r.as_input().model_dump(include=set(d.PainReport.model_fields))
        given["client_statement"] = r.client_statement[:5000]
        given["practitioner_observation"] = r.practitioner_observation[:5000]
        doc_reports.append(
            d.PainReport(
                id=f"PR-{r.pk}",
                session_id=f"S-{r.session_id}" if r.session_id else None,
                recorded_by=_name(r.recorded_by),
                **given,
            )
        )
        record = getattr(r, "triage_record", None)
        if record is None:
            continue
        triage.append(
            d.TriageRecord(
                pain_report_id=f"PR-{r.pk}",
                action=record.action,  # type: ignore[arg-type]
                care_setting=record.care_setting or None,  # type: ignore[arg-type]
                ruleset_name=_short(record.ruleset_name),
                ruleset_version=_short(record.ruleset_version),
                matched_rules=[d.MatchedRule(**m.model_dump()) for m in record.matched_rules],
            )
        )
        decision = getattr(record, "decision", None)
        if decision is None:
            continue
        done: list[str] = []
        if decision.chosen_action in ("hold_and_contact", "emergency"):
            done.append("Program put on hold")
        if decision.program_version is not None:
            done.append(f"Program modified (version {decision.program_version.number})")
        elif decision.modification_change:
            done.append(f"Program modified: {_short(decision.modification_change, 180)}")
        decisions.append(
            d.Decision(
                pain_report_id=f"PR-{r.pk}",
                decided_at=decision.decided_at,
                decided_by=_name(decision.decided_by),
                recommended_action=decision.recommended_action,  # type: ignore[arg-type]
                action=decision.chosen_action,  # type: ignore[arg-type]
                departs_from_recommendation=decision.departs,
                reason=decision.reason[:5000],
                actions_taken=[_short(x) for x in done],
            )
        )

    hold = None
    if hold_row is not None:
        cl = hold_row.lifted_by_clearance
        hold = d.Hold(
            since=hold_row.started_at,
            reason=_short(hold_row.reason, 1000),
            clearance=d.Clearance(
                cleared_by=_short(cl.cleared_by_name),
                cleared_at=cl.cleared_at,
                channel=cl.channel,  # type: ignore[arg-type]
                conditions=_lines(cl.conditions),
            )
            if cl is not None
            else None,
        )
    on_hold = hold is not None and hold.clearance is None and hold_row.lifted_at is None  # type: ignore[union-attr]
    first_at = min((r.reported_at for r in reports), default=episode.opened_at)
    # An episode begins with its first report, even when it was recorded later.
    opened_at = min(episode.opened_at, first_at)
    program, changes = _program(
        client,
        since=opened_at - dt.timedelta(hours=1),
        on_hold=on_hold,
        modified=any(x.action == "modify" for x in decisions),
        decided_at={
            r.triage_record.decision.program_version_id: r.triage_record.decision.decided_at
            for r in reports
            if getattr(getattr(r, "triage_record", None), "decision", None) is not None
            and r.triage_record.decision.program_version_id
        },
    )
    sessions = _sessions(
        client,
        since=first_at - dt.timedelta(days=SESSIONS_BEFORE_DAYS),
        linked={r.session_id for r in reports if r.session_id},
        limit=MAX_SESSIONS,
    )
    follow_ups = [
        d.FollowUp(
            due_at=t.due_at,
            kind=t.kind,  # type: ignore[arg-type]
            status="cancelled" if t.cancelled else "done" if t.completed_at else "pending",
            completed_at=t.completed_at,
            note=t.note[:1000],
        )
        for t in tasks
    ]
    outcome = ""
    if episode.outcome:
        outcome = episode.get_outcome_display()
        if episode.outcome_note:
            outcome += f": {episode.outcome_note}"
    return d.EpisodeDocument(
        **_who(client, author=author, now=now),
        program=program,
        care_actions=care_actions,
        vitals=_vitals(client, reports, sessions),
        episode=d.Episode(
            id=f"EP-{episode.pk}",
            opened_at=opened_at,
            status=episode.status,
            resolved_at=episode.resolved_at,
            outcome=outcome[:1000],
        ),
        sessions=sessions,
        pain_reports=doc_reports,
        triage_results=triage,
        decisions=decisions,
        program_changes=changes,
        hold=hold,
        follow_ups=follow_ups,
        communications=communications(
            client, episode, opened_at - dt.timedelta(days=OTHER_COMMUNICATIONS_DAYS)
        ),
    )


def _vitals(client: Client, reports: list[Any], sessions: list[d.Session]) -> list[d.Vitals]:
    """Vital signs measured with the episode's reports or with the sessions the document
    shows (one query)."""
    session_ids = [int(s.id.removeprefix("S-")) for s in sessions]
    rows = (
        VitalSigns.objects.filter(client=client)
        .filter(Q(pain_report__in=[r.pk for r in reports]) | Q(session__in=session_ids))
        .select_related("measured_by")
        .order_by("measured_at", "pk")
    )
    return [
        d.Vitals(
            measured_at=v.measured_at,
            heart_rate=v.heart_rate,
            systolic=v.systolic,
            diastolic=v.diastolic,
            spo2=v.spo2,
            context=_short(v.context),
            measured_by=_name(v.measured_by),
            session_id=f"S-{v.session_id}" if v.session_id else None,
            pain_report_id=f"PR-{v.pain_report_id}" if v.pain_report_id else None,
        )
        for v in rows
    ]


def progress_document(
    client: Client, *, author: Any, now: dt.datetime | None = None, days: int = PROGRESS_DAYS
) -> d.EpisodeDocument:
    """A progress report's document: the recent sessions, pain trend and loads."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=days)
    program, _ = _program(client, since=None, on_hold=client.status == "on_hold", modified=False)
    sessions = _sessions(client, since=since, linked=set(), limit=MAX_PROGRESS_SESSIONS)
    return d.EpisodeDocument(
        **_who(client, author=author, now=now),
        program=program,
        sessions=sessions,
        vitals=_vitals(client, [], sessions),
        communications=communications(client, None, since),
    )
