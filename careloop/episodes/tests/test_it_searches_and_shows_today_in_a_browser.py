"""At phone and desktop width: search from the top bar (no JavaScript needed: the form
submits to a results page), open a client from the results; open Today from the menu."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from careloop.clients.models import Client, ReferralSource
from careloop.episodes.models import Episode, FollowUp
from careloop.mfa.testing import finish_second_factor
from careloop.testing.axe import serious_violations
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.testing.personas import PASSWORD
from careloop.training.models import Session

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _records(personas):
    practice = personas.practice
    margaret = Client.objects.create(
        practice=practice,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=dt.date(1955, 3, 14),
        sex="female",
    )
    Client.objects.create(
        practice=personas.other_practice,
        first_name="Margot",
        last_name="Ellison",
        date_of_birth=dt.date(1950, 1, 1),
        sex="female",
    )
    ReferralSource.objects.create(
        practice=practice,
        name="Dr Ellis Hartley",
        organisation="Riverside Orthopaedic Centre",
        specialty="Orthopaedics",
    )
    episode = Episode.objects.create(practice=practice, client=margaret, opened_by=personas.alice)
    now = timezone.localtime(timezone.now(), practice.tz)
    started = now.replace(hour=0, minute=30) if now.hour >= 1 else now - dt.timedelta(minutes=20)
    Session.objects.create(
        practice=practice,
        client=margaret,
        practitioner=personas.alice,
        started_at=started,
        duration_minutes=45,
        ended_at=started + dt.timedelta(minutes=45),
        pain_before=2,
    )
    FollowUp.objects.create(
        practice=practice,
        episode=episode,
        client=margaret,
        kind="check_in",
        due_at=now.replace(hour=23, minute=30),
    )
    return margaret


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_search_from_the_top_bar_and_open_today(personas, page_factory, viewport, label):
    margaret = _records(personas)
    ARTIFACTS.mkdir(exist_ok=True)
    page = page_factory(personas.alice, viewport)
    page.screenshot(path=str(ARTIFACTS / f"daily-topbar-{label}.png"))
    box = page.get_by_role("searchbox", name="Find a client, referral source or episode")
    box.fill("ellis")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=ellis"))
    expect(page.get_by_role("heading", name=re.compile("^Clients"))).to_be_visible()
    expect(page.get_by_role("link", name="Margaret Ellis", exact=True)).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Margaret Ellis: episode opened"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="Dr Ellis Hartley")).to_be_visible()
    expect(page.get_by_text("Margot")).to_have_count(0)  # another practice's client
    assert not scrolls_sideways(page)
    assert not serious_violations(page)
    page.screenshot(path=str(ARTIFACTS / f"daily-search-{label}.png"), full_page=True)
    page.get_by_role("link", name="Margaret Ellis", exact=True).click()
    page.wait_for_url(re.compile(rf"/clients/{margaret.pk}/$"))

    if viewport is PHONE:
        page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    page.wait_for_url(re.compile(r"/today/$"))
    expect(page.get_by_role("heading", name=re.compile("^Today"))).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Check in with Margaret Ellis"))
    ).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("the session of Margaret Ellis"))
    ).to_be_visible()
    assert not scrolls_sideways(page)
    assert not serious_violations(page)
    page.screenshot(path=str(ARTIFACTS / f"daily-today-{label}.png"), full_page=True)


def test_the_search_works_without_javascript(personas, browser, live_server):
    _records(personas)
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("E-mail").fill(personas.alice.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        finish_second_factor(page, personas.alice)
        page.wait_for_url(f"{live_server.url}/")
        page.get_by_role("searchbox", name="Find a client, referral source or episode").fill(
            "margaret"
        )
        page.get_by_role("button", name="Find", exact=True).click()
        page.wait_for_url(re.compile(r"/search/\?q=margaret"))
        expect(page.get_by_role("link", name="Margaret Ellis", exact=True)).to_be_visible()
    finally:
        context.close()
