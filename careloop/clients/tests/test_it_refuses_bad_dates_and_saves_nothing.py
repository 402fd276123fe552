"""Bad input: an error next to the field, and nothing saved."""

from __future__ import annotations

import datetime as dt
from html import unescape as html_unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.clients import services
from careloop.clients.models import Client, Consent, Referral
from careloop.clients.testing import make_client, make_source, today

pytestmark = pytest.mark.django_db


def _form_data(source, **overrides):
    data = {
        "client-first_name": "Margaret",
        "client-last_name": "Ellis",
        "client-date_of_birth": "1955-03-14",
        "client-sex": "female",
        "client-phone": "07700 900101",
        "referral-source": str(source.pk),
        "referral-referral_date": str(today() - dt.timedelta(days=3)),
        "referral-reason": "S/P R TKA 6/52, please progress strengthening",
        "referral-diagnosis": "R TKR",
        "referral-region": "knee_right",
        "referral-surgery_procedure": "Total knee replacement",
        "referral-surgery_region": "knee_right",
        "referral-surgery_date": str(today() - dt.timedelta(days=42)),
        "referral-precautions": "No kneeling for 12 weeks",
        "referral-valid_until": str(today() + dt.timedelta(days=60)),
        "referral-visits_authorised": "12",
        "consent-given_on": str(today()),
        "consent-scope": "Sessions and pain, with the referrer",
        "consent-expires_on": str(today() + dt.timedelta(days=365)),
    }
    data.update(overrides)
    return data


def test_the_form_creates_client_referral_and_consent_together(personas, alice_client):
    source = make_source(personas.practice, personas.alice)
    response = alice_client.post(reverse("client_create"), _form_data(source))
    assert response.status_code == 302, response.content.decode()[:2000]
    client = Client.objects.get(last_name="Ellis")
    assert response["Location"] == reverse("client_detail", args=[client.pk])
    referral = client.referrals.get()
    assert referral.source == source
    assert referral.precautions == "No kneeling for 12 weeks"
    assert referral.surgery_date == today() - dt.timedelta(days=42)
    consent = client.consents.get()
    assert consent.recorded_by == personas.alice
    assert consent.is_current()
    actions = set(AuditEvent.objects.filter(action="create").values_list("object_type", flat=True))
    assert {"clients.client", "clients.referral", "clients.consent"} <= actions


def test_consent_may_be_left_for_later(personas, alice_client):
    source = make_source(personas.practice, personas.alice)
    data = _form_data(
        source, **{"consent-given_on": "", "consent-scope": "", "consent-expires_on": ""}
    )
    assert alice_client.post(reverse("client_create"), data).status_code == 302
    assert not Consent.objects.exists()


# Resolved when the test runs, not when it is collected (a run may cross midnight).
TOMORROW = "<tomorrow>"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"client-date_of_birth": TOMORROW}, "client-date_of_birth", "cannot be in the future"),
        ({"client-date_of_birth": "1880-01-01"}, "client-date_of_birth", "more than 120 years"),
        (
            {"referral-surgery_date": "1950-01-01"},
            "referral-surgery_date",
            "before the client's date of birth",
        ),
        ({"referral-referral_date": TOMORROW}, "referral-referral_date", "cannot be in the future"),
        (
            {"referral-valid_until": str(today() - dt.timedelta(days=30))},
            "referral-valid_until",
            "cannot end before the referral date",
        ),
        (
            {"consent-expires_on": str(today() - dt.timedelta(days=1))},
            "consent-expires_on",
            "before the date consent was given",
        ),
        ({"consent-given_on": TOMORROW}, "consent-given_on", "in the future"),
        ({"consent-scope": ""}, "consent-scope", "what may be shared"),
        ({"referral-surgery_region": ""}, "referral-surgery_region", "region operated on"),
        ({"referral-source": ""}, "referral-source", "Choose who referred"),
        ({"referral-reason": ""}, "referral-reason", "Fill in “Reason for referral”."),
        (
            {"referral-visits_authorised": "-2"},
            "referral-visits_authorised",
            "Enter at least 0 for “Visits authorised”.",
        ),
        ({"client-first_name": ""}, "client-first_name", "Fill in “First name”."),
    ],
)
def test_it_puts_the_error_next_to_the_field_and_saves_nothing(
    personas, alice_client, overrides, field, message
):
    source = make_source(personas.practice, personas.alice)
    events_before = AuditEvent.objects.count()
    tomorrow = str(today() + dt.timedelta(days=1))
    overrides = {k: tomorrow if v == TOMORROW else v for k, v in overrides.items()}
    response = alice_client.post(reverse("client_create"), _form_data(source, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    # The error is rendered right after its own field (the _field.html error id).
    field_id = "source" if field == "referral-source" else f"id_{field}"
    assert f'id="{field_id}_error"' in html, html[:500]
    error_at = html.index(f'id="{field_id}_error"')
    assert message in html_unescape(html[error_at : error_at + 300])
    assert not Client.objects.exists()
    assert not Referral.objects.exists()
    assert not Consent.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_another_practices_source_cannot_be_picked(personas, alice_client):
    foreign = make_source(personas.other_practice, personas.charlie)
    source = make_source(personas.practice, personas.alice)
    response = alice_client.post(
        reverse("client_create"), _form_data(source, **{"referral-source": str(foreign.pk)})
    )
    assert response.status_code == 200
    assert not Client.objects.exists()


def test_services_refuse_the_same_bad_input(personas):
    source = make_source(personas.practice, personas.alice)
    with pytest.raises(ValidationError) as caught:
        make_client(
            personas.practice,
            personas.alice,
            source=source,
            date_of_birth=today() + dt.timedelta(days=2),
        )
    assert "date_of_birth" in caught.value.message_dict
    client = make_client(personas.practice, personas.alice, source=source)
    with pytest.raises(ValidationError) as caught:
        services.consent_record(
            client=client,
            actor=personas.alice,
            given_on=today(),
            expires_on=today() - dt.timedelta(days=1),
            scope="x",
        )
    assert "expires_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.referral_create(
            client=client,
            actor=personas.alice,
            source=make_source(personas.other_practice, personas.charlie),
            referral_date=today(),
            reason="x",
        )
    assert Client.objects.count() == 1


def test_changing_the_birth_date_to_after_the_surgery_is_refused(personas, alice_client):
    client = make_client(
        personas.practice,
        personas.alice,
        referral={
            "surgery_procedure": "ACL reconstruction",
            "surgery_region": "knee_right",
            "surgery_date": dt.date(2000, 5, 1),
        },
    )
    response = alice_client.post(
        reverse("client_edit", args=[client.pk]),
        {
            "first_name": client.first_name,
            "last_name": client.last_name,
            "date_of_birth": "2001-01-01",
            "sex": client.sex,
        },
    )
    assert response.status_code == 200
    assert "dated before this" in response.content.decode()
    client.refresh_from_db()
    assert client.date_of_birth == dt.date(1960, 1, 1)


def test_editing_a_client_saves_and_audits_the_changed_fields(personas, alice_client):
    client = make_client(personas.practice, personas.alice)
    response = alice_client.post(
        reverse("client_edit", args=[client.pk]),
        {
            "first_name": client.first_name,
            "last_name": "Newname",
            "date_of_birth": "1960-01-01",
            "sex": client.sex,
            "phone": "07700 900999",
        },
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.last_name == "Newname"
    event = AuditEvent.objects.filter(object_type="clients.client", action="update").get()
    assert event.detail == "fields: last_name,phone"
    assert "Newname" not in event.detail
