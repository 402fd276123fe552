"""Every way in builds one PainReportInput: the form, a correction, the service. The triage
record keeps the engine's input exactly as given (times in UTC, only what is known), and
results are read back typed."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from careloop.episodes.inputs import PainReportInput, form_errors
from careloop.episodes.models import PainReport
from careloop.episodes.services import pain_report_create
from careloop.episodes.testing import knee_call
from careloop.triage import MatchedRule, TriageResult

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_it_keeps_the_engine_input_in_utc_with_only_what_is_known(
    personas, knee_client, yesterday_session
):
    # A summer time in London: the stored input says it in UTC, as the engine reads it.
    called = dt.datetime(2026, 7, 1, 9, 30, tzinfo=LONDON)
    yesterday_session.started_at = called - dt.timedelta(hours=21)
    yesterday_session.ended_at = called - dt.timedelta(hours=20)
    yesterday_session.save()
    report = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(reported_at=called)),
    )
    stored = report.triage_record.input
    assert stored["report"] == {
        "reported_at": "2026-07-01T08:30:00Z",
        "source": "client_call",
        "pain_now": 7,
        "region": "knee_right",
        "character": ["throbbing"],
        "trend": "unchanged",
        "at_rest": False,
        "at_night": False,
        "swelling": "none",
        "limp_or_giving_way": False,
        "numbness_or_tingling": False,
        "adl_limitation": "none",
        "red_flags": [],
    }
    assert stored["session"] == {
        "ended_at": "2026-06-30T12:30:00Z",
        "pain_before": yesterday_session.pain_before,
        "pain_during_max": yesterday_session.pain_during_max,
        "pain_after": yesterday_session.pain_after,
    }
    # No history yet, and no empty parts: the keys are those the record knows.
    assert set(stored) <= {"report", "session", "client"}
    assert "history" not in stored


def test_it_reads_the_stored_result_back_typed(personas, knee_client, yesterday_session):
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    assert isinstance(record.triage_result, TriageResult)
    assert all(isinstance(rule, MatchedRule) for rule in record.matched_rules)
    assert {rule.id for rule in record.matched_rules} == {"H2", "M1", "M3"}


def test_a_stored_report_gives_back_the_input_it_was_made_from(
    personas, knee_client, yesterday_session
):
    given = PainReportInput(
        **knee_call(red_flags=["fever_or_chills"], trend="unchanged", not_asked=["trend"])
    )
    report = pain_report_create(client=knee_client, recorded_by=personas.alice, report=given)
    assert PainReport.objects.get(pk=report.pk).as_input() == given


def test_it_refuses_a_time_without_a_zone_or_an_unknown_code():
    with pytest.raises(PydanticValidationError) as caught:
        PainReportInput(
            pain_now=11,
            region="knee_right",
            red_flags=["nope"],
            reported_at=dt.datetime(2026, 1, 1),
        )
    errors = form_errors(caught.value, {"pain_now", "region", "red_flags", "reported_at"})
    assert errors["pain_now"] == ["This answer must be an integer from 0 to 10."]
    assert errors["reported_at"][0].startswith("This answer has no UTC offset")
    assert errors["red_flags"][0].startswith('This answer is an unknown red flag "nope"')
    assert "region" not in errors


def test_the_form_shows_the_input_s_own_refusal_next_to_the_field(
    alice_client, knee_client, yesterday_session
):
    """A pain character ticked twice (a crafted request) passes Django's field but not the
    typed input: the message stands next to the field and nothing is saved."""
    url = reverse("pain_report_create", args=[knee_client.pk])
    response = alice_client.post(
        url,
        {
            "pain_now": "3",
            "region": "knee_right",
            "character": ["throbbing", "throbbing"],
            "trend": "unchanged",
            "swelling": "none",
            "adl_limitation": "none",
            "session": str(yesterday_session.pk),
            "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "source": "client_call",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["character"] == ['This answer lists "throbbing" more than once.']
    assert not PainReport.objects.exists()


def test_a_time_with_no_instant_in_utc_is_refused_by_the_input():
    """RFC 3339 allows offsets to ±23:59, so this is valid text for an instant before year 1:
    refused by name rather than overflowing when the engine compares times."""
    with pytest.raises(PydanticValidationError) as caught:
        PainReportInput(pain_now=3, region="knee_right", reported_at="0001-01-01T00:00:00+01:00")
    errors = form_errors(caught.value, {"pain_now", "region", "reported_at"})
    assert "outside years 1 to 9999" in errors["reported_at"][0]


def test_the_form_refuses_a_report_dated_before_the_client_was_born(
    alice_client, knee_client, yesterday_session
):
    url = reverse("pain_report_create", args=[knee_client.pk])
    born = knee_client.date_of_birth
    response = alice_client.post(
        url,
        {
            "pain_now": "3",
            "region": "knee_right",
            "trend": "unchanged",
            "swelling": "none",
            "adl_limitation": "none",
            "session": "",
            "reported_at": f"{born.year - 1}-06-01T10:00",
            "source": "client_call",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reported_at"] == [
        "The report time is before the client was born: check the year."
    ]
    assert not PainReport.objects.exists()
