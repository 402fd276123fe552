"""The network's newer screens in a browser at 360 and 1280 px: bob confirms that his own
name, which one of his practice's clients shares, is not client information, and his
thread is published; alice (moderator) clears it from the review queue and appoints bob
a moderator on the Moderators page; bob blocks charlie, and charlie is told why he
cannot reply. Screenshots go to test-artifacts/network-*.png."""

from __future__ import annotations

import datetime as dt

import pytest

from careloop.clients.models import Client
from careloop.network.models import GuardConfirmation, Member, ModerationAction, Post
from careloop.network.testing import category, make_member
from careloop.network.tests.test_it_works_in_a_browser import _no_sideways_scroll, _shot
from careloop.testing.browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_confirm_a_name_review_it_appoint_and_block(page_factory, personas, viewport):
    width = viewport["width"]
    category()
    Client.objects.create(
        practice=personas.practice,
        first_name="Bob",
        last_name="Baker",
        date_of_birth=dt.date(1950, 1, 2),
        sex="male",
    )
    make_member(personas.alice, handle="alice", role=Member.Role.MODERATOR)
    bob_member = make_member(personas.bob, handle="bob")
    make_member(personas.charlie, handle="charlie")

    # bob's own name matches a client's: he confirms it is not client information
    bob = page_factory(personas.bob, viewport)
    bob.goto("/network/new/?category=cases")
    bob.get_by_label("Title").fill("My warm-up for post-op knees")
    bob.get_by_label("Body").fill("Bob Baker here: ten minutes on the bike, then step-ups.")
    bob.get_by_role("button", name="Post").click()
    bob.locator("#guard-findings").wait_for()
    _no_sideways_scroll(bob)
    _shot(bob, f"guard-confirm-{width}")
    bob.get_by_label("“Bob Baker” is not client information").check()
    bob.get_by_role("button", name="Post").click()
    bob.get_by_text("a moderator will also read the post").wait_for()
    post = Post.objects.get()
    assert post.status == "published"

    # alice reviews it from the queue and clears it
    alice = page_factory(personas.alice, viewport)
    alice.goto("/network/moderation/")
    alice.get_by_role("link", name="My warm-up for post-op knees #1").click()
    alice.locator("#guard-confirmed").wait_for()
    _shot(alice, f"guard-review-{width}")
    alice.get_by_role("button", name="Looks fine").click()
    alice.get_by_text("Nothing to review.").wait_for()
    assert GuardConfirmation.objects.get().reviewed_at is not None

    # alice appoints bob a moderator on the Moderators page
    alice.goto("/network/moderation/moderators/")
    alice.get_by_label("Member to appoint").fill("@bob")
    alice.get_by_label("Reason (shown in the moderation log)").fill("Covers evenings")
    alice.get_by_role("button", name="Appoint").click()
    alice.get_by_text("Bob Baker is now a moderator.").wait_for()
    alice.locator(f"#moderator-{bob_member.pk}").wait_for()
    _no_sideways_scroll(alice)
    _shot(alice, f"moderators-{width}")
    assert ModerationAction.objects.filter(kind="appoint", member=bob_member).exists()

    # bob blocks charlie; charlie cannot reply to bob's thread and is told why
    bob.goto(f"/network/members/{Member.objects.get(handle='charlie').pk}/")
    bob.get_by_role("button", name="Block").click()
    bob.locator("#block-state").wait_for()
    _shot(bob, f"blocked-profile-{width}")
    charlie = page_factory(personas.charlie, viewport)
    charlie.goto(f"/network/t/{post.thread_id}/")
    banner = charlie.locator("#blocked-banner")
    banner.wait_for()
    assert "Bob Baker has blocked you" in banner.inner_text()
    assert charlie.locator("#reply").count() == 0
    _no_sideways_scroll(charlie)
    _shot(charlie, f"blocked-thread-{width}")
