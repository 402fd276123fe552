"""At phone and desktop width: a client entered twice and a session logged twice are each
stopped with a warning that links the record on file, and saved once confirmed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from careloop.clients.models import Client
from careloop.clients.testing import make_client, make_source
from careloop.testing.axe import serious_violations
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.training.models import Session
from careloop.training.testing import make_program

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_a_client_entered_twice_is_caught(personas, page_factory, viewport, label):
    existing = make_client(
        personas.practice,
        personas.alice,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=dt.date(1955, 3, 14),
    )
    make_source(personas.practice, personas.alice, name="Dr Kwame Osei")
    page = page_factory(personas.alice, viewport)
    page.goto("/clients/new/")
    page.get_by_label("First name").fill("Margaret")
    page.get_by_label("Last name").fill("Ellis")
    page.get_by_label("Date of birth").fill("1955-03-14")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Dr Kwame Osei").check()
    page.get_by_label("Reason for referral").fill("Strengthening after knee replacement")
    page.get_by_label("Body region").select_option("knee_right")
    page.get_by_role("button", name="Save client").click()
    warning = page.locator("#duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Nothing has been saved")
    expect(warning.get_by_role("link", name="Open Margaret Ellis")).to_have_attribute(
        "href", f"/clients/{existing.pk}/"
    )
    assert Client.objects.filter(last_name="Ellis").count() == 1
    assert not scrolls_sideways(page)
    assert not serious_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    warning.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"daily-client-duplicate-{label}.png"))
    page.get_by_role("button", name="Save as a different client").click()
    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    assert Client.objects.filter(last_name="Ellis").count() == 2


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_a_session_logged_twice_is_caught(personas, page_factory, viewport, label):
    client = make_client(personas.practice, personas.alice, first_name="Nia", last_name="Okafor")
    make_program(client, personas.alice)
    page = page_factory(personas.alice, viewport)
    page.goto(f"/clients/{client.pk}/sessions/new/")
    page.get_by_role("group", name="Pain before (0-10)").get_by_role(
        "radio", name="2", exact=True
    ).click()
    started = page.get_by_label("Started at").input_value()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(re.compile(r"/sessions/\d+/$"))
    first = Session.objects.get(client=client)

    page.goto(f"/clients/{client.pk}/sessions/new/")
    page.get_by_label("Started at").fill(started)
    page.get_by_role("group", name="Pain before (0-10)").get_by_role(
        "radio", name="2", exact=True
    ).click()
    # The filter box over "Another exercise" finds one in the long list.
    page.get_by_role("button", name="+ Add an exercise").click()
    box = page.get_by_role("searchbox", name="Filter the exercise list").last
    box.fill("wall")
    select = page.locator("select[data-filterable]").last
    # Wall sit, wall push-up, wall walk and the calf stretch against a wall, of 68.
    expect(select.locator("option:not([value=''])")).to_have_count(4)
    page.get_by_role("button", name="Save session").click()
    warning = page.locator("#duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Nia Okafor already has a session starting")
    expect(warning.get_by_role("link", name="Open the session already logged")).to_have_attribute(
        "href", f"/clients/{client.pk}/sessions/{first.pk}/"
    )
    assert Session.objects.filter(client=client).count() == 1
    # Enter in a field submits as Save does: it warns again, it never confirms.
    with page.expect_navigation():
        page.get_by_label("Duration (minutes)").press("Enter")
    expect(page.locator("#duplicate-warning")).to_be_visible()
    assert Session.objects.filter(client=client).count() == 1
    assert not scrolls_sideways(page)
    warning.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"daily-session-duplicate-{label}.png"))
    page.get_by_role("button", name="Log it as another session").click()
    page.wait_for_url(re.compile(r"/sessions/\d+/$"))
    assert Session.objects.filter(client=client).count() == 2


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_an_edit_that_makes_a_client_match_another_is_caught(
    personas, page_factory, viewport, label
):
    existing = make_client(
        personas.practice,
        personas.alice,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=dt.date(1955, 3, 14),
    )
    other = make_client(
        personas.practice,
        personas.alice,
        first_name="Maggie",
        last_name="Ellis",
        date_of_birth=dt.date(1955, 3, 14),
    )
    page = page_factory(personas.alice, viewport)
    page.goto(f"/clients/{other.pk}/edit/")
    page.get_by_label("First name").fill("Margaret")
    page.get_by_role("button", name="Save", exact=True).last.click()
    warning = page.locator("#duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Nothing has been saved")
    expect(warning.get_by_role("link", name="Open Margaret Ellis")).to_have_attribute(
        "href", f"/clients/{existing.pk}/"
    )
    other.refresh_from_db()
    assert other.first_name == "Maggie"
    assert not scrolls_sideways(page)
    assert not serious_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"daily-client-edit-duplicate-{label}.png"))
    page.get_by_role("button", name="Save: this is a different person").click()
    page.wait_for_url(re.compile(rf"/clients/{other.pk}/$"))
    other.refresh_from_db()
    assert other.first_name == "Margaret"
