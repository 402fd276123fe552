"""Issue 11: the referrer's number for the client (e.g. MRN) and several surgeries or
procedures are entered on the referral, medications on the client; each is audited without
its clinical value and shown on the client page. Bad input is refused next to its field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.clients.models import Medication, ReferralProcedure
from careloop.clients.testing import make_client, today

pytestmark = pytest.mark.django_db


def _client(personas):
    return make_client(
        personas.practice,
        personas.alice,
        first_name="Margaret",
        last_name="Ellis",
        referral={
            "surgery_procedure": "Right total knee arthroplasty",
            "surgery_region": "knee_right",
            "surgery_date": today() - dt.timedelta(weeks=10),
        },
    )


def _referral_post(referral, **overrides):
    data = {
        "referral-source": str(referral.source_id),
        "referral-referral_date": referral.referral_date.isoformat(),
        "referral-reason": referral.reason,
        "referral-region": referral.region,
        "referral-surgery_procedure": referral.surgery_procedure,
        "referral-surgery_region": referral.surgery_region,
        "referral-surgery_date": referral.surgery_date.isoformat(),
    }
    data.update(overrides)
    return data


def test_it_records_the_referrers_client_identifier_on_the_referral(personas, alice_client):
    client = _client(personas)
    referral = client.referrals.get()
    url = reverse("referral_edit", args=[referral.pk])
    response = alice_client.post(
        url,
        _referral_post(
            referral,
            **{"referral-client_identifier_system": "MRN", "referral-client_identifier": "0012345"},
        ),
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.client_identifier_system, referral.client_identifier) == ("MRN", "0012345")
    event = AuditEvent.objects.filter(object_type="clients.referral", action="update").last()
    assert "client_identifier" in event.detail and "0012345" not in event.detail
    page = alice_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    assert "<dt>MRN</dt><dd>0012345" in page


def test_an_identifier_without_its_kind_is_refused_next_to_the_field(personas, alice_client):
    client = _client(personas)
    referral = client.referrals.get()
    response = alice_client.post(
        reverse("referral_edit", args=[referral.pk]),
        _referral_post(referral, **{"referral-client_identifier": "0012345"}),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["client_identifier_system"] == [
        'Say what kind of number the client identifier is, e.g. "MRN".'
    ]
    referral.refresh_from_db()
    assert referral.client_identifier == ""


def test_it_adds_several_procedures_to_a_referral_and_removes_one(personas, alice_client):
    client = _client(personas)
    referral = client.referrals.get()
    url = reverse("referral_procedure_create", args=[referral.pk])
    assert alice_client.get(url).status_code == 200
    for name, when in (("Arthroscopic meniscectomy", "2019-04-02"), ("Manipulation", "2025-12-01")):
        response = alice_client.post(url, {"procedure": name, "region": "knee_right", "date": when})
        assert response.status_code == 302
    procedures = list(ReferralProcedure.objects.filter(referral=referral))
    assert [p.procedure for p in procedures] == ["Arthroscopic meniscectomy", "Manipulation"]
    events = AuditEvent.objects.filter(object_type="clients.referralprocedure", action="create")
    assert events.count() == 2
    assert all("menisc" not in e.detail.lower() for e in events)
    page = alice_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    assert "Right total knee arthroplasty" in page
    assert "Arthroscopic meniscectomy, right knee, 2 Apr 2019" in page
    assert "Add another surgery or procedure" in page

    response = alice_client.post(reverse("referral_procedure_remove", args=[procedures[1].pk]))
    assert response.status_code == 302
    assert list(ReferralProcedure.objects.values_list("procedure", flat=True)) == [
        "Arthroscopic meniscectomy"
    ]
    assert AuditEvent.objects.filter(
        object_type="clients.referralprocedure", action="delete"
    ).exists()


def test_a_procedure_is_refused_field_by_field_and_nothing_saved(personas, alice_client):
    client = _client(personas)
    referral = client.referrals.get()
    response = alice_client.post(
        reverse("referral_procedure_create", args=[referral.pk]),
        {"procedure": "", "region": "", "date": "1901-01-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["procedure"] == ["Fill in “Surgery or procedure”."]
    assert errors["region"] == ["Choose “Region”."]
    assert errors["date"] == ["The procedure cannot be before the client's date of birth."]
    assert not ReferralProcedure.objects.exists()


def test_it_records_medications_on_the_client_and_marks_one_stopped(personas, alice_client):
    client = _client(personas)
    url = reverse("medication_create", args=[client.pk])
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(
        url, {"name": "Apixaban", "dose": "2.5 mg twice daily", "source": "referral"}
    )
    assert response.status_code == 302
    alice_client.post(
        url, {"name": "Paracetamol", "dose": "1 g as needed", "source": "client_reports"}
    )
    page = alice_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    assert "<strong>Apixaban</strong>, 2.5 mg twice daily" in page
    assert "Listed in the referral" in page and "The client reports it" in page
    events = AuditEvent.objects.filter(object_type="clients.medication", action="create")
    assert events.count() == 2 and all("pixaban" not in e.detail for e in events)

    paracetamol = Medication.objects.get(name="Paracetamol")
    response = alice_client.post(reverse("medication_stop", args=[paracetamol.pk]))
    assert response.status_code == 302
    paracetamol.refresh_from_db()
    assert paracetamol.stopped_at is not None
    page = alice_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    assert "<strong>Paracetamol</strong>" not in page and "<strong>Apixaban</strong>" in page


def test_a_medicine_without_a_name_is_refused(personas, alice_client):
    client = _client(personas)
    response = alice_client.post(
        reverse("medication_create", args=[client.pk]), {"name": "", "source": "client_reports"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Fill in “Medicine”."]
    assert not Medication.objects.exists()


def test_another_practice_cannot_add_to_alices_records(personas, charlie_client):
    client = _client(personas)
    referral = client.referrals.get()
    assert (
        charlie_client.post(
            reverse("medication_create", args=[client.pk]), {"name": "X", "source": "referral"}
        ).status_code
        == 404
    )
    assert (
        charlie_client.post(
            reverse("referral_procedure_create", args=[referral.pk]),
            {"procedure": "X", "region": "knee_right", "date": "2020-01-01"},
        ).status_code
        == 404
    )
    assert not Medication.objects.exists() and not ReferralProcedure.objects.exists()
