"""Threads, replies, quoting, edits with history, helpful marks, accepted answers,
bookmarks and follows, through the pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.network.models import Bookmark, Follow, Member, Post, Thread
from careloop.network.services import IdentifiersFound, reply_create, thread_create
from careloop.network.testing import category, make_thread

pytestmark = pytest.mark.django_db


def test_it_creates_a_thread_with_tags_and_renders_it(bob_client, members):
    response = bob_client.post(
        "/network/new/",
        {
            "category": category("spine").pk,
            "title": "Flexion intolerance after deadlifts",
            "body": "Client in her **fifties**, <b>sharp</b> pain on flexion.",
            "tags": "Low back, deadlift",
            "is_question": "on",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == f"/network/t/{thread.pk}/"
    assert sorted(t.name for t in thread.tags.all()) == ["deadlift", "low-back"]
    assert thread.is_question and thread.status == "published"
    page = bob_client.get(response.url).content.decode()
    assert "<strong>fifties</strong>" in page and "&lt;b&gt;sharp&lt;/b&gt;" in page
    assert AuditEvent.objects.filter(action="network_post", practice=None).count() == 1


def test_it_replies_with_a_quote_and_a_mention(alice_client, members):
    thread = make_thread(members.bob, body="Pain 6/10 the morning after.")
    page = alice_client.get(f"/network/t/{thread.pk}/?quote={thread.posts.get().pk}")
    assert "@bob wrote:\n&gt; Pain 6/10 the morning after." in page.content.decode()
    response = alice_client.post(
        f"/network/t/{thread.pk}/reply/",
        {"body": "> Pain 6/10\n\n@bob check the load.", "reply_to": thread.posts.get().pk},
    )
    assert response.status_code == 302 and response.url.endswith("#post-2")
    reply = Post.objects.get(number=2)
    assert reply.reply_to.number == 1
    assert f'<a class="mention" href="/network/members/{members.bob.pk}/"' in reply.html
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_it_keeps_every_edit_visible(bob_client, alice_client, members):
    thread = make_thread(members.bob, body="First version.")
    post = thread.posts.get()
    response = bob_client.post(
        f"/network/p/{post.pk}/edit/",
        {"title": "Better title", "body": "Second version.", "reason": "clearer"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    thread.refresh_from_db()
    assert (post.body, thread.title, post.headline) == (
        "Second version.",
        "Better title",
        "Better title",
    )
    assert "edited (1)" in alice_client.get(f"/network/t/{thread.pk}/").content.decode()
    history = alice_client.get(f"/network/p/{post.pk}/history/").content.decode()
    assert "First version." in history and "Second version." in history and "clearer" in history
    assert alice_client.get(f"/network/p/{post.pk}/edit/").status_code == 403  # not hers


def test_helpful_marks_and_accepted_answers(alice_client, bob_client, members):
    thread = make_thread(members.bob, is_question=True)
    answer = reply_create(member=members.alice, thread=thread, body="Reduce the range.")
    alice_client.post(f"/network/p/{thread.posts.get(number=1).pk}/helpful/")
    bob_client.post(f"/network/p/{answer.pk}/helpful/")
    bob_client.post(f"/network/p/{answer.pk}/accept/")
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert answer.helpful_count == 1 and thread.accepted_post == answer
    assert alice_client.post(f"/network/p/{answer.pk}/helpful/").status_code == 302
    answer.refresh_from_db()
    assert answer.helpful_count == 1  # her own post: refused
    alice_client.post(f"/network/p/{answer.pk}/accept/")  # a moderator may, too
    thread.refresh_from_db()
    assert thread.accepted_post is None


def test_bookmarks_and_follows(bob_client, members):
    thread = make_thread(members.alice, tags=["knee"])
    bob_client.post(f"/network/t/{thread.pk}/bookmark/")
    bob_client.post(f"/network/t/{thread.pk}/follow/")
    bob_client.post("/network/c/spine/follow/")
    bob_client.post("/network/tags/knee/follow/")
    assert Bookmark.objects.filter(member=members.bob).count() == 1
    assert Follow.objects.filter(member=members.bob).count() == 3
    assert thread.title in bob_client.get("/network/bookmarks/").content.decode()
    bob_client.post(f"/network/t/{thread.pk}/bookmark/")
    assert not Bookmark.objects.exists()


def test_new_members_posts_wait_and_cannot_carry_links(members):
    member = Member.objects.get(pk=members.charlie.pk)
    member.approved_posts = 0
    member.save()
    with pytest.raises(IdentifiersFound) as refused:
        thread_create(member=member, category=category(), title="Hi", body="see https://x.org")
    assert refused.value.findings[0].kind == "link"
    thread = thread_create(member=member, category=category(), title="Hi", body="First post.")
    assert thread.status == "pending" and thread.posts.get().status == "pending"


def test_it_limits_posts_per_hour(members):
    member = Member.objects.get(pk=members.charlie.pk)
    member.approved_posts = 0
    member.save()
    thread = make_thread(members.bob)
    now = timezone.now()
    for i in range(5):
        reply_create(member=member, thread=thread, body=f"note {i}", now=now)
    with pytest.raises(ValidationError, match="5 times an hour"):
        reply_create(member=member, thread=thread, body="one more", now=now)
    reply_create(
        member=member, thread=thread, body="later", now=now + dt.timedelta(hours=1, seconds=1)
    )


def test_a_locked_thread_takes_no_replies(alice_client, bob_client, members):
    thread = make_thread(members.bob)
    alice_client.post(f"/network/t/{thread.pk}/lock/")
    response = bob_client.post(f"/network/t/{thread.pk}/reply/", {"body": "late"})
    assert response.status_code == 403
    assert "This thread is locked" in bob_client.get(f"/network/t/{thread.pk}/").content.decode()
