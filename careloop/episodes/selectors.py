"""Reads of the pain-response record (for pages, the dashboard and other apps).

Each page's reads are a fixed number of queries, whatever the number of rows (the tests
assert the counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from careloop.accounts.models import Practice
from careloop.clients.models import Client
from careloop.clients.selectors import current_referral
from careloop.episodes.models import (
    Clearance,
    Decision,
    EmergencyActionRecord,
    Episode,
    FollowUp,
    Hold,
    PainReport,
    PracticeRuleset,
    TriageRecord,
    VitalSigns,
)
from careloop.training.models import Program, Session
from careloop.training.selectors import program_items
from careloop.triage import (
    ACTION_LABELS,
    ACTION_PLANS,
    CARE_SETTING_LABELS,
    CHARACTER_LABELS,
    DEFAULT_RULESET,
    NOTIFY_LABELS,
    PROGRAM_LABELS,
    RED_FLAG_LABELS,
)

REPORT_SESSION_CHOICES = 8
# Rows shown per dashboard list; each list's count is the true one, and the rest are on
# Today's plan or the episode list.
DASHBOARD_ROWS = 10
# The dashboard looks this far ahead for check-ins coming up.
UPCOMING_DAYS = 7
CLIENT_SEARCH_LIMIT = 20


def active_hold(client: Any) -> Hold | None:
    """The client's hold that has not been lifted, or None.

    Other apps call this (training blocks session logging while it returns a hold). One
    query; the referral source we await clearance from comes with it.
    """
    client_id = getattr(client, "pk", client)
    return (
        Hold.objects.filter(client_id=client_id, lifted_at__isnull=True)
        .select_related("awaiting_clearance_from", "episode")
        .first()
    )


def report_sessions(client: Client) -> QuerySet[Session]:
    """The sessions a pain report can follow, most recent first (the form's default)."""
    recent = Session.objects.live().filter(client=client).order_by("-started_at", "-pk")
    ids = list(recent.values_list("pk", flat=True)[:REPORT_SESSION_CHOICES])
    return Session.objects.filter(pk__in=ids).order_by("-started_at", "-pk")


def client_search(practice: Practice, query: str) -> list[Client]:
    clients = Client.objects.filter(practice=practice).exclude(status=Client.Status.DISCHARGED)
    for word in query.split()[:3]:
        clients = clients.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return list(clients.order_by("last_name", "first_name")[:CLIENT_SEARCH_LIMIT])


def program_items_for(client: Client) -> list[Any]:
    return program_items(Program.objects.filter(client=client).first())


def rule_title(rule_id: str) -> str:
    try:
        return DEFAULT_RULESET.rule(rule_id).title
    except KeyError:
        return ""


def _labels(codes: list[str], labels: dict[Any, str]) -> list[str]:
    return [labels.get(code, code) for code in codes]


def recommendation_context(record: TriageRecord) -> dict[str, Any]:
    report = record.pain_report
    client = report.client
    action = record.action
    plan = ACTION_PLANS[action]  # type: ignore[index]
    decision = (
        Decision.objects.filter(triage_record=record)
        .select_related("decided_by", "program_version")
        .first()
    )
    referral = current_referral(client)
    return {
        "record": record,
        "report": report,
        "client": client,
        "episode": record.episode,
        "action_label": record.action_label,
        "care_setting_label": CARE_SETTING_LABELS.get(record.care_setting, ""),  # type: ignore[call-overload]
        "escalated_from_label": ACTION_LABELS.get(record.escalated_from, ""),  # type: ignore[call-overload]
        "rules": [
            {**rule.model_dump(), "title": rule_title(rule.id)} for rule in record.matched_rules
        ],
        "plan": {
            "program": PROGRAM_LABELS[plan.program],
            "notify": NOTIFY_LABELS[plan.notify_referral_source],
            "follow_up_hours": plan.follow_up_hours,
        },
        "red_flags": _labels(report.red_flags, RED_FLAG_LABELS),
        "character": _labels(report.character, CHARACTER_LABELS),
        "decision": decision,
        "referral_source": referral.source if referral is not None else None,
        "emergency_kinds": EmergencyActionRecord.Kind.choices,
        "emergency_done": {
            a.kind: a
            for a in EmergencyActionRecord.objects.filter(triage_record=record).select_related(
                "recorded_by"
            )
        },
        "program_items": program_items_for(client) if decision is None else [],
        "hold": active_hold(client),
    }


def _count_of(rows: QuerySet[Any]) -> Coalesce:
    """COUNT(*) of ``rows`` (filtered on OuterRef) as a correlated subquery."""
    counted = rows.order_by().values("episode_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def episodes_page_queryset(practice: Practice, *, resolved: bool = False) -> QuerySet[Episode]:
    episodes = Episode.objects.filter(practice=practice)
    if resolved:
        episodes = episodes.filter(status=Episode.Status.RESOLVED).order_by("-resolved_at")
    else:
        episodes = episodes.exclude(status=Episode.Status.RESOLVED).order_by("-opened_at")
    # Counted per row by subqueries rather than by joins and GROUP BY, so a page of
    # episodes is read in index order and only its own rows are counted.
    undecided = TriageRecord.objects.filter(
        episode=OuterRef("pk"), decision__isnull=True, pain_report__voided_at__isnull=True
    )
    return episodes.select_related("client").annotate(
        report_count=_count_of(PainReport.objects.filter(episode=OuterRef("pk"))),
        undecided=_count_of(undecided),
        on_hold=_count_of(Hold.objects.filter(episode=OuterRef("pk"), lifted_at__isnull=True)),
        first_undecided=Subquery(undecided.order_by("created_at", "pk").values("pk")[:1]),
    )


@dataclass
class Event:
    at: dt.datetime
    kind: str
    title: str
    who: Any = None
    lines: list[str] = field(default_factory=list)
    link: str = ""
    link_label: str = ""
    tone: str = ""
    order: int = 0


def episode_context(episode: Episode) -> dict[str, Any]:
    """The episode page: its state and a timeline of everything that happened."""
    reports = list(
        PainReport.objects.filter(episode=episode)
        .select_related("recorded_by", "session", "triage_record__decision__decided_by")
        .select_related("triage_record__decision__program_version")
        .order_by("reported_at", "pk")
    )
    emergency = list(
        EmergencyActionRecord.objects.filter(episode=episode).select_related("recorded_by")
    )
    holds = list(
        Hold.objects.filter(episode=episode).select_related("started_by", "awaiting_clearance_from")
    )
    clearances = list(Clearance.objects.filter(hold__episode=episode).select_related("recorded_by"))
    follow_ups = list(
        FollowUp.objects.filter(episode=episode).select_related(
            "client", "assigned_to", "completed_by"
        )
    )
    events: list[Event] = []
    undecided: list[TriageRecord] = []
    for report in reports:
        record = report.triage_record
        lines = [f"Pain {report.pain_now}/10, {report.get_region_display().lower()}"]
        if report.red_flags:
            lines.append(
                "Warning signs: " + ", ".join(_labels(report.red_flags, RED_FLAG_LABELS)).lower()
            )
        if report.client_statement:
            lines.append(f'Client reports: "{report.client_statement}"')
        if report.practitioner_observation:
            lines.append(f"Observed: {report.practitioner_observation}")
        title = f"Pain report ({report.get_source_display().lower()})"
        if report.voided_at is not None:
            # Kept in the timeline as it was, marked, with why it no longer counts.
            title += " (voided)"
            lines.append(
                f"Voided {timezone.localtime(report.voided_at):%-d %b %H:%M} "
                f"({report.get_void_reason_kind_display().lower()}): {report.void_reason}"
            )
        elif report.supersedes_id is not None:
            title += " (correction)"
        events.append(
            Event(
                report.reported_at,
                "report",
                title,
                report.recorded_by,
                lines,
                tone="muted" if report.voided_at is not None else "",
                order=1,
            )
        )
        rules = ", ".join(r.id for r in record.matched_rules)
        title = f"Triage: {record.action_label}"
        tline = [f"Rules {rules}; {record.ruleset_name} {record.ruleset_version}"]
        if record.escalated_from:
            tline.append(f"Escalated from: {ACTION_LABELS[record.escalated_from].lower()}")  # type: ignore[index]
        if record.care_setting and record.action != "emergency":  # an emergency names it above
            tline.append(CARE_SETTING_LABELS[record.care_setting])  # type: ignore[index]
        events.append(
            Event(
                record.created_at,
                "triage",
                title,
                None,
                tline,
                reverse("recommendation", args=[record.pk]),
                "Recommendation",
                tone=_tone(record.action),
                order=2,
            )
        )
        decision = getattr(record, "decision", None)
        if decision is None:
            if report.voided_at is None:
                undecided.append(record)
            continue
        dlines = []
        if decision.departs:
            recommended = record.action_label.lower()
            dlines.append(
                f"Departs from the recommendation ({recommended}). Reason: {decision.reason}"
            )
        elif decision.reason:
            dlines.append(decision.reason)
        if decision.continue_choice:
            dlines.append(decision.get_continue_choice_display())
        events.append(
            Event(
                decision.decided_at,
                "decision",
                f"Decision: {decision.chosen_label}",
                decision.decided_by,
                dlines,
                tone=_tone(decision.chosen_action),
                order=3,
            )
        )
        if decision.chosen_action == "modify":
            mlines = [
                f"What changed: {decision.modification_change}",
                f"Why: {decision.modification_reason}",
            ]
            version = decision.program_version
            title = (
                f"Program modified (version {version.number})"
                if version
                else "Program modification"
            )
            events.append(
                Event(
                    decision.decided_at, "modification", title, decision.decided_by, mlines, order=4
                )
            )
    for action in emergency:
        events.append(
            Event(
                action.recorded_at,
                "emergency",
                action.get_kind_display(),
                action.recorded_by,
                tone="danger",
                order=5,
            )
        )
    for hold in holds:
        who = hold.awaiting_clearance_from
        events.append(
            Event(
                hold.started_at,
                "hold",
                "Program put on hold",
                hold.started_by,
                [f"Awaiting clearance from {who}" if who else "Awaiting clearance"],
                tone="danger",
                order=6,
            )
        )
    for clearance in clearances:
        lines = [
            f"Cleared by {clearance.cleared_by_name}"
            + (f" ({clearance.cleared_by_role})" if clearance.cleared_by_role else "")
            + f" by {clearance.get_channel_display().lower()}"
        ]
        if clearance.conditions:
            lines.append(f"Conditions: {clearance.conditions}")
        events.append(
            Event(
                clearance.cleared_at,
                "clearance",
                "Clearance: hold lifted",
                clearance.recorded_by,
                lines,
                tone="ok",
                order=7,
            )
        )
    for task in follow_ups:
        events.append(
            Event(
                task.created_at,
                "follow_up",
                f"Follow-up planned: {task.get_kind_display().lower()}",
                None,
                [f"Due {timezone.localtime(task.due_at):%a %-d %b, %H:%M}"]
                + ([f"Assigned to {task.assigned_to.full_name}"] if task.assigned_to else []),
                order=8,
            )
        )
        if task.completed_at is not None:
            state = "cancelled" if task.cancelled else "done"
            events.append(
                Event(
                    task.completed_at,
                    "follow_up_done",
                    f"Follow-up {state}: {task.get_kind_display().lower()}",
                    task.completed_by,
                    [task.note] if task.note else [],
                    order=9,
                )
            )
    for vitals in VitalSigns.objects.filter(pain_report__episode=episode).select_related(
        "measured_by"
    ):
        events.append(
            Event(
                vitals.measured_at,
                "vitals",
                "Vital signs measured",
                vitals.measured_by,
                [" · ".join(vitals.readings)] + ([vitals.context] if vitals.context else []),
                order=1,
            )
        )
    if episode.resolved_at is not None:
        events.append(
            Event(
                episode.resolved_at,
                "resolved",
                f"Episode resolved: {episode.get_outcome_display()}",
                None,
                [episode.outcome_note] if episode.outcome_note else [],
                tone="ok",
                order=10,
            )
        )
    events.sort(key=lambda e: (e.at, e.order))
    open_tasks = sorted((t for t in follow_ups if t.completed_at is None), key=lambda t: t.due_at)
    return {
        "episode": episode,
        "client": episode.client,
        "events": events,
        "undecided": undecided,
        "active_hold": next((h for h in holds if h.lifted_at is None), None),
        "open_follow_ups": open_tasks,
        "live_reports": [r for r in reports if r.voided_at is None],
        "now": timezone.now(),
        "latest_report": reports[-1] if reports else None,
    }


def _tone(action: str) -> str:
    return {"emergency": "danger", "hold_and_contact": "danger", "modify": "warn"}.get(action, "ok")


def ruleset_history(practice: Practice) -> list[PracticeRuleset]:
    return list(
        PracticeRuleset.objects.filter(practice=practice)
        .select_related("created_by")
        .order_by("-version")[:20]
    )


@dataclass
class Head:
    """The first rows of a list and how many there are in all."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _head(queryset: QuerySet[Any], rows: int, counted: QuerySet[Any] | None = None) -> Head:
    """One query, and a count only when there are more rows than are shown. ``counted``
    is the same rows without what is only shown (annotations), cheaper to count."""
    found = list(queryset[: rows + 1])
    if len(found) <= rows:
        return Head(found, len(found))
    return Head(found[:rows], (queryset if counted is None else counted).count())


@dataclass
class Dashboard:
    overdue: Head
    due_today: Head
    upcoming: Head
    undecided: Head
    holds: Head
    episodes: Head
    emergencies: list[TriageRecord]
    now: dt.datetime


def _follow_ups(practice: Practice, now: dt.datetime, end_of_day: dt.datetime) -> list[Head]:
    """Overdue, due today and coming up: the first rows of each and their true counts.
    One query for the rows; counting them all in one more only in a practice with more
    open follow-ups than the dashboard shows."""
    open_tasks = FollowUp.objects.filter(
        practice=practice,
        completed_at__isnull=True,
        due_at__lt=end_of_day + dt.timedelta(days=UPCOMING_DAYS),
    )
    fetch = DASHBOARD_ROWS * 3
    tasks = list(
        open_tasks.select_related("client", "assigned_to").order_by("due_at", "pk")[: fetch + 1]
    )
    sections = {
        "overdue": [t for t in tasks if t.due_at < now],
        "due_today": [t for t in tasks if now <= t.due_at < end_of_day],
        "upcoming": [t for t in tasks if t.due_at >= end_of_day],
    }
    counts = {name: len(rows) for name, rows in sections.items()}
    if len(tasks) > fetch:
        counts = open_tasks.aggregate(
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            due_today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=end_of_day)),
            upcoming=Count("pk", filter=Q(due_at__gte=end_of_day)),
        )
    return [Head(rows[:DASHBOARD_ROWS], counts[name]) for name, rows in sections.items()]


def dashboard(practice: Practice, now: dt.datetime | None = None) -> Dashboard:
    """What needs attention now, and the check-ins coming up: the first DASHBOARD_ROWS of
    each list with the true count beside it (the rest are a link away). Five queries
    whatever the practice's size, and a count for each list that has more to show."""
    now = now or timezone.now()
    local = timezone.localtime(now, practice.tz)
    end_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    overdue, due_today, upcoming = _follow_ups(practice, now, end_of_day)
    holds = _head(
        Hold.objects.filter(practice=practice, lifted_at__isnull=True)
        .select_related("client", "awaiting_clearance_from")
        .order_by("started_at", "pk"),
        DASHBOARD_ROWS,
    )
    episodes = episodes_page_queryset(practice)
    open_episodes = Episode.objects.filter(practice=practice).exclude(
        status=Episode.Status.RESOLVED
    )
    # A report triaged but not decided on is the first thing to do, however old its
    # episode: its own query, oldest first.
    waiting = TriageRecord.objects.filter(
        episode=OuterRef("pk"), decision__isnull=True, pain_report__voided_at__isnull=True
    )
    undecided = _head(
        episodes.filter(Exists(waiting)).order_by("opened_at", "pk"),
        DASHBOARD_ROWS,
        counted=open_episodes.filter(Exists(waiting)),
    )
    emergencies = list(
        TriageRecord.objects.filter(
            practice=practice,
            created_at__gte=now - dt.timedelta(hours=24),
            pain_report__voided_at__isnull=True,
        )
        .filter(Q(action="emergency") | Q(decision__chosen_action="emergency"))
        .select_related("pain_report__client", "decision")
        .order_by("-created_at")[:DASHBOARD_ROWS]
    )
    return Dashboard(
        overdue=overdue,
        due_today=due_today,
        upcoming=upcoming,
        undecided=undecided,
        holds=holds,
        episodes=_head(episodes, DASHBOARD_ROWS, counted=open_episodes),
        emergencies=emergencies,
        now=now,
    )
