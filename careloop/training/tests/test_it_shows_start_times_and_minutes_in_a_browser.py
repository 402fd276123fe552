"""At phone and desktop width: the session page shows a timed exercise in minutes (it read
"-600 s"), and the pain report's recommendation names its session by its start time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from careloop.episodes.inputs import PainReportInput
from careloop.episodes.services import pain_report_create
from careloop.episodes.testing import knee_call
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.training.exercise_library import exercise_library_ensure
from careloop.training.models import Exercise, SessionExercise
from careloop.training.services import session_log
from careloop.training.testing import make_client

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_session_and_recommendation_pages(personas, page_factory, viewport, label):
    client = make_client(personas.practice)
    exercise_library_ensure(practice=personas.practice)
    started = timezone.localtime(timezone.now(), personas.practice.tz).replace(
        second=0, microsecond=0
    ) - dt.timedelta(hours=3)
    session = session_log(
        client=client,
        actor=personas.alice,
        practitioner=personas.alice,
        started_at=started,
        duration_minutes=55,
        pain_before=2,
        pain_after=3,
    )
    SessionExercise.objects.create(
        practice=personas.practice,
        session=session,
        exercise=Exercise.objects.get(practice=personas.practice, name="Stationary bike"),
        order=1,
        sets=[],
        duration_seconds=600,
    )
    report = pain_report_create(
        client=client,
        recorded_by=personas.alice,
        session=session,
        report=PainReportInput(**knee_call()),
    )
    page = page_factory(personas.alice, viewport)
    page.goto(f"/clients/{client.pk}/sessions/{session.pk}/")
    bike = page.get_by_role("row", name="Stationary bike")
    expect(bike.get_by_role("cell", name="10 min", exact=True)).to_be_visible()
    expect(page.get_by_text("600")).to_have_count(0)
    assert not scrolls_sideways(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"daily-session-detail-{label}.png"), full_page=True)

    page.goto(f"/triage/{report.triage_record.pk}/")
    expect(
        page.get_by_text(f"started {started:%a} {started.day} {started:%b, %H:%M}, 55 min")
    ).to_be_visible()
    assert not scrolls_sideways(page)
    page.screenshot(path=str(ARTIFACTS / f"daily-recommendation-{label}.png"), full_page=True)
