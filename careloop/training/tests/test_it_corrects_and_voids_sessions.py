"""Issue 11, item 2: a routine session logged with the defaults has ended, so a pain report
can follow it; a wrong session is corrected (earlier version kept) or voided, with a reason,
audited without clinical values; a voided session feeds no triage, chart or letter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.services import pain_report_create
from careloop.episodes.services.reports import default_session
from careloop.testing.forms import as_post
from careloop.training.corrections import session_void
from careloop.training.models import Session, SessionRevision
from careloop.training.selectors import recent_sessions
from careloop.training.services import session_log
from careloop.training.testing import make_program, make_session

pytestmark = pytest.mark.django_db


def _log_with_defaults(alice_client, client, **changes):
    url = reverse("session_create", kwargs={"client_id": client.pk})
    response = alice_client.get(url)
    data = as_post(response.context["form"], response.context["formset"])
    data.update({"pain_before": "2", "pain_after": "2", **changes})
    response = alice_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return Session.objects.order_by("-pk").first()


def _correction_data(alice_client, client, session):
    url = reverse("session_correct", kwargs={"client_id": client.pk, "session_id": session.pk})
    response = alice_client.get(url)
    assert response.status_code == 200
    return url, as_post(response.context["reason_form"], response.context["form"]) | as_post(
        response.context["formset"]
    )


def test_it_logs_a_default_session_as_ended_so_a_pain_report_right_after_is_accepted(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice)
    session = _log_with_defaults(alice_client, client_record)
    assert session.ended_at <= timezone.now()
    report = pain_report_create(
        client=client_record,
        recorded_by=personas.alice,
        session=session,
        report=PainReportInput(pain_now=3, region="knee_right", reported_at=timezone.now()),
    )
    assert report.session_id == session.pk


def test_it_refuses_a_session_that_would_end_in_the_future(personas, client_record):
    with pytest.raises(ValidationError) as refused:
        session_log(
            client=client_record,
            actor=personas.alice,
            practitioner=personas.alice,
            started_at=timezone.now() - dt.timedelta(minutes=10),
            duration_minutes=60,
            pain_before=2,
        )
    assert "in the future" in refused.value.message_dict["started_at"][0]
    assert not Session.objects.exists()


def test_it_corrects_the_time_keeping_the_earlier_version_visible_and_audited(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice)
    session = _log_with_defaults(alice_client, client_record)
    first_start = session.started_at
    url, data = _correction_data(alice_client, client_record, session)
    earlier = timezone.localtime(first_start - dt.timedelta(hours=3))
    data.update(
        {
            "started_at": earlier.strftime("%Y-%m-%dT%H:%M"),
            "reason_kind": "wrong_time",
            "reason": "Logged at the desk three hours later",
        }
    )
    response = alice_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    session.refresh_from_db()
    assert session.started_at == earlier.replace(second=0, microsecond=0)
    assert session.ended_at == session.started_at + dt.timedelta(minutes=60)
    revision = SessionRevision.objects.get(session=session)
    assert revision.number == 1 and revision.changed_fields == ["started_at"]
    assert dt.datetime.fromisoformat(revision.data["started_at"]) == first_start
    assert [e["exercise"] for e in revision.data["exercises"]] == ["Leg press", "Step-up"]
    event = AuditEvent.objects.filter(object_type="training.session", action="update").get()
    assert event.detail == "corrected (wrong_time), revision 1 kept: started_at"
    assert "three hours" not in event.detail
    page = alice_client.get(
        reverse("session_detail", kwargs={"client_id": client_record.pk, "session_id": session.pk})
    ).content.decode()
    assert "Corrected 1 time" in page and "Earlier versions" in page
    assert "Logged at the desk three hours later" in page
    assert f"{timezone.localtime(first_start):%H:%M}" in page


def test_it_refuses_a_correction_without_a_reason_and_saves_nothing(
    personas, alice_client, client_record
):
    session = make_session(client_record, personas.alice, pain_before=3)
    url, data = _correction_data(alice_client, client_record, session)
    data.update({"pain_before": "5"})
    response = alice_client.post(url, data)
    assert response.status_code == 400
    assert "Choose why the record changes." in response.content.decode()
    session.refresh_from_db()
    assert session.pain_before == 3 and not SessionRevision.objects.exists()


def test_it_refuses_a_correction_that_puts_a_linked_report_before_the_end(
    personas, alice_client, client_record
):
    session = make_session(client_record, personas.alice, days_ago=1)
    pain_report_create(
        client=client_record,
        recorded_by=personas.alice,
        session=session,
        report=PainReportInput(
            pain_now=3, region="knee_right", reported_at=session.ended_at + dt.timedelta(hours=1)
        ),
    )
    url, data = _correction_data(alice_client, client_record, session)
    data.update({"duration_minutes": "180", "reason_kind": "wrong_value", "reason": "longer"})
    response = alice_client.post(url, data)
    assert response.status_code == 400
    assert "before this session would end" in response.content.decode()
    assert not SessionRevision.objects.exists()


def test_it_voids_a_session_so_it_feeds_no_triage_chart_or_form(
    personas, alice_client, client_record
):
    kept = make_session(client_record, personas.alice, days_ago=3)
    wrong = make_session(client_record, personas.alice, days_ago=1)
    url = reverse("session_void", kwargs={"client_id": client_record.pk, "session_id": wrong.pk})
    refused = alice_client.post(url, {"reason_kind": "duplicate", "reason": ""})
    assert refused.status_code == 400 and "Say why" in refused.content.decode()
    response = alice_client.post(url, {"reason_kind": "wrong_client", "reason": "Was Sam's"})
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.is_voided and wrong.void_reason == "Was Sam's"
    assert default_session(client_record) == kept
    assert recent_sessions(client_record, 10) == [kept]
    form = alice_client.get(
        reverse("pain_report_create", kwargs={"client_id": client_record.pk})
    ).context["form"]
    assert list(form.fields["session"].queryset) == [kept]
    with pytest.raises(ValidationError):
        pain_report_create(
            client=client_record,
            recorded_by=personas.alice,
            session=wrong,
            report=PainReportInput(pain_now=3, region="knee_right"),
        )
    event = AuditEvent.objects.get(object_type="training.session", detail__startswith="voided")
    assert event.detail == "voided (wrong_client)"
    page = alice_client.get(
        reverse("session_detail", kwargs={"client_id": client_record.pk, "session_id": wrong.pk})
    ).content.decode()
    assert "Voided" in page and "Was Sam&#x27;s" in page


def test_it_refuses_to_void_a_session_a_pain_report_follows(personas, client_record):
    session = make_session(client_record, personas.alice, days_ago=1)
    pain_report_create(
        client=client_record,
        recorded_by=personas.alice,
        report=PainReportInput(pain_now=2, region="knee_right"),
    )
    with pytest.raises(ValidationError, match="pain report follows"):
        session_void(session=session, actor=personas.alice, reason_kind="duplicate", reason="twice")
    session.refresh_from_db()
    assert not session.is_voided
