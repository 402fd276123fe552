"""`careloop remind` (and the worker's schedule): e-mail each practitioner the follow-ups
that have fallen due. Safe to run as often as you like, and never queues the same reminder
twice: in one transaction the due follow-ups without a reminder are locked (PostgreSQL:
FOR UPDATE SKIP LOCKED, so two overlapping runs take disjoint rows; SQLite runs one writer
at a time), marked ``reminder_sent_at``, and their e-mails queued in the outbox. A run
that fails before committing queues nothing and leaves the rows for the next run; once
committed, the outbox delivers each e-mail once, with retries (docs/tasks.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careloop.accounts.models import Membership, User
from careloop.audit.services import audit_log
from careloop.episodes.models import FollowUp
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue

log = logging.getLogger(__name__)


@dataclass
class ReminderRun:
    due: int = 0
    emails: int = 0
    follow_up_ids: list[int] = field(default_factory=list)


def initials(first: str, last: str) -> str:
    """Client initials for e-mail: mail passes through systems outside the practice's
    control and shows on lock screens, so a reminder carries only what lets the right
    person find the record (initials and a link to the signed-in page), never names,
    pain values, regions or other clinical detail."""
    return "".join(part[:1].upper() + "." for part in (first, last) if part)


def _recipient(
    follow_up: FollowUp, active: set[tuple[int, int]], owners: dict[int, list[User]]
) -> list[User]:
    for user in (follow_up.assigned_to, follow_up.client.primary_practitioner):
        if user is not None and (user.pk, follow_up.practice_id) in active:
            return [user]
    return owners.get(follow_up.practice_id, [])


def _messages(
    batch: dict[int, tuple[User, list[FollowUp]]],
) -> list[tuple[EmailMessage, int | None]]:
    """Each user's message, with its practice (None when it spans several)."""
    messages = []
    for user, items in batch.values():
        lines = []
        for item in items:
            tz = item.practice.tz
            lines.append(
                {
                    "kind": item.get_kind_display(),
                    "initials": initials(item.client.first_name, item.client.last_name),
                    "due": timezone.localtime(item.due_at, tz),
                    "link": settings.SITE_URL
                    + reverse("episode_detail", kwargs={"episode_id": item.episode_id}),
                }
            )
        body = render_to_string("episodes/reminder_email.txt", {"user": user, "lines": lines})
        count = len(items)
        subject = f"CareLoop: {count} follow-up{'s' if count != 1 else ''} due"
        practices = {item.practice_id for item in items}
        practice_id = practices.pop() if len(practices) == 1 else None
        messages.append((EmailMessage(subject, body, None, [user.email]), practice_id))
    return messages


def reminders_send(*, now: dt.datetime | None = None) -> ReminderRun:
    now = now or timezone.now()
    run = ReminderRun()
    with transaction.atomic():
        due = FollowUp.objects.filter(
            completed_at__isnull=True, reminder_sent_at__isnull=True, due_at__lte=now
        ).order_by("due_at", "pk")
        skip_locked = bool(connection.features.has_select_for_update_skip_locked)
        ids = list(due.select_for_update(skip_locked=skip_locked).values_list("pk", flat=True))
        if not ids:
            return run
        follow_ups = list(
            FollowUp.objects.filter(pk__in=ids)
            .select_related("client__primary_practitioner", "assigned_to", "practice")
            .order_by("due_at", "pk")
        )
        practice_ids = {f.practice_id for f in follow_ups}
        memberships = Membership.objects.filter(
            practice_id__in=practice_ids, is_active=True, user__is_active=True
        ).select_related("user")
        active: set[tuple[int, int]] = set()
        owners: dict[int, list[User]] = defaultdict(list)
        for membership in memberships:
            active.add((membership.user_id, membership.practice_id))
            if membership.is_owner:
                owners[membership.practice_id].append(membership.user)
        batch: dict[int, tuple[User, list[FollowUp]]] = {}
        for follow_up in follow_ups:
            for user in _recipient(follow_up, active, owners):
                batch.setdefault(user.pk, (user, []))[1].append(follow_up)
        FollowUp.objects.filter(pk__in=ids).update(reminder_sent_at=now)
        for practice_id in practice_ids:
            audit_log(
                actor=None,
                practice=practice_id,
                action="remind",
                object_type="episodes.followup",
                detail=f"{sum(1 for f in follow_ups if f.practice_id == practice_id)} reminders",
            )
        # Queued with the marks, in one transaction: both or neither.
        for message, owner_practice in _messages(batch):
            email_queue(message=message, kind=OutgoingEmail.Kind.REMINDER, practice=owner_practice)
            run.emails += 1
        run.due = len(ids)
        run.follow_up_ids = ids
    return run
