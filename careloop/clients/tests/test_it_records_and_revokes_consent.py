from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.clients import selectors, services
from careloop.clients.models import Consent
from careloop.clients.testing import make_client, today

pytestmark = pytest.mark.django_db


def test_consent_is_current_between_given_and_expiry(personas):
    client = make_client(personas.practice, personas.alice, consent=False)
    assert not selectors.consent_is_current(client)
    given = today() - dt.timedelta(days=10)
    services.consent_record(
        client=client,
        actor=personas.alice,
        given_on=given,
        expires_on=today() + dt.timedelta(days=20),
        scope="Sessions",
    )
    assert selectors.consent_is_current(client)
    assert selectors.consent_is_current(client, on=given)
    assert not selectors.consent_is_current(client, on=given - dt.timedelta(days=1))
    assert selectors.consent_is_current(client, on=today() + dt.timedelta(days=20))
    assert not selectors.consent_is_current(client, on=today() + dt.timedelta(days=21))
    assert selectors.consent_status(client, on=today() + dt.timedelta(days=21)).state == "expired"


def test_revoking_ends_it_and_is_audited(personas, alice_client):
    client = make_client(personas.practice, personas.alice)
    consent = client.consents.get()
    assert selectors.current_consent(client) == consent
    url = reverse("consent_revoke", args=[consent.pk])
    assert "Revoke this consent" in alice_client.get(url).content.decode()
    assert Consent.objects.get().revoked_at is None  # GET only asks
    response = alice_client.post(url)
    assert response.status_code == 302
    assert not selectors.consent_is_current(client)
    assert selectors.current_consent(client) is None
    assert selectors.consent_status(client).state == "revoked"
    assert AuditEvent.objects.filter(
        object_type="clients.consent", action="update", detail="revoked"
    ).exists()
    # Revoking twice says so instead of failing.
    alice_client.post(url)
    assert AuditEvent.objects.filter(detail="revoked").count() == 1


def test_recording_a_consent_through_the_page(personas, alice_client):
    client = make_client(personas.practice, personas.alice, consent=False)
    url = reverse("consent_create", args=[client.pk])
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(
        url,
        {"given_on": str(today()), "scope": "Everything, with Dr X", "expires_on": ""},
    )
    assert response.status_code == 302
    consent = client.consents.get()
    assert consent.recorded_by == personas.alice
    assert consent.expires_on is None
    assert selectors.consent_is_current(client)


def test_a_bad_consent_is_refused_next_to_the_field(personas, alice_client):
    client = make_client(personas.practice, personas.alice, consent=False)
    response = alice_client.post(
        reverse("consent_create", args=[client.pk]),
        {
            "given_on": str(today()),
            "scope": "x",
            "expires_on": str(today() - dt.timedelta(days=1)),
        },
    )
    assert response.status_code == 200
    assert 'id="id_expires_on_error"' in response.content.decode()
    assert not Consent.objects.exists()


def test_a_new_referral_becomes_the_current_one(personas, alice_client):
    client = make_client(personas.practice, personas.alice)
    first = selectors.current_referral(client)
    url = reverse("referral_create", args=[client.pk])
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(
        url,
        {
            "referral-source": str(first.source_id),
            "referral-referral_date": str(today()),
            "referral-reason": "New: L shoulder pain, please include shoulder work",
            "referral-region": "shoulder_left",
        },
    )
    assert response.status_code == 302
    current = selectors.current_referral(client)
    assert current != first
    assert current.region == "shoulder_left"
    assert len(selectors.client_referrals(client)) == 2


def test_correcting_a_referral_audits_the_changed_fields(personas, alice_client):
    client = make_client(personas.practice, personas.alice)
    referral = selectors.current_referral(client)
    response = alice_client.post(
        reverse("referral_edit", args=[referral.pk]),
        {
            "referral-source": str(referral.source_id),
            "referral-referral_date": str(referral.referral_date),
            "referral-reason": referral.reason,
            "referral-region": "knee_left",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.region == "knee_left"
    event = AuditEvent.objects.get(object_type="clients.referral", action="update")
    assert event.detail == "fields: region"
