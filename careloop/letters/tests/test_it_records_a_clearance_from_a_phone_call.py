"""Issue 11, item 10: a clinician who clears the client on the phone (calling back, or
when we call) is logged as a call that records the clearance and lifts the hold."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careloop.episodes.models import Hold
from careloop.letters.models import Communication
from careloop.letters.services import communication_record
from careloop.letters.tests.test_it_logs_replies_and_lifts_holds import _sent_sbar

pytestmark = pytest.mark.django_db


def test_the_log_page_records_a_clearance_given_in_a_phone_call(alice_client, personas):
    letter = _sent_sbar(personas)
    url = reverse("communications_for_episode", args=[letter.episode_id])
    response = alice_client.post(
        url,
        {
            "kind": "call_received",
            "channel": "email",  # left as it was: a call is by phone
            "direction": "outgoing",
            "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "party": "Dr Anjali Patel",
            "summary": "Called back after clinic: may resume at previous loads.",
            "record_clearance": "on",
            "cleared_by_name": "Dr Anjali Patel",
            "conditions": "Previous loads; no forward step-downs",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    hold = Hold.objects.get(episode=letter.episode)
    assert hold.lifted_at is not None
    clearance = hold.lifted_by_clearance
    assert clearance.channel == "phone" and clearance.cleared_by_name == "Dr Anjali Patel"
    entry = Communication.objects.get(clearance=clearance)
    assert (entry.kind, entry.channel, entry.direction) == ("call_received", "phone", "incoming")
    letter.refresh_from_db()
    assert letter.status == "answered"


def test_a_call_we_made_can_carry_the_clearance_but_a_message_cannot(personas):
    letter = _sent_sbar(personas)
    with pytest.raises(ValidationError) as refused:
        communication_record(
            client=letter.client,
            episode=letter.episode,
            actor=personas.alice,
            kind="message",
            channel="email",
            direction="incoming",
            summary="Text from the receptionist: fine to resume.",
            at=timezone.now() - dt.timedelta(minutes=2),
            clearance={"cleared_by_name": "Receptionist"},
        )
    assert "reply or a phone call" in refused.value.message_dict["kind"][0]
    entry = communication_record(
        client=letter.client,
        episode=letter.episode,
        actor=personas.alice,
        kind="call_made",
        summary="Reached Dr Patel between patients: resume.",
        at=timezone.now(),
        party="Dr Anjali Patel",
        clearance={"cleared_by_name": "Dr Anjali Patel"},
    )
    assert entry.clearance is not None and entry.clearance.channel == "phone"
    assert Hold.objects.get(episode=letter.episode).lifted_at is not None
