"""The "Today" page's read: what is planned for the practice today, in its time zone.

CareLoop has no appointment book, so "planned" is derived from what it records:
- check-ins and referral-source contacts (follow-ups) due today, and those overdue;
- sessions already logged today (by start time);
- clients who trained on this weekday last week and have no session logged yet today:
  a guess from the usual weekly rhythm, labelled as such on the page, never a booking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from careloop.accounts.models import Practice
from careloop.clients.models import Client
from careloop.episodes.models import FollowUp
from careloop.training.models import Session

# A day's page is short; the cap only keeps a runaway practice's page a fixed cost.
TODAY_LIMIT = 100


@dataclass
class TodayPlan:
    day: dt.date
    now: dt.datetime
    overdue: list[FollowUp]
    due_today: list[FollowUp]
    sessions: list[Session]
    usual: list[Session]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_today or self.sessions or self.usual)


def day_bounds(practice: Practice, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Midnight to midnight of `day` in the practice's time zone (23 or 25 hours when the
    clocks change), as aware datetimes."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=practice.tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=practice.tz)
    return start, end


def today_plan(practice: Practice, now: dt.datetime | None = None) -> TodayPlan:
    """Four queries, whatever the practice's size."""
    now = now or timezone.now()
    day = timezone.localtime(now, practice.tz).date()
    start, end = day_bounds(practice, day)
    week_start, week_end = day_bounds(practice, day - dt.timedelta(days=7))

    tasks = list(
        FollowUp.objects.filter(
            practice=practice, completed_at__isnull=True, cancelled=False, due_at__lt=end
        )
        .select_related("client", "assigned_to")
        .order_by("due_at", "pk")[:TODAY_LIMIT]
    )
    sessions = list(
        Session.objects.live()
        .filter(practice=practice, started_at__gte=start, started_at__lt=end)
        .select_related("client", "practitioner")
        .order_by("started_at", "pk")[:TODAY_LIMIT]
    )
    seen_today = Session.objects.live().filter(
        practice=practice, client=OuterRef("client"), started_at__gte=start, started_at__lt=end
    )
    last_week = (
        Session.objects.live()
        .filter(practice=practice, started_at__gte=week_start, started_at__lt=week_end)
        .exclude(client__status=Client.Status.DISCHARGED)
        .exclude(Exists(seen_today))
        .select_related("client", "practitioner")
        .order_by("started_at", "pk")[:TODAY_LIMIT]
    )
    usual: dict[int, Session] = {}
    for session in last_week:
        usual.setdefault(session.client_id, session)
    return TodayPlan(
        day=day,
        now=now,
        overdue=[t for t in tasks if t.due_at < start],
        due_today=[t for t in tasks if t.due_at >= start],
        sessions=sessions,
        usual=list(usual.values()),
    )
