"""At phone width: create a client with referral and consent, find them, open their page.
Also saves screenshots of the list and the client page at phone and desktop width."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from careloop.clients import demo
from careloop.clients.models import Client
from careloop.clients.testing import make_source, today
from careloop.demo.people import seed_people
from careloop.testing.axe import serious_violations
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.testing.personas import PASSWORD

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _no_horizontal_scroll(page):
    assert not scrolls_sideways(page), "the page scrolls sideways"


def test_create_a_client_at_phone_width(personas, page_factory):
    make_source(
        personas.practice,
        personas.alice,
        name="Dr Kwame Osei",
        organisation="Riverside Sports Medicine Clinic",
    )
    make_source(
        personas.practice,
        personas.alice,
        name="Mr Edward Hartley",
        organisation="Riverside Orthopaedic Centre",
    )
    day = today()
    page = page_factory(personas.alice, PHONE)
    page.goto("/clients/")
    page.get_by_role("link", name="New client").click()

    page.get_by_label("First name").fill("Margaret")
    page.get_by_label("Last name").fill("Ellis")
    page.get_by_label("Date of birth").fill("1955-03-14")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Phone", exact=True).fill("07700 900101")
    page.get_by_label("Emergency contact", exact=True).fill("John Ellis")

    search = page.get_by_label("Search by name, organisation or specialty")
    search.fill("hartley")
    page.keyboard.press("Enter")  # searches; must not submit the form
    # The htmx search swaps the list in: wait for it before picking from it.
    expect(page.get_by_label("Dr Kwame Osei")).to_have_count(0)
    page.get_by_label("Mr Edward Hartley").check()
    page.get_by_label("Reason for referral").fill("S/P R TKA 6/52. Please progress strength.")
    page.get_by_label("Diagnosis").fill("R TKR")
    page.get_by_label("Body region").select_option("knee_right")
    page.get_by_label("Precautions").fill("No flexion beyond 90° for 6 weeks")
    page.get_by_label("Surgery: procedure").fill("Total knee replacement")
    page.get_by_label("Surgery: region").select_option("knee_right")
    page.get_by_label("Surgery: date").fill(str(day - dt.timedelta(days=43)))
    page.get_by_label("Consent given on").fill(str(day))
    page.get_by_label("Scope").fill("Sessions and pain, with Mr Hartley")
    _no_horizontal_scroll(page)
    assert not serious_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "client-new-360.png"), full_page=True)
    page.get_by_role("button", name="Save client").click()

    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    assert page.get_by_role("heading", name="Margaret Ellis").is_visible()
    assert page.get_by_text("No flexion beyond 90° for 6 weeks").is_visible()
    assert page.get_by_text("6 weeks post-op").is_visible()
    assert page.locator("#consent").get_by_text("Current").is_visible()
    _no_horizontal_scroll(page)

    page.goto("/clients/")
    card = page.locator(".client-card", has_text="Ellis, Margaret")
    assert card.is_visible()
    card.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    assert page.get_by_role("heading", name="Margaret Ellis").is_visible()


def test_a_mistake_is_shown_next_to_the_field_at_phone_width(personas, page_factory):
    make_source(personas.practice, personas.alice, name="Dr Kwame Osei")
    page = page_factory(personas.alice, PHONE)
    page.goto("/clients/new/")
    page.get_by_label("First name").fill("Future")
    page.get_by_label("Last name").fill("Person")
    page.get_by_label("Date of birth").fill(str(today() + dt.timedelta(days=3)))
    page.get_by_label("Sex").select_option("male")
    page.get_by_label("Dr Kwame Osei").check()
    page.get_by_label("Reason for referral").fill("LBP")
    page.get_by_role("button", name="Save client").click()
    error = page.locator("#id_client-date_of_birth_error")
    assert "cannot be in the future" in error.inner_text()
    # What was typed is kept, including the chosen source.
    assert page.get_by_label("First name").input_value() == "Future"
    assert page.get_by_label("Dr Kwame Osei").is_checked()
    assert not Client.objects.exists()


def test_screenshots_of_the_list_and_the_client_page(page_factory):
    people = seed_people()
    demo.seed(people)
    people.owner.set_password(PASSWORD)
    people.owner.save()
    Client.objects.filter(last_name="Okonkwo").update(status=Client.Status.ON_HOLD)
    ellis = Client.objects.get(last_name="Ellis")
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport in (("360", PHONE), ("1280", DESKTOP)):
        page = page_factory(people.owner, viewport)
        page.goto("/clients/")
        assert page.locator(".client-card.on-hold").count() == 1
        _no_horizontal_scroll(page)
        assert not serious_violations(page)
        page.screenshot(path=str(ARTIFACTS / f"clients-list-{name}.png"), full_page=True)
        page.goto(f"/clients/{ellis.pk}/")
        _no_horizontal_scroll(page)
        assert not serious_violations(page)
        page.screenshot(path=str(ARTIFACTS / f"client-page-{name}.png"), full_page=True)
    # Typing in the search box narrows the list without a button press (htmx).
    page.goto("/clients/")
    page.get_by_label("Search by name").fill("okon")
    # A function, not an expression: Playwright evals expressions, which the CSP forbids.
    page.wait_for_function("() => document.querySelectorAll('.client-card').length === 1")
    assert "q=okon" in page.url


def test_duplicate_referral_source_warning_at_phone_width(personas, page_factory):
    make_source(
        personas.practice,
        personas.alice,
        name="Dr Kwame Osei",
        organisation="Riverside Sports Medicine Clinic",
        phone="+44 20 7946 0450",
    )
    page = page_factory(personas.alice, PHONE)
    page.goto("/referral-sources/")
    page.get_by_role("link", name="Add a referral source").click()
    page.get_by_label("Name").fill("Kwame Osei")
    page.get_by_label("E-mail").fill("kosei@example.com")
    page.get_by_role("button", name="Add referral source").click()
    warning = page.locator("#duplicate-warning")
    assert "Dr Kwame Osei" in warning.inner_text()
    _no_horizontal_scroll(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "referral-source-duplicate-360.png"), full_page=True)
    page.get_by_role("button", name="Create anyway").click()
    page.wait_for_url(re.compile(r"/referral-sources/\d+/$"))
    assert page.get_by_role("heading", name="Kwame Osei").is_visible()
    page.goto("/referral-sources/")
    assert page.locator(".source-list li").count() == 2
    page.screenshot(path=str(ARTIFACTS / "referral-sources-360.png"), full_page=True)
