"""A standing "report pain" link goes out by e-mail, by text (the practice's e-mail-to-SMS
gateway, or the console in development), or as a printed QR card."""

from __future__ import annotations

import re

import pytest
import segno
from django.urls import reverse

from careloop.checkin.models import CheckinLink
from careloop.checkin.services import checkin_settings_update
from careloop.checkin.testing import link_in
from careloop.episodes.testing import make_client

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def rosa(personas):
    client = make_client(personas.practice, practitioner=personas.alice, first_name="Rosa")
    client.email = "rosa@example.com"
    client.phone = "+1 (555) 010-2030"
    client.save()
    return client


def _new(alice_client, rosa, channel):
    return alice_client.post(reverse("checkin_link_new", args=[rosa.pk]), {"channel": channel})


def test_by_email(client, alice_client, smtp_server, rosa):
    response = _new(alice_client, rosa, "email")
    assert response.status_code == 302
    message = smtp_server.messages[-1]
    assert message["To"] == "rosa@example.com"
    assert message["Subject"] == "Alice's Medical Exercise: how are you feeling?"
    body = message.get_content()
    assert "Lopez" not in body  # the first name only
    assert client.get(link_in(body)).status_code == 200
    assert CheckinLink.objects.get(client=rosa).channel == "email"


def test_by_text_through_the_practices_gateway(client, alice_client, smtp_server, rosa, personas):
    checkin_settings_update(
        practice_id=personas.practice.pk,
        actor=personas.alice,
        sms_gateway_pattern="{phone}@sms.example.com",
    )
    _new(alice_client, rosa, "sms")
    envelope = smtp_server.handler.envelopes[-1]
    assert envelope.rcpt_tos == ["15550102030@sms.example.com"]
    text = smtp_server.messages[-1].get_content().strip()
    assert len(text) < 320  # two text messages at most
    assert client.get(link_in(text)).status_code == 200


def test_no_text_without_a_gateway(alice_client, smtp_server, rosa):
    response = _new(alice_client, rosa, "sms")
    assert response.status_code == 302
    page = alice_client.get(response["Location"]).content.decode()
    assert "Set your e-mail-to-SMS address in the check-in settings first." in page
    assert not CheckinLink.objects.filter(client=rosa).exists()
    assert not smtp_server.messages


def test_by_text_on_the_console_in_development(capfd, alice_client, rosa, settings):
    settings.CHECKIN_SMS_BACKEND = "console"
    _new(alice_client, rosa, "sms")
    out = capfd.readouterr().out
    assert "SMS to 15550102030:" in out
    assert "/c/" in link_in(out)


def test_as_a_printed_qr_card(client, alice_client, smtp_server, rosa):
    response = _new(alice_client, rosa, "print")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pain after a session? Scan this." in page
    url = re.search(r'<p class="ck-card-url">([^<]+)</p>', page).group(1)
    expected = segno.make(url, error="m").svg_inline(scale=5, border=2, omitsize=True)
    assert expected in page  # the QR code encodes exactly the link
    assert client.get(link_in(url)).status_code == 200
    assert not smtp_server.messages
    assert "no-store" in response["Cache-Control"]


def test_the_client_page_lists_the_links_and_revokes_them(alice_client, rosa):
    _new(alice_client, rosa, "print")
    page = alice_client.get(reverse("client_detail", args=[rosa.pk])).content.decode()
    assert "Check-in links" in page and "Printed card" in page and "active" in page
