"""The communication log: calls, messages and replies; a reply's clearance lifts the hold;
letters awaiting an answer on the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careloop.accounts.services import practice_update
from careloop.episodes.models import Clearance, Hold
from careloop.letters.models import Communication, Letter
from careloop.letters.services import (
    communication_record,
    letter_draft,
    letter_finalise,
    letter_send,
)
from careloop.letters.testing import decided_report, knee_client, sessions

pytestmark = pytest.mark.django_db


def _sent_sbar(personas, first_name="Margaret", sent_days_ago=0):
    client = knee_client(personas, first_name=first_name)
    sessions(client, personas.alice, 2, last_ended=timezone.now() - dt.timedelta(hours=20))
    report = decided_report(client, personas.alice, action="hold_and_contact")
    letter = letter_finalise(
        letter=letter_draft(kind="sbar", author=personas.alice, episode=report.episode),
        actor=personas.alice,
    )
    letter_send(
        letter=letter,
        channel="printed",
        actor=personas.alice,
        now=timezone.now() - dt.timedelta(days=sent_days_ago),
    )
    letter.refresh_from_db()
    return letter


def test_calls_are_logged_with_their_channel_and_direction(personas):
    letter = _sent_sbar(personas)
    entry = communication_record(
        client=letter.client,
        episode=letter.episode,
        actor=personas.bob,
        kind="call_made",
        channel="email",  # the kind decides: a call is by phone
        direction="incoming",
        party="Dr Patel's secretary",
        summary="Left a message; Dr Patel will call back after clinic.",
        at=timezone.now() - dt.timedelta(minutes=5),
    )
    assert (entry.channel, entry.direction) == ("phone", "outgoing")
    letter.refresh_from_db()
    assert letter.status == "sent"  # a call we made is not an answer


def test_a_reply_answers_the_letter_and_its_clearance_lifts_the_hold(personas):
    letter = _sent_sbar(personas)
    hold = Hold.objects.get(episode=letter.episode)
    at = timezone.now()
    entry = communication_record(
        client=letter.client,
        episode=letter.episode,
        actor=personas.alice,
        kind="reply",
        channel="phone",
        party="Dr Anjali Patel",
        summary="Reviewed the knee in clinic; happy for exercise to resume.",
        at=at,
        letter=letter,
        clearance={"cleared_by_name": "Dr Anjali Patel", "conditions": "No loaded flexion past 90"},
    )
    clearance = Clearance.objects.get(hold=hold)
    assert entry.clearance == clearance and entry.direction == "incoming"
    assert clearance.cleared_at == at and clearance.channel == "phone"
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lifted_by_clearance == clearance
    letter.client.refresh_from_db()
    assert letter.client.status == "active"
    letter.refresh_from_db()
    assert letter.status == "answered" and letter.answered_at == at


def test_a_clearance_needs_a_hold_and_a_clearance_channel(personas):
    letter = _sent_sbar(personas)
    with pytest.raises(ValidationError) as caught:
        communication_record(
            client=letter.client,
            episode=letter.episode,
            actor=personas.alice,
            kind="reply",
            channel="message",
            summary="OK to resume.",
            at=timezone.now(),
            clearance={"cleared_by_name": "Dr Patel"},
        )
    assert "channel" in caught.value.message_dict
    assert Hold.objects.get(episode=letter.episode).lifted_at is None
    assert not Communication.objects.filter(kind="reply").exists()


def test_bad_entries_are_refused_field_by_field(personas):
    letter = _sent_sbar(personas)
    with pytest.raises(ValidationError) as caught:
        communication_record(
            client=letter.client,
            actor=personas.alice,
            kind="message",
            channel="pigeon",
            direction="sideways",
            summary=" ",
            at=timezone.now() + dt.timedelta(days=1),
        )
    assert set(caught.value.message_dict) == {"channel", "direction", "summary", "at"}


def test_the_log_page_adds_a_reply_with_clearance(alice_client, personas):
    letter = _sent_sbar(personas)
    url = reverse("communications_for_episode", args=[letter.episode_id])
    page = alice_client.get(url)
    assert page.status_code == 200 and "Cleared by" in page.content.decode()
    bad = alice_client.post(url, {"kind": "reply", "channel": "phone", "summary": ""})
    assert bad.status_code == 400
    assert "Fill in “What was said or agreed”." in bad.content.decode()
    ok = alice_client.post(
        url,
        {
            "kind": "reply",
            "channel": "fax",
            "direction": "incoming",
            "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "party": "Dr Anjali Patel",
            "summary": "Faxed reply: may resume.",
            "letter": str(letter.pk),
            "record_clearance": "on",
            "cleared_by_name": "Dr Anjali Patel",
            "cleared_by_role": "Orthopaedic surgeon",
            "conditions": "",
        },
    )
    assert ok.status_code == 302
    assert Hold.objects.get(episode=letter.episode).lifted_at is not None
    html = alice_client.get(url).content.decode()
    assert "Clearance recorded: hold lifted" in html and "Faxed reply: may resume." in html
    assert "Cleared by" not in html  # no hold left to clear


def _awaiting(client) -> str:
    html = client.get(reverse("dashboard")).content.decode()
    start = html.index('id="awaiting-h"')
    return html[start : html.index("</section>", start)]


def test_the_dashboard_lists_letters_awaiting_an_answer(alice_client, personas):
    old = _sent_sbar(personas, first_name="Olive", sent_days_ago=9)
    _sent_sbar(personas, first_name="Fresh", sent_days_ago=2)
    html = _awaiting(alice_client)
    assert "Olive Ellis" in html and "Fresh Ellis" not in html
    assert reverse("letter_detail", args=[old.pk]) in html
    practice_update(practice=personas.practice, actor=personas.alice, letter_answer_days=1)
    assert "Fresh Ellis" in _awaiting(alice_client)


@pytest.mark.parametrize("rows", [2, 6])
def test_the_dashboard_list_costs_the_same_for_more_letters(
    alice_client, personas, django_assert_max_num_queries, rows
):
    for i in range(rows):
        _sent_sbar(personas, first_name=f"C{i}", sent_days_ago=10)
    assert Letter.objects.filter(status="sent").count() == rows
    # Nine (the undecided have their own query), two for the client check-ins section
    # (careloop.checkin) and the practice's change mark.
    with django_assert_max_num_queries(12):
        html = alice_client.get(reverse("dashboard")).content.decode()
    assert html.count("sent ") >= rows and "Letters awaiting an answer" in html
