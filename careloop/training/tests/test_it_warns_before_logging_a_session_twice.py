"""Issue 11: logging a session of the same client at the same start time warns and saves
nothing until a person confirms it is another session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.testing.forms import as_post
from careloop.training.duplicates import DuplicateSession
from careloop.training.models import Session
from careloop.training.services import session_log
from careloop.training.testing import make_client, make_program

pytestmark = pytest.mark.django_db


def _form_data(alice_client, client):
    response = alice_client.get(reverse("session_create", kwargs={"client_id": client.pk}))
    data = as_post(response.context["form"], response.context["formset"])
    data["pain_before"] = "2"
    return data


def test_the_second_identical_post_warns_and_saves_nothing(personas, alice_client, client_record):
    make_program(client_record, personas.alice)
    data = _form_data(alice_client, client_record)
    url = reverse("session_create", kwargs={"client_id": client_record.pk})
    assert alice_client.post(url, data).status_code == 302
    first = Session.objects.get()
    response = alice_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "already has a session starting" in page and "Nothing has been saved" in page
    assert (
        reverse("session_detail", kwargs={"client_id": client_record.pk, "session_id": first.pk})
        in page
    )
    assert 'name="log_anyway"' in page
    assert Session.objects.count() == 1


def test_confirming_logs_the_second_session_and_audits_the_confirmation(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice)
    data = _form_data(alice_client, client_record)
    url = reverse("session_create", kwargs={"client_id": client_record.pk})
    alice_client.post(url, data)
    assert alice_client.post(url, {**data, "log_anyway": "1"}).status_code == 302
    assert Session.objects.count() == 2
    second = Session.objects.order_by("-pk").first()
    event = AuditEvent.objects.get(
        object_id=str(second.pk), action="create", object_type="training.session"
    )
    assert "same time" in event.detail


def _log(client, personas, started_at, **extra):
    return session_log(
        client=client,
        actor=personas.alice,
        practitioner=personas.alice,
        started_at=started_at,
        duration_minutes=45,
        pain_before=2,
        **extra,
    )


def test_the_service_matches_the_same_minute_only(personas, client_record):
    start = timezone.now().replace(second=10, microsecond=0) - dt.timedelta(hours=3)
    first = _log(client_record, personas, start)
    with pytest.raises(DuplicateSession) as caught:
        _log(client_record, personas, start.replace(second=40))
    assert caught.value.existing == first
    assert _log(client_record, personas, start + dt.timedelta(minutes=1)).pk


def test_a_voided_session_or_another_client_is_no_duplicate(personas, client_record):
    start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=3)
    voided = _log(client_record, personas, start)
    Session.objects.filter(pk=voided.pk).update(voided_at=timezone.now(), voided_by=personas.alice)
    assert _log(client_record, personas, start).pk
    other = make_client(personas.practice, first="Other", last="Person")
    assert _log(other, personas, start).pk
