"""Queueing, sending, retrying and recovering outgoing e-mail (docs/tasks.md)."""

from __future__ import annotations

import datetime as dt
import logging
from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.outbox import transport
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.signals import email_status_changed

log = logging.getLogger(__name__)

UNCERTAIN = (
    "The worker stopped after handing the message to the mail server, before the server "
    "confirmed it: it may have arrived. Check with the recipient before sending it again."
)


def _retry_delays() -> list[int]:
    return [int(x) for x in settings.OUTBOX_RETRY_DELAYS]


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.OUTBOX_LEASE_SECONDS))


def _message_id(message: EmailMessage) -> str:
    given = message.extra_headers.get("Message-ID", "")
    if given:
        return str(given)
    domain = parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1].rpartition("@")[2] or "careloop"
    return make_msgid(domain=domain)


def _enqueue(email_id: int, *, run_after: dt.datetime | None = None) -> None:
    # Imported here: the task module imports this one to call email_deliver.
    from careloop.outbox.tasks import deliver_email  # noqa: PLC0415

    task = deliver_email
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the sweep sends it when it is due (the immediate backend, in tests)
        task = task.using(run_after=run_after)
    try:
        task.enqueue(email_id)
    except Exception:  # the row stays queued: the sweep enqueues it again
        log.exception("outbox: enqueueing e-mail %s failed", email_id)


def _announce(email: OutgoingEmail) -> None:
    # In the same transaction as the change: a follower's record moves with it or not at all.
    email_status_changed.send(OutgoingEmail, email=email)


def email_queue(
    *, message: EmailMessage, kind: str, practice: Any = None, now: dt.datetime | None = None
) -> OutgoingEmail:
    """Store ``message`` and send it from a worker once the caller's transaction commits
    (nothing is sent for a change that rolls back; the immediate backend used by tests
    sends at once). Returns the row; its message_id is the
    message's Message-ID header (kept if the caller set one)."""
    now = now or timezone.now()
    message_id = _message_id(message)
    message.extra_headers["Message-ID"] = message_id
    raw = message.message().as_bytes(linesep="\r\n")
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            practice_id=getattr(practice, "pk", practice),
            kind=kind,
            message_id=message_id,
            from_address=parseaddr(message.from_email or str(settings.DEFAULT_FROM_EMAIL))[1],
            recipients=list(message.recipients()),
            subject=str(message.subject)[:300],
            raw=raw,
            next_attempt_at=now,
            created_at=now,
        )
        # In the same transaction: with the database backend the task row commits (or
        # rolls back) with the e-mail row, so neither exists without the other.
        _enqueue(email.pk)
    return email


def _claim(email_id: int, now: dt.datetime) -> OutgoingEmail | None:
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.QUEUED:
            return None  # sent, failed, or another worker holds it: nothing to do
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
        email.lease_until = now + _lease()
        email.handed_over_at = None
        email.save(update_fields=["status", "attempts", "lease_until", "handed_over_at"])
    return email


def _finish(email: OutgoingEmail, **fields: Any) -> None:
    with transaction.atomic():
        for name, value in fields.items():
            setattr(email, name, value)
        email.save(update_fields=list(fields))
        _announce(email)


