"""Delivery: e-mail over real SMTP with the PDF attached, fax through the practice's
gateway, printing and handing to the client; the consent gate refuses and sends nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from careloop.letters.models import Communication, Delivery, Letter
from careloop.letters.services import letter_correct, letter_draft, letter_finalise, letter_send
from careloop.letters.testing import decided_report, knee_client, sessions
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_deliver
from careloop.testing.smtp import free_port

pytestmark = pytest.mark.django_db


def _final_sbar(personas, *, consent=True, first_name="Margaret"):
    client = knee_client(personas, consent=consent, first_name=first_name)
    sessions(client, personas.alice, 2, last_ended=timezone.now() - dt.timedelta(hours=20))
    report = decided_report(client, personas.alice, action="hold_and_contact")
    letter = letter_draft(kind="sbar", author=personas.alice, episode=report.episode)
    return letter_finalise(letter=letter, actor=personas.alice)


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_it_emails_the_pdf_and_logs_it(personas, smtp_server, django_capture_on_commit_callbacks):
    letter = _final_sbar(personas)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = letter_send(letter=letter, channel="email", actor=personas.alice)
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.to_address == "patel@hospital.test"
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "patel@hospital.test"
    assert message["Message-ID"] == delivery.message_id
    # The PDF is the letter: the subject, body and file name carry no name or findings.
    assert message["Subject"] == f"SBAR report from {personas.practice.name} (CL-{letter.pk}-v1)"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Dear Dr Anjali Patel" in body and f"CL-{letter.pk}-v1" in body
    for private in ("Margaret", "Ellis", "knee", "Client reports", "Situation", "pain"):
        assert private not in body and private not in message["Subject"], private
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    filename = attachment.get_filename()
    assert filename.startswith("sbar-") and "ellis" not in filename
    text = _pdf_text(attachment.get_content())
    for expected in (
        "Margaret Ellis",
        "Dr Anjali Patel",
        "Leg press",
        "Step-up",
        "Client reports",
        "My knee is killing me since last night.",
        "H2",
        "Page 1 of",
    ):
        assert expected in text, expected
    letter.refresh_from_db()
    assert letter.status == "sent" and letter.sent_at == delivery.sent_at
    entry = Communication.objects.get(delivery=delivery)
    assert entry.kind == "letter_sent" and entry.channel == "email"
    assert entry.direction == "outgoing" and entry.episode_id == letter.episode_id
    assert "patel@hospital.test" in entry.summary


def test_it_faxes_through_the_practice_gateway(
    personas, smtp_server, django_capture_on_commit_callbacks
):
    personas.practice.fax_gateway_pattern = "{fax}@fax.example.com"
    personas.practice.save()
    letter = _final_sbar(personas)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = letter_send(letter=letter, channel="fax", actor=personas.alice)
    delivery.refresh_from_db()
    assert delivery.to_address == "442079460101@fax.example.com"
    assert delivery.fax_number == "+44 20 7946 0101" and delivery.status == "sent"
    (message,) = smtp_server.messages
    assert message["To"] == "442079460101@fax.example.com"
    (attachment,) = list(message.iter_attachments())
    assert "Margaret Ellis" in _pdf_text(attachment.get_content())
    assert Communication.objects.get(delivery=delivery).channel == "fax"


def test_fax_without_a_gateway_says_how_to_set_it_up(personas, smtp_server):
    letter = _final_sbar(personas)
    with pytest.raises(ValidationError) as caught:
        letter_send(letter=letter, channel="fax", actor=personas.alice)
    assert "fax gateway" in " ".join(caught.value.messages)
    assert not Delivery.objects.exists() and not smtp_server.messages


@pytest.mark.parametrize("channel", ["email", "fax"])
def test_without_consent_nothing_is_sent(
    personas, smtp_server, django_capture_on_commit_callbacks, channel
):
    personas.practice.fax_gateway_pattern = "{fax}@fax.example.com"
    personas.practice.save()
    letter = _final_sbar(personas, consent=False)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError) as caught,
    ):
        letter_send(letter=letter, channel=channel, actor=personas.alice)
    message = " ".join(caught.value.messages)
    assert "No current release-of-information consent" in message
    assert "nothing was sent" in message and "print" in message
    assert callbacks == [] and smtp_server.messages == []
    assert not Delivery.objects.exists() and not Communication.objects.exists()
    letter.refresh_from_db()
    assert letter.status == "final" and letter.sent_at is None


def test_a_revoked_consent_also_refuses(personas, smtp_server):
    letter = _final_sbar(personas)
    letter.client.consents.update(revoked_at=timezone.now())
    with pytest.raises(ValidationError):
        letter_send(letter=letter, channel="email", actor=personas.alice)
    assert not smtp_server.messages


@pytest.mark.parametrize("channel", ["printed", "handed_to_client"])
def test_printing_or_handing_to_the_client_needs_no_consent(personas, smtp_server, channel):
    letter = _final_sbar(personas, consent=False)
    delivery = letter_send(letter=letter, channel=channel, actor=personas.bob)
    assert delivery.status == "done" and smtp_server.messages == []
    letter.refresh_from_db()
    assert letter.status == "sent"
    entry = Communication.objects.get(delivery=delivery)
    assert entry.channel == ("letter" if channel == "printed" else "in_person")


def test_a_draft_or_superseded_letter_is_not_sent(personas, smtp_server):
    letter = _final_sbar(personas)
    draft = letter_draft(kind="followup", author=personas.alice, episode=letter.episode)
    with pytest.raises(ValidationError):
        letter_send(letter=draft, channel="printed", actor=personas.alice)
    correction = letter_finalise(
        letter=letter_correct(letter=letter, actor=personas.alice), actor=personas.alice
    )
    with pytest.raises(ValidationError):
        letter_send(letter=Letter.objects.get(pk=letter.pk), channel="email", actor=personas.alice)
    assert letter_send(letter=correction, channel="printed", actor=personas.alice).pk


def test_a_smtp_failure_is_recorded_on_the_delivery(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    settings.OUTBOX_RETRY_DELAYS = [60]  # one retry, a minute later
    letter = _final_sbar(personas)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = letter_send(letter=letter, channel="email", actor=personas.alice)
    delivery.refresh_from_db()
    # The first attempt failed: queued again, the reason on the delivery.
    assert delivery.status == "queued" and "ConnectionRefusedError" in delivery.error
    assert "will retry" in delivery.error
    email = OutgoingEmail.objects.get(message_id=delivery.message_id)
    # The second (last) attempt fails too: the delivery is failed, with the reason.
    with django_capture_on_commit_callbacks(execute=True):
        email_deliver(email_id=email.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "ConnectionRefusedError" in delivery.error
    assert "Gave up after 2 attempts" in delivery.error
