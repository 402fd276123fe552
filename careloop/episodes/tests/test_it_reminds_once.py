"""`careloop remind` against a real SMTP server: due follow-ups, one e-mail, never twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from careloop.cli import main
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import FollowUp
from careloop.episodes.services import decision_record, pain_report_create, reminders_send
from careloop.episodes.testing import knee_call, make_client, make_session
from careloop.outbox.models import OutgoingEmail
from careloop.testing.smtp import free_port


def _due_follow_ups(personas):
    client = make_client(
        personas.practice, practitioner=personas.alice, first_name="Maria", last_name="Lopez"
    )
    make_session(client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    record = pain_report_create(
        client=client, recorded_by=personas.bob, report=PainReportInput(**knee_call())
    ).triage_record
    decision_record(triage_record=record, decided_by=personas.bob, chosen_action="hold_and_contact")
    # The 24 h check-in and the contact task are due; the 48 h check-in is not.
    now = timezone.now()
    for task in FollowUp.objects.all():
        hours = round((task.due_at - task.created_at).total_seconds() / 3600)
        task.due_at = now - dt.timedelta(minutes=5) if hours != 48 else now + dt.timedelta(hours=20)
        task.save(update_fields=["due_at"])
    return client


@pytest.mark.django_db
def test_it_emails_due_follow_ups_once(personas, smtp_server, django_capture_on_commit_callbacks):
    _due_follow_ups(personas)
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send()
    assert (run.due, run.emails) == (2, 1)
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "bob@example.com"
    body = message.get_content()
    assert "M.L." in body and "/episodes/" in body
    # No names or clinical values in e-mail.
    assert "Maria" not in body and "Lopez" not in body and "7" not in body.replace("/", " ").split()
    assert "knee" not in body.lower()
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders_send()
    assert (again.due, again.emails) == (0, 0)
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_it_retries_a_reminder_when_the_mail_server_is_down(
    personas, settings, django_capture_on_commit_callbacks
):
    _due_follow_ups(personas)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send()
    # Marked and queued together; the outbox keeps the e-mail and retries it later.
    assert run.emails == 1
    email = OutgoingEmail.objects.get(kind="reminder")
    assert email.status == "queued" and email.attempts == 1
    assert "ConnectionRefusedError" in email.error and "will retry" in email.error
    assert email.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_completed_follow_ups_are_not_reminded(
    personas, smtp_server, django_capture_on_commit_callbacks
):
    _due_follow_ups(personas)
    FollowUp.objects.update(completed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send()
    assert run.due == 0 and smtp_server.messages == []


def test_the_remind_command_is_safe_to_repeat(transactional_db, personas, smtp_server, capsys):
    _due_follow_ups(personas)
    assert main(["remind"]) == 0
    assert main(["remind"]) == 0
    out = capsys.readouterr().out
    assert "2 follow-ups due; 1 reminder e-mails queued." in out
    assert "0 follow-ups due; 0 reminder e-mails queued." in out
    assert len(smtp_server.messages) == 1
