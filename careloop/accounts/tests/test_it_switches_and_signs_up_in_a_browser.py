"""In a browser at phone width (and desktop): switching practices, and signing up through
e-mail verification to the first sign-in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careloop.accounts.models import Membership, User
from careloop.mfa.testing import finish_second_factor
from careloop.testing.axe import serious_violations
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.testing.objects import OBJECT_MAKERS

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _open_menu(page, viewport):
    if viewport is PHONE:
        page.get_by_text("Menu").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_switches_practices_from_the_menu(page_factory, personas, viewport):
    Membership.objects.create(
        user=personas.charlie, practice=personas.practice, role=Membership.Role.PRACTITIONER
    )
    client_url = f"/clients/{OBJECT_MAKERS['client_id'](personas)}/"
    page = page_factory(personas.charlie, viewport)
    brand = page.locator(".brand-practice")
    assert brand.inner_text() == personas.practice.name  # the newest membership first
    assert page.goto(client_url).status == 200

    page.goto("/")
    _open_menu(page, viewport)
    _shot(page, f"practice-menu-{viewport['width']}")
    page.get_by_role("link", name="Switch practice").click()
    _shot(page, f"practice-switch-{viewport['width']}")
    assert serious_violations(page) == []
    page.get_by_role("button", name=f"Work in {personas.other_practice.name}").click()
    page.get_by_role("heading", name="Dashboard").wait_for()
    assert brand.inner_text() == personas.other_practice.name
    assert page.get_by_text(f"You are now working in {personas.other_practice.name}").is_visible()
    assert not scrolls_sideways(page)
    _shot(page, f"practice-switched-{viewport['width']}")
    # alice's practice's client is out of reach until charlie switches back.
    assert page.goto(client_url).status == 404
    page.goto("/practice/switch/")
    page.get_by_role("button", name=f"Work in {personas.practice.name}").click()
    page.get_by_role("heading", name="Dashboard").wait_for()
    assert page.goto(client_url).status == 200


def test_it_signs_up_through_email_verification_to_the_first_sign_in(
    page_factory, settings, smtp_server, live_server
):
    settings.SIGNUP_OPEN = True
    page = page_factory(None, PHONE)
    page.goto("/login/")
    page.get_by_role("link", name="Start your practice").click()
    assert serious_violations(page) == []
    page.get_by_label("Practice name").fill("Hip Club")
    page.get_by_label("Your full name").fill("Hana Hill")
    page.get_by_label("Your e-mail").fill("hana@example.com")
    _shot(page, "signup-360")
    page.get_by_role("button", name="Send the link").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    _shot(page, "signup-sent-360")

    body = smtp_server.messages[-1].get_content()
    link = re.search(r"https?://[^/\s]+(/signup/\S+/)", body).group(1)
    page.goto(link)
    page.get_by_label("Choose a password").fill("hanas-own-passphrase")
    page.get_by_label("Repeat the password").fill("hanas-own-passphrase")
    _shot(page, "signup-verify-360")
    page.get_by_role("button", name="Create my practice").click()
    page.wait_for_url("**/login/")
    assert page.get_by_text("Hip Club is ready").is_visible()
    _shot(page, "signup-first-sign-in-360")
    page.get_by_label("E-mail").fill("hana@example.com")
    page.get_by_label("Password").fill("hanas-own-passphrase")
    page.get_by_role("button", name="Sign in").click()
    # A new owner sets up two-factor sign-in first (careloop.mfa), from the key shown.
    page.wait_for_url("**/two-factor/setup/")
    finish_second_factor(page, User.objects.get(email="hana@example.com"))
    page.get_by_role("heading", name="Dashboard").wait_for()
    assert page.locator(".brand-practice").inner_text() == "Hip Club"
    assert not scrolls_sideways(page)
    _shot(page, "signup-dashboard-360")


@pytest.mark.parametrize("path", ["/password/reset/", "/password/change/"])
def test_password_pages_have_no_serious_accessibility_violations(page_factory, personas, path):
    page = page_factory(personas.alice if "change" in path else None, PHONE)
    page.goto(path)
    assert serious_violations(page) == []
    _shot(page, "password-" + path.strip("/").split("/")[-1] + "-360")
