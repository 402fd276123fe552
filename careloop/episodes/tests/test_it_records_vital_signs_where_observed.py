"""Issue 11: vital signs (heart rate, blood pressure, SpO2) are recorded where they are
observed, with a session or with a pain report; implausible numbers are refused next to
their field in whole sentences, nothing is saved, and the audit trail names which
measurements were taken, never their values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.episodes.testing import held_report
from careloop.episodes.vitals import VitalSigns

pytestmark = pytest.mark.django_db


def _at(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_it_records_vitals_with_a_pain_report_and_shows_them_on_the_episode(personas, alice_client):
    report = held_report(personas)
    url = reverse("pain_report_vitals_create", args=[report.pk])
    page = alice_client.get(url)
    assert page.status_code == 200
    # The form starts at the time of the report.
    assert _at(report.reported_at) in page.content.decode()
    response = alice_client.post(
        url,
        {
            "measured_at": _at(report.reported_at),
            "heart_rate": "112",
            "systolic": "150",
            "diastolic": "90",
            "spo2": "94",
            "context": "at rest, seated",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/episodes/{report.episode_id}/#vitals")
    vitals = VitalSigns.objects.get()
    assert vitals.pain_report == report and vitals.session is None
    assert (vitals.heart_rate, vitals.systolic, vitals.diastolic, vitals.spo2) == (112, 150, 90, 94)
    event = AuditEvent.objects.get(object_type="episodes.vitalsigns", action="create")
    assert event.detail == "with pain report; measured: heart_rate,systolic,diastolic,spo2"
    assert not any(n in event.detail for n in ("112", "150", "94"))
    episode_page = alice_client.get(reverse("episode_detail", args=[report.episode_id]))
    text = episode_page.content.decode()
    assert "Vital signs measured" in text
    assert "Heart rate 112/min · Blood pressure 150/90 mmHg · SpO2 94%" in text


def test_it_records_vitals_with_a_session_and_shows_them_there(personas, alice_client):
    report = held_report(personas)
    session = report.session
    url = reverse("session_vitals_create", args=[report.client_id, session.pk])
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(url, {"measured_at": _at(session.ended_at), "heart_rate": "96"})
    assert response.status_code == 302
    vitals = VitalSigns.objects.get()
    assert vitals.session == session and vitals.pain_report is None
    page = alice_client.get(reverse("session_detail", args=[report.client_id, session.pk]))
    assert "Heart rate 96/min" in page.content.decode()
    event = AuditEvent.objects.get(object_type="episodes.vitalsigns", action="create")
    assert event.detail == "with session; measured: heart_rate"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"heart_rate": "1200"},
            "heart_rate",
            "A heart rate of 1200/min is outside the plausible range (20 to 250/min): "
            "check the number.",
        ),
        (
            {"systolic": "350", "diastolic": "80"},
            "systolic",
            "A systolic pressure of 350 mmHg is outside the plausible range (50 to 300 mmHg): "
            "check the number.",
        ),
        (
            {"systolic": "120"},
            "diastolic",
            "Give both blood pressure numbers (systolic and diastolic), or neither.",
        ),
        (
            {"systolic": "80", "diastolic": "120"},
            "diastolic",
            "The diastolic pressure must be lower than the systolic: check the order.",
        ),
        (
            {"spo2": "101"},
            "spo2",
            "An SpO2 of 101% is outside the plausible range (50 to 100%): check the number.",
        ),
        (
            {"context": "at rest"},
            "heart_rate",
            "Enter at least one measurement: heart rate, blood pressure or SpO2.",
        ),
        ({"heart_rate": "-5"}, "heart_rate", "Enter at least 0 for “Heart rate”."),
    ],
)
def test_implausible_vitals_are_refused_next_to_the_field(
    personas, alice_client, data, field, message
):
    report = held_report(personas)
    response = alice_client.post(
        reverse("pain_report_vitals_create", args=[report.pk]),
        {"measured_at": _at(report.reported_at), **data},
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()  # shown, next to the field
    assert not VitalSigns.objects.exists()


def test_vitals_in_the_future_are_refused(personas, alice_client):
    report = held_report(personas)
    response = alice_client.post(
        reverse("pain_report_vitals_create", args=[report.pk]),
        {"measured_at": _at(timezone.now() + dt.timedelta(hours=2)), "heart_rate": "80"},
    )
    assert response.context["form"].errors["measured_at"] == [
        "The time measured cannot be in the future."
    ]
    assert not VitalSigns.objects.exists()


def test_another_practice_cannot_record_vitals_on_alices_report(personas, charlie_client):
    report = held_report(personas)
    response = charlie_client.post(
        reverse("pain_report_vitals_create", args=[report.pk]),
        {"measured_at": _at(report.reported_at), "heart_rate": "80"},
    )
    assert response.status_code == 404
    assert not VitalSigns.objects.exists()
