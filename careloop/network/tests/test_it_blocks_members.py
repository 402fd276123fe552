"""Blocking: the blocked member cannot reply to the blocker's threads, mention or quote
them, and neither sees the other's posts in lists; muting stays one-way and silent."""

import pytest
from django.core.exceptions import ValidationError

from careloop.network.models import Notification, Post
from careloop.network.services import (
    follow_toggle,
    member_relation_set,
    post_edit,
    reply_create,
    thread_create,
)
from careloop.network.testing import category, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_blocks_charlie(members):
    member_relation_set(member=members.bob, other=members.charlie, kind="block")
    return members


def test_a_blocked_member_cannot_reply_to_the_blockers_thread(bob_blocks_charlie, charlie_client):
    members = bob_blocks_charlie
    thread = make_thread(members.bob, title="Rowing after a rib fracture")
    with pytest.raises(ValidationError) as refused:
        reply_create(member=members.charlie, thread=thread, body="Try the bike first.")
    assert "Bob Baker has blocked you: you cannot reply to their threads." in str(refused.value)
    # Through the page: no reply form, a banner that says why, and a POST is refused.
    page = charlie_client.get(f"/network/t/{thread.pk}/").content.decode()
    assert "has blocked you: you cannot reply to their threads" in page
    assert 'id="reply"' not in page
    response = charlie_client.post(f"/network/t/{thread.pk}/reply/", {"body": "Anyway..."})
    assert response.status_code == 400
    assert Post.objects.filter(thread=thread).count() == 1


def test_a_blocked_member_cannot_mention_the_blocker_anywhere(bob_blocks_charlie, charlie_client):
    members = bob_blocks_charlie
    elsewhere = make_thread(members.alice, title="Cueing a hip hinge")
    response = charlie_client.post(
        f"/network/t/{elsewhere.pk}/reply/", {"body": "@bob wrote about this last week."}
    )
    assert response.status_code == 400
    assert "@bob has blocked you: please remove the mention." in response.content.decode()
    with pytest.raises(ValidationError, match="@bob has blocked you"):
        thread_create(member=members.charlie, category=category(), title="Question", body="cc @bob")
    own = make_thread(members.charlie, title="Dowel drills", body="A drill I like.")
    with pytest.raises(ValidationError, match="@bob has blocked you"):
        post_edit(member=members.charlie, post=own.posts.get(), body="A drill @bob likes.")
    # Mentioning someone else is fine.
    reply_create(member=members.charlie, thread=elsewhere, body="@alice I agree.")


def test_a_blocked_member_cannot_quote_the_blocker(bob_blocks_charlie, charlie_client):
    members = bob_blocks_charlie
    thread = make_thread(members.alice, title="Cueing a hip hinge")
    bobs = reply_create(member=members.bob, thread=thread, body="Hands on the crease.")
    with pytest.raises(ValidationError, match="you cannot quote their posts"):
        reply_create(member=members.charlie, thread=thread, body="Agreed.", reply_to=bobs)
    page = charlie_client.get(f"/network/t/{thread.pk}/?quote={bobs.pk}").content.decode()
    # The post is not shown to charlie, and the quote is not filled in.
    assert "A post by a member who has blocked you." in page
    assert "Hands on the crease" not in page and "wrote:" not in page


def test_neither_sees_the_others_threads_in_lists_search_or_profile(
    bob_blocks_charlie, bob_client, charlie_client
):
    members = bob_blocks_charlie
    make_thread(members.bob, title="Bob on scapular dyskinesis", category=category("shoulder"))
    make_thread(members.charlie, title="Charlie on scapular setting", category=category("shoulder"))
    for client, own, other in (
        (bob_client, "Bob on scapular", "Charlie on scapular"),
        (charlie_client, "Charlie on scapular", "Bob on scapular"),
    ):
        for url in ("/network/", "/network/c/shoulder/", "/network/search/?q=scapular"):
            page = client.get(url).content.decode()
            assert own in page and other not in page, url
    profile = charlie_client.get(f"/network/members/{members.bob.pk}/").content.decode()
    assert "Bob Baker has blocked you" in profile and "Bob on scapular" not in profile
    profile = bob_client.get(f"/network/members/{members.charlie.pk}/").content.decode()
    assert "You have blocked Charlie" in profile and "Charlie on scapular" not in profile


def test_neither_is_notified_of_the_others_posts(bob_blocks_charlie):
    members = bob_blocks_charlie
    follow_toggle(member=members.charlie, category=category("spine"))
    follow_toggle(member=members.bob, category=category("spine"))
    make_thread(members.bob, category=category("spine"))
    make_thread(members.charlie, category=category("spine"))
    assert not Notification.objects.filter(member__in=[members.bob, members.charlie]).exists()


def test_muting_is_one_way_and_unblocking_restores_everything(members, charlie_client):
    member_relation_set(member=members.bob, other=members.charlie, kind="mute")
    thread = make_thread(members.bob, title="Rowing after a rib fracture")
    reply_create(member=members.charlie, thread=thread, body="@bob try the bike first.")
    member_relation_set(member=members.bob, other=members.charlie, kind="block")
    assert charlie_client.get("/network/").content.decode().count("Rowing after a rib") == 0
    member_relation_set(member=members.bob, other=members.charlie, kind=None)
    assert "Rowing after a rib" in charlie_client.get("/network/").content.decode()
    reply_create(member=members.charlie, thread=thread, body="@bob and then the rower.")
