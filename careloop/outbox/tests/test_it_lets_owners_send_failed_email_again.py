"""Owners see what could not be sent, with the reason, and send it again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.testing import _failed_email


@pytest.mark.django_db
def test_owners_see_failed_email_with_the_reason_and_send_it_again(
    personas, alice_client, smtp_server, django_assert_max_num_queries
):
    email_id = _failed_email(personas)
    smtp_server.messages.clear()
    with django_assert_max_num_queries(14):
        page = alice_client.get(reverse("outbox_list"))
    assert page.status_code == 200
    assert b"Refused: 550" in page.content and b"someone@example.com" in page.content
    assert AuditEvent.objects.filter(
        actor=personas.alice, action="view", object_type="outbox.outgoingemail"
    ).exists()
    response = alice_client.post(reverse("outbox_retry", args=[email_id]))
    assert response.status_code == 302
    email = OutgoingEmail.objects.get(pk=email_id)
    assert email.status == "sent" and email.error == ""
    assert [m["Message-ID"] for m in smtp_server.messages] == [email.message_id]
    assert AuditEvent.objects.filter(
        actor=personas.alice, action="send", object_id=str(email_id)
    ).exists()


@pytest.mark.django_db
def test_a_practitioner_cannot_list_or_retry(personas, bob_client):
    email_id = _failed_email(personas)
    assert bob_client.get(reverse("outbox_list")).status_code == 403
    assert bob_client.post(reverse("outbox_retry", args=[email_id])).status_code == 403
    assert OutgoingEmail.objects.get(pk=email_id).status == "failed"


@pytest.mark.django_db
def test_only_a_failed_email_can_be_sent_again(personas, alice_client, smtp_server):
    email_id = _failed_email(personas)
    smtp_server.messages.clear()
    alice_client.post(reverse("outbox_retry", args=[email_id]))
    again = alice_client.post(reverse("outbox_retry", args=[email_id]), follow=True)
    assert b"Only a failed e-mail can be sent again." in again.content
    assert len(smtp_server.messages) == 1
