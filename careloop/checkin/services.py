"""Writing check-ins: make, send, revoke a link; record what the client answered.

``checkin_report_submit`` is the one place the client's answers become a pain report
(source "check_in_link"), triaged by the same engine, rules and practice thresholds as
any other report. What the client did is audited with the link as the actor.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.accounts.models import Membership, User
from careloop.audit.services import audit_log
from careloop.checkin import messages
from careloop.checkin.models import CheckinLink, CheckinSettings, CheckinSubmission
from careloop.checkin.sms import sms_backend
from careloop.checkin.tokens import token_new
from careloop.clients.models import Client
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import FollowUp, PainReport, TriageRecord
from careloop.episodes.services.follow_ups import follow_up_complete
from careloop.episodes.services.reports import LATEST_SESSION, pain_report_create
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue
from careloop.training.models import Session

log = logging.getLogger(__name__)

# A follow-up's (or a morning-after) link works this long after it fell due.
ONE_TIME_LINK_LIFE = dt.timedelta(hours=72)
# Actions the practitioner hears about at once, by e-mail and at the top of the dashboard.
ALERT_ACTIONS = frozenset({"emergency", "hold_and_contact"})


class LinkUnusable(Exception):
    """The link expired, was revoked, or (a one-time link) was already answered."""


def checkin_settings_for(practice_id: int) -> CheckinSettings:
    found, _ = CheckinSettings.objects.get_or_create(practice_id=practice_id)
    return found


def checkin_settings_update(*, practice_id: int, actor: User, **fields: Any) -> CheckinSettings:
    with transaction.atomic():
        current = CheckinSettings.objects.select_for_update().get(
            pk=checkin_settings_for(practice_id).pk
        )
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        current.save()
        audit_log(
            actor=actor,
            practice=practice_id,
            action="update",
            obj=current,
            detail="changed: " + ", ".join(sorted(fields)),
        )
    return current


def _check_channel(client: Client, channel: str, practice_settings: CheckinSettings) -> None:
    if channel == CheckinLink.Channel.EMAIL and not client.email:
        raise ValidationError({"channel": "Add the client's e-mail address to send by e-mail."})
    if channel == CheckinLink.Channel.SMS:
        if not client.phone:
            raise ValidationError({"channel": "Add the client's mobile number to send a text."})
        if not practice_settings.sms_gateway_pattern and sms_backend_is_gateway():
            raise ValidationError(
                {"channel": "Set your e-mail-to-SMS address in the check-in settings first."}
            )


def sms_backend_is_gateway() -> bool:
    return bool(settings.CHECKIN_SMS_BACKEND == "gateway")


def checkin_link_create(
    *,
    client: Client,
    kind: str,
    channel: str,
    responsible: User,
    actor: User | None = None,
    follow_up: FollowUp | None = None,
    session: Session | None = None,
    due_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> tuple[CheckinLink, str]:
    """A new link for ``client`` and its token (shown or sent once, never stored).

    E-mail and text go out after the commit; a printed card shows the token's QR code on
    the page that follows. ``actor`` is the practitioner who asked for it (None when
    ``careloop checkin send-due`` made it)."""
    now = now or timezone.now()
    if client.status == Client.Status.DISCHARGED:
        raise ValidationError("The client is discharged: reactivate them to send a check-in.")
    practice_settings = checkin_settings_for(client.practice_id)
    _check_channel(client, channel, practice_settings)
    token, hashed = token_new()
    expires_at = None
    if kind != CheckinLink.Kind.STANDING:
        expires_at = (due_at or now) + ONE_TIME_LINK_LIFE
    with transaction.atomic():
        link = CheckinLink.objects.create(
            practice_id=client.practice_id,
            client=client,
            kind=kind,
            token_hash=hashed,
            follow_up=follow_up,
            session=session,
            responsible=responsible,
            channel=channel,
            created_at=now,
            expires_at=expires_at,
            sent_at=None if channel == CheckinLink.Channel.PRINT else now,
        )
        audit_log(
            actor=actor,
            practice=client.practice_id,
            action="create",
            obj=link,
            detail=f"{kind} link by {channel}",
        )
        if channel != CheckinLink.Channel.PRINT:
            audit_log(actor=actor, practice=client.practice_id, action="send", obj=link)
            number = practice_settings.emergency_number
            pattern = practice_settings.sms_gateway_pattern
            # Queued with the link (a worker sends it once the link is committed).
            _deliver(link, token, number=number, pattern=pattern, reminder=False)
    return link, token


def _deliver(link: CheckinLink, token: str, *, number: str, pattern: str, reminder: bool) -> None:
    try:
        if link.channel == CheckinLink.Channel.EMAIL:
            email_queue(
                message=messages.client_email(
                    link, token, emergency_number=number, reminder=reminder
                ),
                kind=OutgoingEmail.Kind.CHECKIN_LINK,
                practice=link.practice_id,
            )
        elif link.channel == CheckinLink.Channel.SMS:
            text = messages.client_text(link, token, emergency_number=number, reminder=reminder)
            sms_backend().send(
                gateway_pattern=pattern,
                phone=link.client.phone,
                text=text,
                practice=link.practice_id,
            )
    except Exception:
        # Only the link's id: the message holds the token, which never reaches a log.
        log.warning("checkin: sending link %s failed", link.pk)


def checkin_reminder_send(*, link: CheckinLink, now: dt.datetime) -> str:
    """Remind the client once, with a second token for the same link (the first was never
    stored, so it cannot be sent again). Returns the new token."""
    token, hashed = token_new()
    with transaction.atomic():
        link.reminder_token_hash = hashed
        link.reminded_at = now
        link.save(update_fields=["reminder_token_hash", "reminded_at"])
        audit_log(actor=None, practice=link.practice_id, action="send", obj=link, detail="reminder")
        practice_settings = checkin_settings_for(link.practice_id)
        number = practice_settings.emergency_number
        pattern = practice_settings.sms_gateway_pattern
        _deliver(link, token, number=number, pattern=pattern, reminder=True)
    return token


def checkin_link_revoke(
    *, link: CheckinLink, revoked_by: User, now: dt.datetime | None = None
) -> CheckinLink:
    now = now or timezone.now()
    with transaction.atomic():
        link = CheckinLink.objects.select_for_update().get(pk=link.pk)
        if link.revoked_at is None:
            link.revoked_at = now
            link.revoked_by = revoked_by
            link.save(update_fields=["revoked_at", "revoked_by"])
            audit_log(
                actor=revoked_by,
                practice=link.practice_id,
                action="update",
                obj=link,
                detail="revoked",
            )
    return link


def checkin_call_done(
    *, link: CheckinLink, called_by: User, now: dt.datetime | None = None
) -> CheckinLink:
    """The practitioner called the client about an unanswered check-in."""
    now = now or timezone.now()
    with transaction.atomic():
        link = CheckinLink.objects.select_for_update().get(pk=link.pk)
        if link.called_at is None:
            link.called_at = now
            link.called_by = called_by
            link.save(update_fields=["called_at", "called_by"])
            audit_log(
                actor=called_by,
                practice=link.practice_id,
                action="update",
                obj=link,
                detail="client called",
            )
    return link


def _record(link: CheckinLink, report: PainReportInput, now: dt.datetime) -> PainReport:
    """The client's report, recorded as any other: it completes the link's follow-up when
    that is still open (as a phone call would), and follows the link's session if it has
    one (morning after), else the client's latest."""
    session = link.session if link.session_id else LATEST_SESSION
    follow_up = link.follow_up
    if follow_up is not None and follow_up.completed_at is None:
        done = follow_up_complete(
            follow_up=follow_up,
            completed_by=link.responsible,
            report=report,
            session=session,
            now=now,
        )
        assert done.result is not None
        return done.result
    return pain_report_create(
        client=link.client, recorded_by=link.responsible, report=report, session=session
    )


