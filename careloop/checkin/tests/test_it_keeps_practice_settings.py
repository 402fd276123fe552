"""A practice's owner sets the emergency number clients are told to call, the morning-after
check-in and the e-mail-to-SMS address; the client's screens use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.checkin.models import CheckinSettings
from careloop.checkin.testing import SCENARIOS, answers

pytestmark = pytest.mark.django_db


def test_the_owner_sets_the_emergency_number_the_client_is_told(
    client, alice_client, link_and_token
):
    _, token = link_and_token
    response = alice_client.post(
        reverse("checkin_settings"),
        {"emergency_number": "112", "sms_gateway_pattern": "", "morning_after": "on"},
    )
    assert response.status_code == 302
    settings = CheckinSettings.objects.get()
    assert settings.emergency_number == "112" and settings.morning_after
    assert AuditEvent.objects.filter(object_type="checkin.checkinsettings").exists()
    page = client.post(reverse("checkin_page", args=[token]), answers(**SCENARIOS["emergency"]))
    assert 'href="tel:112"' in page.content.decode()
    assert "Call 112 now" in page.content.decode()


def test_a_gateway_address_without_the_number_is_refused(alice_client, personas):
    response = alice_client.post(
        reverse("checkin_settings"),
        {"emergency_number": "911", "sms_gateway_pattern": "texts@sms.example.com"},
    )
    assert response.status_code == 200
    assert "Put {phone} where the mobile number goes" in response.content.decode()
    assert CheckinSettings.objects.get().sms_gateway_pattern == ""


def test_only_an_owner_changes_them(bob_client):
    response = bob_client.post(reverse("checkin_settings"), {"emergency_number": "0"})
    assert response.status_code == 403
