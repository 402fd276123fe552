"""Flags hide posts, moderators review them, and every action is logged in the open."""

import pytest

from careloop.audit.models import AuditEvent
from careloop.network.models import Member, ModerationAction, Post
from careloop.network.services import post_flag, reply_create, thread_create
from careloop.network.testing import category, make_member, make_thread

pytestmark = pytest.mark.django_db


def test_a_client_information_flag_hides_the_post_at_once(bob_client, charlie_client, members):
    thread = make_thread(members.charlie, body="A case from last week.")
    post = thread.posts.get()
    response = bob_client.post(
        f"/network/p/{post.pk}/flag/", {"reason": "client_info", "note": "names the gym"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.status == "hidden" and thread.status == "hidden"
    # Gone for members (404), still there for its author, who sees why.
    assert bob_client.get(f"/network/t/{thread.pk}/").status_code == 404
    page = charlie_client.get(f"/network/t/{thread.pk}/").content.decode()
    assert "Flagged as containing client information" in page
    assert ModerationAction.objects.get().kind == "auto_hide"
    assert AuditEvent.objects.filter(action="network_flag").count() == 1


def test_three_flags_of_any_kind_hide_a_post(personas, members):
    thread = make_thread(members.alice)
    reply = reply_create(member=members.charlie, thread=thread, body="Meh.")
    dana = make_member(
        type(personas.alice).objects.create_user("dana@example.com", "x" * 12, full_name="Dana")
    )
    post_flag(member=members.alice, post=reply, reason="off_topic")
    post_flag(member=members.bob, post=reply, reason="unprofessional")
    reply.refresh_from_db()
    assert reply.status == "published"
    post_flag(member=dana, post=reply, reason="off_topic")
    reply.refresh_from_db()
    assert reply.status == "hidden" and reply.hidden_reason.startswith("3 flags")


def test_moderators_review_restore_hide_and_edit_out(alice_client, bob_client, members):
    thread = make_thread(members.bob)
    reply = reply_create(
        member=members.charlie, thread=thread, body="Seen with her husband Tom Baxter at the gym."
    )
    post_flag(member=members.bob, post=reply, reason="client_info")
    queue = alice_client.get("/network/moderation/").content.decode()
    assert "Contains client information" in queue and f"/network/p/{reply.pk}/moderate/" in queue
    # The flagger's queue is not theirs: moderators only.
    assert bob_client.get("/network/moderation/").status_code == 404
    response = alice_client.post(
        f"/network/p/{reply.pk}/edit-out/",
        {"body": "Seen with her husband at the gym.", "reason": "removed a name"},
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == "published" and reply.body == "Seen with her husband at the gym."
    history = bob_client.get(f"/network/p/{reply.pk}/history/").content.decode()
    assert "Tom Baxter" not in history and "visible to moderators only" in history
    assert "Tom Baxter" in alice_client.get(f"/network/p/{reply.pk}/history/").content.decode()
    alice_client.post(f"/network/p/{reply.pk}/moderate/", {"action": "hide", "reason": "tone"})
    reply.refresh_from_db()
    assert reply.status == "hidden"
    alice_client.post(f"/network/p/{reply.pk}/moderate/", {"action": "restore", "reason": "ok"})
    reply.refresh_from_db()
    assert reply.status == "published"
    log = bob_client.get("/network/moderation/log/").content.decode()
    for outline in ("Edited content out of a post", "Hid a post", "Restored a post", "tone"):
        assert outline in log


def test_a_hide_needs_a_reason(alice_client, members):
    thread = make_thread(members.bob)
    response = alice_client.post(
        f"/network/p/{thread.posts.get().pk}/moderate/", {"action": "hide", "reason": ""}
    )
    assert response.status_code == 200 and "Fill in “Reason”." in response.content.decode()
    assert Post.objects.get().status == "published"


def test_new_members_posts_wait_for_approval(alice_client, members):
    member = Member.objects.get(pk=members.charlie.pk)
    member.approved_posts = 0
    member.save()
    thread = thread_create(member=member, category=category(), title="Hello", body="First.")
    post = thread.posts.get()
    assert "Hello" in alice_client.get("/network/moderation/").content.decode()
    alice_client.post(f"/network/p/{post.pk}/moderate/", {"action": "approve"})
    post.refresh_from_db()
    thread.refresh_from_db()
    member.refresh_from_db()
    assert post.status == thread.status == "published" and member.approved_posts == 1


def test_suspended_members_read_but_cannot_post_and_removed_ones_see_nothing(
    alice_client, charlie_client, members
):
    thread = make_thread(members.bob)
    alice_client.post(
        f"/network/members/{members.charlie.pk}/moderate/",
        {"action": "suspend", "reason": "repeated client details"},
    )
    assert charlie_client.get(f"/network/t/{thread.pk}/").status_code == 200
    assert charlie_client.post(f"/network/t/{thread.pk}/reply/", {"body": "hi"}).status_code == 403
    assert (
        charlie_client.post(
            "/network/new/", {"category": category().pk, "title": "t", "body": "b"}
        ).status_code
        == 403
    )
    alice_client.post(
        f"/network/members/{members.charlie.pk}/moderate/", {"action": "remove", "reason": "again"}
    )
    assert charlie_client.get(f"/network/t/{thread.pk}/").status_code == 404
    assert "removed by a moderator" in charlie_client.get("/network/").content.decode()
    assert AuditEvent.objects.filter(action__in=["network_suspend", "network_remove"]).count() == 2


def test_verification_by_a_moderator_and_vouching_by_the_practice_owner(
    alice_client, bob_client, charlie_client, members
):
    bob = Member.objects.get(pk=members.bob.pk)
    charlie = Member.objects.get(pk=members.charlie.pk)
    # alice owns bob's practice: she may vouch for him, not for charlie.
    assert charlie_client.post(f"/network/members/{bob.pk}/vouch/").status_code == 403
    assert alice_client.post(f"/network/members/{charlie.pk}/vouch/").status_code == 403
    assert alice_client.post(f"/network/members/{bob.pk}/vouch/").status_code == 302
    bob.refresh_from_db()
    assert bob.verified_how == "vouched"
    charlie.declared_credential = "ACSM-CEP 12345"
    charlie.save()
    # bob is no moderator: 404 (the URL does not exist for him).
    assert bob_client.post(f"/network/members/{charlie.pk}/verify/").status_code == 404
    alice_client.post(f"/network/members/{charlie.pk}/verify/")
    charlie.refresh_from_db()
    assert charlie.verified_how == "moderator"
    assert (
        "✓ verified professional"
        in bob_client.get(f"/network/members/{charlie.pk}/").content.decode()
    )
