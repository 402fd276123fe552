"""Issue 9 hole 3: a letter goes to the referral source's address on record unless the
sender types another and confirms it; the e-mail carries no client name and no findings,
and the default console backend prints headers only.

E-mail goes through the real SMTP fixture, except for the console backend test, which
uses exactly what EMAIL_URL=console:// (the default) configures.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careloop.env import env_email
from careloop.letters.models import Communication, Delivery
from careloop.letters.services import letter_draft, letter_finalise, letter_send
from careloop.letters.testing import decided_report, knee_client, sessions

pytestmark = pytest.mark.django_db

ATTACKER = "collector@elsewhere.test"
# What the letter (and its PDF) says that no e-mail body, subject or log may say.
PRIVATE = ("Margaret", "Ellis", "knee", "Knee", "pain", "Situation", "Client reports")


@pytest.fixture
def letter(personas):
    client = knee_client(personas)
    sessions(client, personas.alice, 2, last_ended=timezone.now() - dt.timedelta(hours=20))
    report = decided_report(client, personas.alice, action="hold_and_contact")
    draft = letter_draft(kind="sbar", author=personas.alice, episode=report.episode)
    return letter_finalise(letter=draft, actor=personas.alice)


def test_it_refuses_an_unconfirmed_other_address_and_sends_nothing(
    personas, letter, smtp_server, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError) as caught,
    ):
        letter_send(letter=letter, channel="email", actor=personas.bob, to_address=ATTACKER)
    errors = caught.value.message_dict
    assert "patel@hospital.test" in errors["to_address"][0]
    assert "confirm_other_address" in errors
    assert callbacks == [] and smtp_server.messages == []
    assert not Delivery.objects.exists() and not Communication.objects.exists()


def test_a_confirmed_other_address_is_sent_to_and_kept_in_the_log(
    personas, letter, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = letter_send(
            letter=letter,
            channel="email",
            actor=personas.bob,
            to_address=f"  {ATTACKER} ",
            confirm_other_address=True,
        )
    (message,) = smtp_server.messages
    assert message["To"] == ATTACKER
    assert smtp_server.handler.envelopes[0].rcpt_tos == [ATTACKER]
    # Not addressed as if it were the referral source.
    assert "Patel" not in message.get_body(preferencelist=("plain",)).get_content()
    entry = Communication.objects.get(delivery=delivery)
    assert ATTACKER in entry.summary and "typed this address and confirmed it" in entry.summary
    assert entry.party == ATTACKER


def test_the_address_on_record_needs_no_confirmation_however_it_is_typed(
    personas, letter, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter_send(
            letter=letter, channel="email", actor=personas.bob, to_address="Patel@Hospital.TEST"
        )
    (message,) = smtp_server.messages
    assert message["To"] == "patel@hospital.test"
    assert "typed" not in Communication.objects.get().summary


def test_a_fax_to_another_number_needs_confirming_too(
    personas, letter, smtp_server, django_capture_on_commit_callbacks
):
    personas.practice.fax_gateway_pattern = "{fax}@fax.example.com"
    personas.practice.save()
    with pytest.raises(ValidationError) as caught:
        letter_send(letter=letter, channel="fax", actor=personas.bob, to_address="+1 555 0100")
    assert "+44 20 7946 0101" in caught.value.message_dict["to_address"][0]
    with django_capture_on_commit_callbacks(execute=True):
        letter_send(letter=letter, channel="fax", actor=personas.bob, to_address="020 7946 0101")
    (message,) = smtp_server.messages
    assert message["To"] == "442079460101@fax.example.com"
    body = message.get_body(preferencelist=("plain",)).get_content()
    for private in PRIVATE:
        assert private not in body and private not in message["Subject"], private


def test_the_send_page_shows_the_refusal_next_to_the_field(
    personas, letter, bob_client, smtp_server, django_capture_on_commit_callbacks
):
    url = reverse("letter_send", args=[letter.pk])
    with django_capture_on_commit_callbacks(execute=True):
        refused = bob_client.post(url, {"channel": "email", "to_address": ATTACKER})
    assert refused.status_code == 400
    form = refused.context["send_form"]
    assert "patel@hospital.test" in form.errors["to_address"][0]
    assert "confirm_other_address" in form.errors
    assert smtp_server.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        sent = bob_client.post(
            url, {"channel": "email", "to_address": ATTACKER, "confirm_other_address": "on"}
        )
    assert sent.status_code == 302
    assert [m["To"] for m in smtp_server.messages] == [ATTACKER]


def test_the_default_console_backend_prints_headers_only(
    personas, letter, settings, capsys, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.delenv("EMAIL_URL", raising=False)
    settings.EMAIL_BACKEND = env_email("EMAIL_URL", "console://")["EMAIL_BACKEND"]
    capsys.readouterr()
    with django_capture_on_commit_callbacks(execute=True):
        delivery = letter_send(letter=letter, channel="email", actor=personas.alice)
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    printed = capsys.readouterr().out
    assert "To: patel@hospital.test" in printed
    assert f"Subject: SBAR report from {personas.practice.name} (CL-{letter.pk}-v1)" in printed
    assert "[attachment: application/pdf," in printed and "not shown]" in printed
    assert "[body: text/plain," in printed
    for private in (*PRIVATE, "Dear", "JVBERi0", "%PDF", ".pdf", "sbar-"):
        assert private not in printed, private
