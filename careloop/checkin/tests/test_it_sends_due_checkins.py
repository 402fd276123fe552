"""`careloop checkin send-due`: each due follow-up check-in is sent once at its due time
(never in the practice's night), an unanswered one reminds once, then becomes a "call the
client" task on the dashboard. Morning-after check-ins where the practice wants them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.checkin.models import CheckinLink
from careloop.checkin.schedule import checkin_send_due
from careloop.checkin.services import checkin_settings_update
from careloop.checkin.testing import answers, link_in, zone_at_hour
from careloop.cli import main as careloop_main
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import FollowUp
from careloop.episodes.services import decision_record, follow_up_complete, pain_report_create
from careloop.episodes.testing import knee_call, make_client, make_session

# Real commits, so the e-mails that go out on commit really go out.
pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def due_check_in(personas):
    """Rosa's hold decision set 24 h and 48 h check-ins; the first fell due an hour ago,
    at midday in the practice's time zone."""
    now = timezone.now()
    practice = personas.practice
    practice.time_zone = zone_at_hour(now, 12)
    practice.save()
    client = make_client(practice, practitioner=personas.alice, first_name="Rosa")
    client.email = "rosa@example.com"
    client.save()
    make_session(client, personas.alice, ended_at=now - dt.timedelta(hours=20))
    report = pain_report_create(
        client=client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    )
    decision_record(
        triage_record=report.triage_record,
        decided_by=personas.alice,
        chosen_action="hold_and_contact",
    )
    first = FollowUp.objects.filter(client=client, kind="check_in").order_by("due_at").first()
    FollowUp.objects.filter(pk=first.pk).update(due_at=now - dt.timedelta(hours=1))
    first.refresh_from_db()
    return first, now


def test_a_due_follow_up_is_emailed_once_and_its_answer_completes_it(
    client, smtp_server, due_check_in
):
    follow_up, now = due_check_in
    run = checkin_send_due(now=now)
    assert run.follow_ups == 1
    assert checkin_send_due(now=now + dt.timedelta(minutes=5)).follow_ups == 0
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "rosa@example.com"
    body = message.get_content()
    link = CheckinLink.objects.get(follow_up=follow_up)
    assert link.expires_at == follow_up.due_at + dt.timedelta(hours=72)
    path = link_in(body)
    assert client.get(path).status_code == 200
    assert client.post(path, answers()).status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.completed_at is not None
    assert follow_up.result.source == "check_in_link"


def test_nothing_goes_out_in_the_practices_night(smtp_server, due_check_in, personas):
    _follow_up, now = due_check_in
    personas.practice.time_zone = zone_at_hour(now, 2)
    personas.practice.save()
    assert checkin_send_due(now=now).follow_ups == 0
    assert not smtp_server.messages
    personas.practice.time_zone = zone_at_hour(now, 8)
    personas.practice.save()
    assert checkin_send_due(now=now).follow_ups == 1


def test_unanswered_it_reminds_once_then_asks_for_a_call(
    client, alice_client, smtp_server, due_check_in
):
    follow_up, now = due_check_in
    checkin_send_due(now=now)
    first_path = link_in(smtp_server.messages[0].get_content())
    assert checkin_send_due(now=now + dt.timedelta(hours=3)).reminders == 0
    assert checkin_send_due(now=now + dt.timedelta(hours=5)).reminders == 1
    assert checkin_send_due(now=now + dt.timedelta(hours=6)).reminders == 0
    assert len(smtp_server.messages) == 2
    reminder = smtp_server.messages[1]
    assert reminder["Subject"].startswith("Reminder:")
    second_path = link_in(reminder.get_content())
    assert second_path != first_path
    assert client.get(first_path).status_code == 200
    assert client.get(second_path).status_code == 200
    run = checkin_send_due(now=now + dt.timedelta(hours=10))
    assert run.calls == 1
    link = CheckinLink.objects.get(follow_up=follow_up)
    dashboard = alice_client.get(reverse("dashboard")).content.decode()
    assert "Call the client" in dashboard and "Rosa Lopez" in dashboard
    alice_client.post(reverse("checkin_call_done", args=[link.pk]))
    assert "Call the client" not in alice_client.get(reverse("dashboard")).content.decode()


def test_a_session_yesterday_gets_a_morning_after_check_in(smtp_server, personas):
    now = timezone.now()
    practice = personas.practice
    practice.time_zone = zone_at_hour(now, 9)
    practice.save()
    checkin_settings_update(practice_id=practice.pk, actor=personas.alice, morning_after=True)
    client = make_client(practice, practitioner=personas.alice, first_name="Rosa")
    client.email = "rosa@example.com"
    client.save()
    session = make_session(client, personas.alice, ended_at=now - dt.timedelta(hours=22))
    make_session(client, personas.alice, ended_at=now - dt.timedelta(days=3))
    assert checkin_send_due(now=now).mornings == 1
    assert checkin_send_due(now=now).mornings == 0
    link = CheckinLink.objects.get(kind="morning_after")
    assert link.session == session
    assert "How do you feel after yesterday's session?" in smtp_server.messages[0].get_content()


def test_without_the_setting_no_morning_check_in_goes_out(smtp_server, personas):
    now = timezone.now()
    personas.practice.time_zone = zone_at_hour(now, 9)
    personas.practice.save()
    client = make_client(personas.practice, practitioner=personas.alice)
    client.email = "rosa@example.com"
    client.save()
    make_session(client, personas.alice, ended_at=now - dt.timedelta(hours=22))
    assert checkin_send_due(now=now).mornings == 0


def test_the_cli_verb_runs_it(capsys, smtp_server, due_check_in):
    assert careloop_main(["checkin", "send-due"]) == 0
    out = capsys.readouterr().out
    assert "1 follow-up check-ins" in out


def test_a_follow_up_done_by_phone_is_not_chased(smtp_server, personas, due_check_in):
    follow_up, now = due_check_in
    checkin_send_due(now=now)
    follow_up_complete(
        follow_up=follow_up,
        completed_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=3)),
    )
    later = checkin_send_due(now=now + dt.timedelta(hours=5))
    assert later.reminders == 0
    assert checkin_send_due(now=now + dt.timedelta(hours=80)).calls == 0
    assert len(smtp_server.messages) == 1
