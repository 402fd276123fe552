"""The layout at phone and desktop width, signed in and out, and its accessibility."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from careloop.mfa.selectors import confirmed_totp_device
from careloop.mfa.testing import next_code
from careloop.testing.axe import serious_violations
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.testing.personas import PASSWORD

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_alice_signs_in_and_sees_the_dashboard(page_factory, personas, viewport):
    page = page_factory(personas.alice, viewport)
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_text(personas.practice.name).first.is_visible()
    assert not scrolls_sideways(page), "the page scrolls sideways"
    _shot(page, f"dashboard-{viewport['width']}")
    if viewport is PHONE:
        # The menu folds away on a phone and opens with a tap.
        sign_out = page.get_by_role("button", name="Sign out")
        assert not sign_out.is_visible()
        page.get_by_text("Menu").click()
        assert sign_out.is_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")


def test_a_failed_sign_in_says_so_next_to_the_form(page_factory, personas):
    page = page_factory(None, PHONE)
    page.goto("/login/")
    page.get_by_label("E-mail").fill("alice@example.com")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").get_by_text("do not match an account").is_visible()
    _shot(page, "login-error-360")


@pytest.mark.parametrize("path", ["/login/", "/", "/practice/", "/practice/members/"])
def test_main_pages_have_no_serious_accessibility_violations(page_factory, personas, path):
    page = page_factory(None if path == "/login/" else personas.alice, DESKTOP)
    page.goto(path)
    assert serious_violations(page) == []


def test_everything_is_reachable_by_keyboard(page_factory, personas):
    page = page_factory(None, DESKTOP)
    page.goto("/login/")
    # The e-mail field has focus on arrival (the browser moves it there once the page has
    # rendered, so wait for that before typing); Tab walks to the password and the button.
    expect(page.get_by_label("E-mail")).to_be_focused()
    page.keyboard.type(personas.alice.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Sign in"
    page.keyboard.press("Enter")
    # alice, an owner, has an authenticator app: its code field has focus on arrival.
    page.wait_for_url("**/login/code/")
    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type(next_code(confirmed_totp_device(personas.alice)))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Dashboard").wait_for()
    # On every page the first Tab offers to skip the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
