"""The issue's "done when", in a browser at 360 and 1280 px: bob joins, the identifier
guard stops a thread naming one of his practice's clients, he posts it without the name
(held: he is new), alice (moderator) approves it, charlie (another practice) replies
with a mention and bob gets the e-mail from a real SMTP server, bob searches, flags the
reply as containing client information (hidden at once), alice restores it. Screenshots
go to test-artifacts/network-*.png."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from careloop.clients.models import Client
from careloop.network.categories import ensure_default_categories
from careloop.network.models import Member, Post
from careloop.network.testing import make_member
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"network-{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    assert not scrolls_sideways(page)


def _wait_for_messages(smtp_server, count, seconds=15.0):
    deadline = time.monotonic() + seconds
    while len(smtp_server.messages) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(smtp_server.messages) >= count, "the e-mail did not arrive"
    return smtp_server.messages[count - 1]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_join_post_reply_mention_search_flag_moderate(
    page_factory, personas, smtp_server, viewport
):
    width = viewport["width"]
    ensure_default_categories()
    Client.objects.create(
        practice=personas.practice,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=dt.date(1956, 3, 12),
        sex="female",
    )
    make_member(personas.alice, handle="alice", role=Member.Role.MODERATOR)
    make_member(personas.charlie, handle="charlie", country="US")

    # bob joins
    bob = page_factory(personas.bob, viewport)
    bob.goto("/network/")
    bob.get_by_role("link", name="Join the network").click()
    bob.get_by_label("Handle").fill("bob")
    bob.get_by_label("Credentials").fill("MES, CSCS")
    bob.get_by_label("Specialties").fill("post-op knee")
    bob.get_by_label("I accept the code of conduct").check()
    _shot(bob, f"join-{width}")
    bob.get_by_role("button", name="Join").click()
    bob.get_by_text("Welcome to the network.").wait_for()
    _no_sideways_scroll(bob)

    # the guard stops a thread naming one of his practice's clients
    bob.goto("/network/new/?category=pain-after-a-session")
    bob.get_by_label("Title").fill("Knee pain 7/10 the morning after step-ups")
    bob.get_by_label("Body").fill(
        "Margaret Ellis, eight weeks after a knee replacement, rang this morning: 7/10."
    )
    bob.get_by_label("Tags").fill("knee, post-op")
    bob.get_by_label("This is a question").check()
    bob.get_by_role("button", name="Post").click()
    banner = bob.locator("#guard-findings")
    banner.wait_for()
    assert "“Margaret Ellis”: a name of one of your clients" in banner.inner_text()
    _no_sideways_scroll(bob)
    _shot(bob, f"guard-{width}")
    assert not Post.objects.exists()
    bob.get_by_label("Body").fill(
        "A client eight weeks after a knee replacement rang this morning: 7/10, new warmth."
    )
    bob.get_by_role("button", name="Post").click()
    bob.get_by_text("a moderator will publish your post shortly").wait_for()
    post = Post.objects.get()
    assert post.status == "pending"

    # alice approves it from the review queue
    alice = page_factory(personas.alice, viewport)
    alice.goto("/network/moderation/")
    alice.get_by_role("button", name="Approve").click()
    alice.get_by_text("Nothing waiting.").wait_for()

    # charlie (another practice) replies with a mention; bob gets the e-mail
    charlie = page_factory(personas.charlie, viewport)
    charlie.goto(f"/network/t/{post.thread_id}/")
    charlie.get_by_label("Your reply").fill("@bob new warmth is a pause-and-call for me.")
    charlie.get_by_role("button", name="Post reply").click()
    charlie.locator("#post-2").wait_for()
    _no_sideways_scroll(charlie)
    _shot(charlie, f"thread-{width}")
    mail = _wait_for_messages(smtp_server, 1)
    assert mail["To"] == "bob@example.com"
    assert "Knee pain 7/10 the morning after step-ups" in mail.get_content()

    # bob sees the notification in the menu count and the list
    bob.goto("/network/")
    if width < 1100:  # the menu is folded on phones; the count loads when it is seen
        bob.locator("details.menu > summary").click()
    bob.locator(".net-count").first.wait_for()
    _shot(bob, f"menu-count-{width}")
    bob.goto("/network/notifications/")
    assert "Charlie Chen mentioned you" in bob.locator("main").inner_text()

    # bob searches
    bob.goto("/network/search/")
    bob.get_by_label("Search").fill("warmth")
    bob.get_by_role("button", name="Search").click()
    results = bob.locator(".net-results")
    results.wait_for()
    assert "Knee pain 7/10" in results.inner_text()
    _no_sideways_scroll(bob)
    _shot(bob, f"search-{width}")

    # bob flags the reply as containing client information: hidden at once
    reply = Post.objects.get(number=2)
    bob.goto(f"/network/p/{reply.pk}/flag/")
    bob.get_by_label("Contains client information").check()
    bob.get_by_role("button", name="Flag").click()
    bob.get_by_text("moderators will review the post").wait_for()
    reply.refresh_from_db()
    assert reply.status == "hidden"

    # alice reviews and restores it
    alice.goto("/network/moderation/")
    _shot(alice, f"queue-{width}")
    alice.get_by_role("link", name="#2").first.click()
    alice.get_by_label("Reason").fill("No client information found")
    alice.get_by_role("button", name="Restore").click()
    alice.get_by_text("No open flags.").wait_for()
    reply.refresh_from_db()
    assert reply.status == "published"
    alice.goto("/network/moderation/log/")
    assert "Restored a post" in alice.locator("main").inner_text()
    _no_sideways_scroll(alice)
    _shot(alice, f"log-{width}")