def email_deliver(*, email_id: int, now: dt.datetime | None = None) -> str:
    """Send one queued e-mail (the body of the ``deliver_email`` task). Safe to run twice or
    concurrently: only the run that claims the QUEUED row sends. Returns the new status."""
    now = now or timezone.now()
    email = _claim(email_id, now)
    if email is None:
        return "skipped"
    raw = bytes(email.raw)

    def mark_handed_over() -> None:
        # Its own statement, committed at once (the worker runs in autocommit): a worker
        # killed after this line leaves a row the sweep will not send again.
        OutgoingEmail.objects.filter(pk=email.pk).update(handed_over_at=timezone.now())

    try:
        note = transport.send_stored(
            from_address=email.from_address,
            recipients=list(email.recipients),
            raw=raw,
            before_end_of_data=mark_handed_over,
        )
    except transport.PermanentError as exc:
        _finish(email, status=OutgoingEmail.Status.FAILED, error=f"Refused: {exc}"[:500])
    except transport.UncertainError:
        _finish(email, status=OutgoingEmail.Status.FAILED, error=UNCERTAIN)
    except transport.TransientError as exc:
        delays = _retry_delays()
        if email.attempts > len(delays):
            reason = f"Gave up after {email.attempts} attempts: {exc}"
            _finish(email, status=OutgoingEmail.Status.FAILED, error=reason[:500])
        else:
            retry_at = timezone.now() + dt.timedelta(seconds=delays[email.attempts - 1])
            _finish(
                email,
                status=OutgoingEmail.Status.QUEUED,
                next_attempt_at=retry_at,
                lease_until=None,
                error=f"Attempt {email.attempts} failed, will retry: {exc}"[:500],
            )
            _enqueue(email.pk, run_after=retry_at)
    else:
        _finish(
            email,
            status=OutgoingEmail.Status.SENT,
            sent_at=timezone.now(),
            error=note[:500],
            raw=b"",  # a letter or a link's token stays no longer than needed
            lease_until=None,
        )
    return str(email.status)


def email_retry(*, email: OutgoingEmail, actor: Any, now: dt.datetime | None = None) -> None:
    """An owner sends a failed e-mail again (same Message-ID, so a recipient's mail system
    can tell a repeat of an uncertain sending from a new message)."""
    now = now or timezone.now()
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.status != OutgoingEmail.Status.FAILED:
            raise ValidationError("Only a failed e-mail can be sent again.")
        if not email.raw:
            raise ValidationError("This e-mail's content is no longer kept: it cannot be resent.")
        email.status = OutgoingEmail.Status.QUEUED
        email.attempts = 0
        email.next_attempt_at = now
        email.lease_until = None
        email.handed_over_at = None
        email.error = ""
        email.save()
        audit_log(
            actor=actor,
            practice=email.practice_id,
            action="send",
            obj=email,
            detail=f"retry {email.kind}",
        )
        _announce(email)
        _enqueue(email.pk)


def outbox_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Recover what a killed worker or a lost enqueue left behind (run by the worker's
    schedule): a SENDING row whose lease ran out is queued again if it never reached the
    end of its data, else failed as uncertain; a QUEUED row that is overdue is enqueued
    again (an extra task finds it claimed or sent and does nothing)."""
    now = now or timezone.now()
    counts = {"requeued": 0, "uncertain": 0, "enqueued": 0}
    expired = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENDING, lease_until__lt=now
    ).values_list("pk", flat=True)
    for email_id in list(expired):
        with transaction.atomic():
            email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
            if email.status != OutgoingEmail.Status.SENDING or email.lease_until is None:
                continue
            if email.lease_until >= now:
                continue
            if email.handed_over_at is not None:
                email.status = OutgoingEmail.Status.FAILED
                email.error = UNCERTAIN
                counts["uncertain"] += 1
            else:
                email.status = OutgoingEmail.Status.QUEUED
                email.next_attempt_at = now
                email.error = "The worker stopped before sending it; it is queued again."
                counts["requeued"] += 1
            email.lease_until = None
            email.save(update_fields=["status", "error", "lease_until", "next_attempt_at"])
            _announce(email)
            if email.status == OutgoingEmail.Status.QUEUED:
                _enqueue(email.pk)
    grace = dt.timedelta(seconds=int(settings.OUTBOX_SWEEP_GRACE_SECONDS))
    overdue = list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now - grace
        ).values_list("pk", flat=True)[:500]
    )
    if overdue:
        # Not again before another grace period, however long the queue is.
        OutgoingEmail.objects.filter(pk__in=overdue).update(next_attempt_at=now)
    for email_id in overdue:
        _enqueue(email_id)
        counts["enqueued"] += 1
    return counts
