"""The worker's schedule: each job runs when due, once, whichever worker gets there first;
and `careloop worker --once` sends what is queued in the database."""

from __future__ import annotations

import datetime as dt
import signal

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from careloop.cli import main
from careloop.jobs.models import ScheduledJob
from careloop.jobs.schedule import schedule_tick
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue


@pytest.mark.django_db
def test_each_job_runs_once_until_its_interval_has_passed(settings, personas):
    settings.JOB_INTERVALS = {
        "outbox-sweep": 15,
        "reminders": 300,
        "checkin-send-due": 300,
        "network-digest": 3600,
        "audit-seal": 0,  # off
    }
    now = timezone.now()
    assert schedule_tick(now=now) == [
        "outbox-sweep",
        "reminders",
        "checkin-send-due",
        "network-digest",
    ]
    # A second worker (or the next loop) a moment later finds nothing due.
    assert schedule_tick(now=now + dt.timedelta(seconds=1)) == []
    assert schedule_tick(now=now + dt.timedelta(seconds=16)) == ["outbox-sweep"]
    reminders = ScheduledJob.objects.get(name="reminders")
    assert reminders.last_result == "0 due, 0 e-mails queued"
    assert reminders.next_run_at == now + dt.timedelta(seconds=300)


def test_the_worker_sends_what_is_queued_in_the_database(transactional_db, settings, smtp_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOB_INTERVALS = {"outbox-sweep": 15}
    email = email_queue(
        message=EmailMessage("Test", "Hello", None, ["r@example.com"]), kind="other"
    )
    email.refresh_from_db()
    assert email.status == "queued" and smtp_server.messages == []  # waits for a worker
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        assert main(["worker", "--once"]) == 0
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    email.refresh_from_db()
    assert email.status == "sent"
    assert [m["Message-ID"] for m in smtp_server.messages] == [email.message_id]
    assert OutgoingEmail.objects.count() == 1
