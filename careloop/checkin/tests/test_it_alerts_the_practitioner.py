"""An emergency or hold from a check-in alerts the practitioner at once: an e-mail with no
clinical detail, and the report at the top of the dashboard as "needs decision" until
decided (then the usual decision, hold and letter flow)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.checkin.testing import SCENARIOS, answers
from careloop.episodes.models import PainReport
from careloop.episodes.services import decision_record

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.mark.parametrize("screen", ["emergency", "hold", "see_a_doctor"])
def test_it_emails_and_tops_the_dashboard(
    client, alice_client, smtp_server, link_and_token, screen
):
    link, token = link_and_token
    client.post(reverse("checkin_page", args=[token]), answers(**SCENARIOS[screen]))
    alerts = [m for m in smtp_server.messages if m["To"] == "alice@example.com"]
    assert len(alerts) == 1
    body = alerts[0].get_content()
    record = PainReport.objects.get(client=link.client).triage_record
    assert reverse("recommendation", args=[record.pk]) in body
    assert "R.L." in body
    assert "Rosa" not in body and "Lopez" not in body and "knee" not in body.lower()
    assert ("URGENT" in alerts[0]["Subject"]) == (screen != "hold")
    dashboard = alice_client.get(reverse("dashboard")).content.decode()
    top = dashboard.index("Client check-ins")
    assert top < dashboard.index("Needs attention now")
    assert "needs decision" in dashboard[top : dashboard.index("Needs attention now")]
    assert "Rosa Lopez" in dashboard[top : dashboard.index("Needs attention now")]
    decision_record(triage_record=record, decided_by=link.responsible, chosen_action=record.action)
    assert "Client check-ins" not in alice_client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("screen", ["continue", "modify"])
def test_a_routine_answer_sends_no_alert(client, alice_client, smtp_server, link_and_token, screen):
    _, token = link_and_token
    client.post(reverse("checkin_page", args=[token]), answers(**SCENARIOS[screen]))
    assert not smtp_server.messages
    assert "Client check-ins" not in alice_client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize(
    ("screen", "care"),
    [
        ("emergency", "call emergency services"),
        ("emergency_department", "go to an emergency department"),
        ("see_a_doctor", "see a doctor the same day"),
    ],
)
def test_an_emergency_alert_names_the_care_setting(
    client, alice_client, smtp_server, link_and_token, screen, care
):
    """Issue 11: as the SBAR does, never "send for urgent care"."""
    _, token = link_and_token
    client.post(reverse("checkin_page", args=[token]), answers(**SCENARIOS[screen]))
    [alert] = [m for m in smtp_server.messages if m["To"] == "alice@example.com"]
    body = " ".join(alert.get_content().split())
    assert f"was triaged as an emergency: {care}." in body
    assert "urgent care" not in body.lower()
    dashboard = alice_client.get(reverse("dashboard")).content.decode()
    assert f"Emergency: {care}" in dashboard
