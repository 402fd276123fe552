"""The outbox against a real SMTP server: queued, sent once, retried with backoff, failed
with the reason, recovered after a dead worker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import UNCERTAIN, email_deliver, email_queue, outbox_sweep
from careloop.testing.smtp import SmtpServer, _Handler, free_port


def _queue(n: int = 1, **kwargs) -> OutgoingEmail:
    return email_queue(
        message=EmailMessage(f"Test {n}", "Hello", None, [f"r{n}@example.com"]),
        kind=OutgoingEmail.Kind.OTHER,
        **kwargs,
    )


def _no_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2


@pytest.mark.django_db
def test_it_sends_a_queued_email_once_and_then_erases_its_body(smtp_server):
    email = _queue()
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 1 and email.sent_at is not None
    assert bytes(email.raw) == b""  # a letter or a token is not kept once sent
    assert [m["Message-ID"] for m in smtp_server.messages] == [email.message_id]
    # The same task again (a duplicate, a retry of an uncertain run) sends nothing.
    assert email_deliver(email_id=email.pk) == "skipped"
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_it_retries_with_backoff_then_gives_up_with_the_reason(settings):
    _no_server(settings)
    settings.OUTBOX_RETRY_DELAYS = [60, 300]
    before = timezone.now()
    email = _queue()
    email.refresh_from_db()
    assert email.status == "queued" and email.attempts == 1
    assert "ConnectionRefusedError" in email.error
    assert email.next_attempt_at >= before + dt.timedelta(seconds=60)
    email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == "queued" and email.attempts == 2
    assert email.next_attempt_at >= before + dt.timedelta(seconds=300)
    email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == "failed" and email.error.startswith("Gave up after 3 attempts")
    assert bytes(email.raw)  # kept, so an owner can send it again


class _Refusing(_Handler):
    async def handle_RCPT(self, server, session, envelope, address, options):
        return "550 5.1.1 No such user"


@pytest.mark.django_db
def test_a_refused_recipient_fails_at_once_without_retrying(settings):
    server = SmtpServer()
    server.handler = server.controller.handler = _Refusing()
    server.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        email = _queue()
    finally:
        server.stop()
    email.refresh_from_db()
    assert email.status == "failed" and email.attempts == 1
    assert "550" in email.error and "No such user" in email.error


@pytest.mark.django_db
def test_the_sweep_resends_only_what_a_dead_worker_had_not_handed_over(smtp_server):
    long_ago = timezone.now() - dt.timedelta(hours=1)
    not_handed = _queue(1)
    handed = _queue(2)
    # The immediate backend sent both; put them back as a killed worker leaves them:
    # claimed, the lease run out, one of them past the end of its data.
    smtp_server.messages.clear()
    OutgoingEmail.objects.filter(pk__in=[not_handed.pk, handed.pk]).update(
        status="sending", lease_until=long_ago, raw=not_handed.raw, handed_over_at=None
    )
    OutgoingEmail.objects.filter(pk=handed.pk).update(handed_over_at=long_ago)
    assert outbox_sweep() == {"requeued": 1, "uncertain": 1, "enqueued": 0}
    not_handed.refresh_from_db()
    handed.refresh_from_db()
    assert not_handed.status == "sent"
    assert handed.status == "failed" and handed.error == UNCERTAIN
    assert [m["Message-ID"] for m in smtp_server.messages] == [not_handed.message_id]


@pytest.mark.django_db
def test_the_sweep_enqueues_a_queued_email_whose_task_was_lost(smtp_server, settings):
    email = _queue()
    smtp_server.messages.clear()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status="queued", next_attempt_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert outbox_sweep()["enqueued"] == 1
    email.refresh_from_db()
    assert email.status == "sent" and len(smtp_server.messages) == 1
    # Not overdue any more: the next sweep leaves it alone.
    assert outbox_sweep()["enqueued"] == 0