def checkin_report_submit(
    *, link: CheckinLink, key: str, report: PainReportInput, now: dt.datetime | None = None
) -> CheckinSubmission:
    """Record the client's report (built by the check-in form, the same typed input as
    the practitioner's form) once per form (``key``), and triage it.

    The same form sent again returns the first submission and records nothing new, even
    after a one-time link was used up by it. Raises LinkUnusable for an expired, revoked
    or already answered link, with nothing recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        # Only the link's row is locked (PostgreSQL refuses to lock the nullable side of
        # the outer joins to its follow-up and session).
        link = (
            CheckinLink.objects.select_for_update(of=("self",))
            .select_related("client", "follow_up", "session", "responsible")
            .get(pk=link.pk)
        )
        earlier = CheckinSubmission.objects.filter(link=link, key=key).first()
        if earlier is not None:
            return earlier
        if not link.usable_at(now):
            raise LinkUnusable
        pain_report = _record(link, report, now)
        link.answered_at = now
        link.save(update_fields=["answered_at"])
        submission = CheckinSubmission.objects.create(
            practice_id=link.practice_id, link=link, key=key, report=pain_report, created_at=now
        )
        audit_log(
            actor=link,
            practice=link.practice_id,
            action="create",
            obj=pain_report,
            detail="answered by the client through a check-in link",
        )
        record = pain_report.triage_record
        if record.action in ALERT_ACTIONS:
            recipients = alert_recipients(link)
            audit_log(
                actor=link,
                practice=link.practice_id,
                action="send",
                obj=record,
                detail=f"practitioner alert to {len(recipients)}",
            )
            _alert(record, recipients)
    return submission


def alert_recipients(link: CheckinLink) -> list[str]:
    """The client's practitioner; else whoever is responsible for the link; else owners."""
    active = Membership.objects.filter(
        practice_id=link.practice_id, is_active=True, user__is_active=True
    ).select_related("user")
    by_user = {m.user_id: m for m in active}
    for user_id in (link.client.primary_practitioner_id, link.responsible_id):
        if user_id in by_user:
            return [by_user[user_id].user.email]
    return [m.user.email for m in active if m.is_owner]


def _alert(record: TriageRecord, recipients: list[str]) -> None:
    if not recipients:
        return
    try:
        email_queue(
            message=messages.practitioner_alert(record, recipients),
            kind=OutgoingEmail.Kind.CHECKIN_ALERT,
            practice=record.practice_id,
        )
    except Exception:
        log.warning("checkin: alert for triage record %s failed", record.pk)
