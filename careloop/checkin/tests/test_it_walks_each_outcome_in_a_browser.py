"""Each screen a client can be shown, walked in the browser at phone width: from the link
e-mailed through the real SMTP server, through the questions (by tapping, no JavaScript
needed), to what the client is told, and on to the practitioner's dashboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from careloop.checkin.models import CheckinLink
from careloop.checkin.questions import RED_FLAG_QUESTIONS
from careloop.checkin.services import checkin_link_create
from careloop.checkin.testing import link_in
from careloop.clients.models import Client
from careloop.episodes.models import PainReport
from careloop.episodes.testing import make_client, make_session
from careloop.testing.axe import serious_violations
from careloop.testing.browser import PHONE, scrolls_sideways

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
# A 360 px phone at 200 % zoom lays the page out 180 CSS pixels wide.
ZOOMED = {"width": 180, "height": 390}

# What the client taps beyond "No" everywhere (the warning signs by their code).
TAPS = {
    "continue": {},
    "modify": {"swelling": "A little swelling"},
    "hold": {"pain_now": "7"},
    "emergency": {"flags": ["chest_pain_or_pressure"]},
    "emergency_department": {"flags": ["dark_urine"]},
    "see_a_doctor": {"flags": ["cannot_bear_weight"]},
}
HEADINGS = {
    "continue": "Thank you, Rosa",
    "modify": "Thank you, Rosa",
    "hold": "Please pause your exercises",
    "emergency": "Call 911 now",
    "emergency_department": "Go to an emergency department now",
    "see_a_doctor": "See a doctor today",
}
ALERTED = {"hold", "emergency", "emergency_department", "see_a_doctor"}


def _emailed_link(personas, smtp_server) -> str:
    client = make_client(personas.practice, practitioner=personas.alice, first_name="Rosa")
    client.email = "rosa@example.com"
    client.save()
    source = client.referrals.get().source
    source.phone = "020 7946 0000"
    source.save()
    make_session(client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    checkin_link_create(
        client=client,
        kind=CheckinLink.Kind.STANDING,
        channel=CheckinLink.Channel.EMAIL,
        responsible=personas.alice,
        actor=personas.alice,
    )
    message = next(m for m in smtp_server.messages if m["To"] == "rosa@example.com")
    return link_in(message.get_content())


def _tap(page, question: str, answer: str) -> None:
    page.locator(f"#q-{question} label", has_text=answer).first.click()


def _answer(page, screen: str) -> int:
    """Answer the form by tapping as a client would; returns the number of taps."""
    taps = TAPS[screen]
    flags = set(taps.get("flags", []))
    steps = [
        ("pain_now", taps.get("pain_now", "2")),
        ("trend", "Getting better"),
        ("swelling", taps.get("swelling", "No swelling")),
        ("adl_limitation", "Everything I usually do"),
        ("at_rest", "No"),
        ("at_night", "No"),
        ("limp_or_giving_way", "No"),
        ("numbness_or_tingling", "No"),
        *[(f"flag_{code}", "Yes" if code in flags else "No") for code in RED_FLAG_QUESTIONS],
    ]
    for question, answer in steps:
        if question == "pain_now":
            page.locator(f"#q-{question} label").get_by_text(answer, exact=True).click()
        else:
            _tap(page, question, answer)
    return len(steps) + 1  # and "Send my answers"


@pytest.mark.parametrize("screen", list(TAPS))
def test_each_outcome_from_the_emailed_link_to_the_dashboard(
    page_factory, personas, live_server, smtp_server, screen
):
    path = _emailed_link(personas, smtp_server)
    page = page_factory(None, PHONE)
    page.goto(path)
    page.get_by_role("heading", name="Hello Rosa").wait_for()
    assert page.get_by_label("Where is the pain?").input_value() == "knee_right"
    assert not scrolls_sideways(page)
    if screen == "continue":
        assert serious_violations(page) == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "checkin-form-360.png"), full_page=True)
    taps = _answer(page, screen)
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name=HEADINGS[screen]).wait_for()
    assert not scrolls_sideways(page)
    assert serious_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"checkin-outcome-{screen}-360.png"), full_page=True)
    if screen == "continue":
        assert taps == 27  # the routine "feeling fine" check-in, counted in the report
    if screen == "emergency":
        call = page.get_by_role("link", name="Tap to call 911")
        assert call.get_attribute("href") == "tel:911"
        assert page.get_by_text("We have told your trainer.").is_visible()
    if screen == "see_a_doctor":
        assert page.get_by_text("Dr Priya Natarajan").is_visible()
        assert page.get_by_role("link", name="Call 020 7946 0000").is_visible()
    if screen in ("continue", "modify"):
        assert page.get_by_role("heading", name="Normal soreness after exercise").is_visible()
    assert "diagnos" not in page.locator("main").inner_text().replace("not a diagnosis", "")

    report = PainReport.objects.get(client__first_name="Rosa")
    assert report.source == "check_in_link"
    alerts = [m for m in smtp_server.messages if m["To"] == "alice@example.com"]
    assert len(alerts) == (1 if screen in ALERTED else 0)

    desk = page_factory(personas.alice, PHONE)
    desk.goto("/")
    desk.get_by_role("heading", name="Needs attention now").wait_for()
    if screen in ALERTED:
        section = desk.locator(".ck-dash")
        assert section.get_by_text("Rosa Lopez", exact=True).is_visible()
        assert section.get_by_text("needs decision").is_visible()
        assert not scrolls_sideways(desk)
        desk.screenshot(path=str(ARTIFACTS / f"checkin-dashboard-{screen}-360.png"), full_page=True)
        section.get_by_role("link", name="Decide on the check-in of Rosa Lopez").click()
        desk.wait_for_url(f"**/triage/{report.triage_record.pk}/")
    else:
        assert desk.get_by_text("pain report triaged, no decision yet").is_visible()


def test_the_form_and_an_outcome_work_at_200_percent_zoom(
    page_factory, personas, live_server, smtp_server
):
    path = _emailed_link(personas, smtp_server)
    page = page_factory(None, ZOOMED)
    page.goto(path)
    page.get_by_role("heading", name="Hello Rosa").wait_for()
    assert not scrolls_sideways(page)
    _answer(page, "emergency")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Call 911 now").wait_for()
    assert not scrolls_sideways(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "checkin-outcome-emergency-zoom200.png"), full_page=True)


def test_the_spanish_page_in_the_browser(page_factory, personas, live_server, smtp_server):
    path = _emailed_link(personas, smtp_server)
    Client.objects.filter(first_name="Rosa").update(language="es")
    page = page_factory(None, PHONE)
    page.goto(path)
    page.get_by_role("heading", name="Hola, Rosa").wait_for()
    assert serious_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "checkin-form-es-360.png"))
    page.get_by_role("button", name="Enviar mis respuestas").click()
    page.get_by_role("heading", name="Conteste las preguntas marcadas abajo, por favor.").wait_for()
    assert not PainReport.objects.exists()


def test_the_practitioner_prints_a_qr_card_and_revokes_it(page_factory, personas, live_server):
    client = make_client(personas.practice, practitioner=personas.alice, first_name="Rosa")
    page = page_factory(personas.alice, PHONE)
    page.goto(f"/clients/{client.pk}/")
    section = page.locator("#check-ins")
    section.get_by_label("Printed QR card").check()
    section.get_by_role("button", name="Make the link").click()
    page.get_by_role("heading", name="Print this card now").wait_for()
    assert page.locator(".ck-qr svg").is_visible()
    assert not scrolls_sideways(page)
    assert serious_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "checkin-card-360.png"), full_page=True)
    page.get_by_role("link", name="← Rosa Lopez").click()
    page.locator("#check-ins").get_by_role("button", name="Revoke").wait_for()
    page.locator("#check-ins").get_by_role("button", name="Revoke").click()
    page.get_by_text("Check-in link revoked").wait_for()
    assert CheckinLink.objects.get(client=client).revoked_at is not None
    page.screenshot(path=str(ARTIFACTS / "checkin-client-links-360.png"), full_page=True)
