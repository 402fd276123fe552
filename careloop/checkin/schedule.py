"""`careloop checkin send-due`: send the check-ins that have fallen due (safe from cron).

One run, in order:
1. each open 24 h / 48 h follow-up check-in that is due gets a link, sent by e-mail (or a
   text when the client has no e-mail address);
2. where the practice turned it on, each session that ended yesterday (practice time)
   gets a morning-after link once the practice's morning has come;
3. a link unanswered for REMIND_AFTER reminds the client once;
4. still unanswered CALL_AFTER after the reminder (or expired), it becomes a "call the
   client" task on the dashboard.

Nothing goes out during the practice's night (QUIET_BEFORE to QUIET_FROM, practice time):
a check-in due at 23:00 goes at 08:00. Rows are taken under a row lock (SKIP LOCKED on
PostgreSQL), so overlapping runs never send one link twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from careloop.accounts.models import Membership, Practice
from careloop.audit.services import audit_log
from careloop.checkin.models import CheckinLink, CheckinSettings, follow_up_still_open
from careloop.checkin.services import checkin_link_create, checkin_reminder_send
from careloop.clients.models import Client
from careloop.episodes.models import FollowUp
from careloop.training.models import Session

log = logging.getLogger(__name__)

QUIET_BEFORE = dt.time(8, 0)
QUIET_FROM = dt.time(20, 0)
MORNING = dt.time(8, 0)
REMIND_AFTER = dt.timedelta(hours=4)
CALL_AFTER = dt.timedelta(hours=4)


@dataclass
class SendDueRun:
    follow_ups: int = 0
    mornings: int = 0
    reminders: int = 0
    calls: int = 0


def daytime(now: dt.datetime, practice: Practice) -> bool:
    local = now.astimezone(practice.tz).time()
    return QUIET_BEFORE <= local < QUIET_FROM


def _skip_locked() -> bool:
    return bool(connection.features.has_select_for_update_skip_locked)


def _channel(client: Client) -> str:
    if client.email:
        return CheckinLink.Channel.EMAIL
    return CheckinLink.Channel.SMS


def _responsible(practice_id: int, *candidates: int | None) -> int | None:
    active = set(
        Membership.objects.filter(
            practice_id=practice_id, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    for user_id in candidates:
        if user_id in active:
            return user_id
    owner = (
        Membership.objects.filter(practice_id=practice_id, is_active=True, role="owner")
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    return owner


def _reachable(client: Client) -> bool:
    return bool(client.email or client.phone) and client.status != Client.Status.DISCHARGED


def _send_follow_ups(now: dt.datetime, run: SendDueRun) -> None:
    with transaction.atomic():
        due = (
            FollowUp.objects.select_for_update(skip_locked=_skip_locked(), of=("self",))
            .filter(
                kind=FollowUp.Kind.CHECK_IN,
                completed_at__isnull=True,
                due_at__lte=now,
                due_at__gt=now - dt.timedelta(hours=72),
                checkin_link__isnull=True,
            )
            .select_related("client", "practice")
            .order_by("due_at", "pk")
        )
        for follow_up in due:
            client = follow_up.client
            if not _reachable(client) or not daytime(now, follow_up.practice):
                continue
            user_id = _responsible(
                follow_up.practice_id, follow_up.assigned_to_id, client.primary_practitioner_id
            )
            if user_id is None:
                continue
            try:
                with transaction.atomic():
                    checkin_link_create(
                        client=client,
                        kind=CheckinLink.Kind.FOLLOW_UP,
                        channel=_channel(client),
                        responsible=Membership.objects.get(
                            practice_id=follow_up.practice_id, user_id=user_id
                        ).user,
                        follow_up=follow_up,
                        due_at=follow_up.due_at,
                        now=now,
                    )
            except Exception:
                log.warning("checkin: no link for follow-up %s", follow_up.pk)
                continue
            run.follow_ups += 1


def _send_mornings(now: dt.datetime, run: SendDueRun) -> None:
    practices = CheckinSettings.objects.filter(morning_after=True).select_related("practice")
    for practice_settings in practices:
        practice = practice_settings.practice
        local = now.astimezone(practice.tz)
        if local.time() < MORNING or not daytime(now, practice):
            continue
        today = dt.datetime.combine(local.date(), dt.time(0), tzinfo=practice.tz)
        with transaction.atomic():
            sessions = (
                Session.objects.live()
                .select_for_update(skip_locked=_skip_locked(), of=("self",))
                .filter(
                    practice_id=practice.pk,
                    ended_at__gte=today - dt.timedelta(days=1),
                    ended_at__lt=today,
                    checkin_link__isnull=True,
                )
                .select_related("client")
            )
            for session in sessions:
                client = session.client
                if not _reachable(client):
                    continue
                user_id = _responsible(practice.pk, client.primary_practitioner_id)
                if user_id is None:
                    continue
                due_at = dt.datetime.combine(local.date(), MORNING, tzinfo=practice.tz)
                try:
                    with transaction.atomic():
                        checkin_link_create(
                            client=client,
                            kind=CheckinLink.Kind.MORNING_AFTER,
                            channel=_channel(client),
                            responsible=Membership.objects.get(
                                practice_id=practice.pk, user_id=user_id
                            ).user,
                            session=session,
                            due_at=due_at,
                            now=now,
                        )
                except Exception:
                    log.warning("checkin: no morning-after link for session %s", session.pk)
                    continue
                run.mornings += 1


def _unanswered() -> Q:
    return (
        Q(
            answered_at__isnull=True,
            revoked_at__isnull=True,
            sent_at__isnull=False,
            kind__in=[CheckinLink.Kind.FOLLOW_UP, CheckinLink.Kind.MORNING_AFTER],
        )
        & follow_up_still_open()
    )


def _remind(now: dt.datetime, run: SendDueRun) -> None:
    with transaction.atomic():
        links = (
            CheckinLink.objects.select_for_update(skip_locked=_skip_locked(), of=("self",))
            .filter(_unanswered(), reminded_at__isnull=True, sent_at__lte=now - REMIND_AFTER)
            .filter(expires_at__gt=now)
            .select_related("client", "practice")
        )
        for link in links:
            if not daytime(now, link.practice):
                continue
            checkin_reminder_send(link=link, now=now)
            run.reminders += 1


def _calls(now: dt.datetime, run: SendDueRun) -> None:
    with transaction.atomic():
        links = CheckinLink.objects.select_for_update(
            skip_locked=_skip_locked(), of=("self",)
        ).filter(
            _unanswered(),
            Q(reminded_at__lte=now - CALL_AFTER) | Q(expires_at__lte=now),
            call_due_at__isnull=True,
        )
        for link in links:
            link.call_due_at = now
            link.save(update_fields=["call_due_at"])
            audit_log(
                actor=None,
                practice=link.practice_id,
                action="update",
                obj=link,
                detail="unanswered: call the client",
            )
            run.calls += 1


def checkin_send_due(*, now: dt.datetime | None = None) -> SendDueRun:
    now = now or timezone.now()
    run = SendDueRun()
    _send_follow_ups(now, run)
    _send_mornings(now, run)
    _remind(now, run)
    _calls(now, run)
    return run
