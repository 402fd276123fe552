"""In-app notifications, immediate e-mail to a real SMTP server, digests, one-click
unsubscribe; muting and blocking silence a member."""

import datetime as dt

import pytest
from django.utils import timezone

from careloop.network.models import Member, Notification
from careloop.network.notify import digest_send, unsubscribe_token
from careloop.network.services import follow_toggle, member_relation_set, reply_create
from careloop.network.testing import category, make_thread

pytestmark = pytest.mark.django_db


def test_a_reply_and_a_mention_reach_inbox_and_menu(
    smtp_server, members, bob_client, django_capture_on_commit_callbacks
):
    thread = make_thread(members.bob, title="Knee pain after lunges")
    with django_capture_on_commit_callbacks(execute=True):
        reply_create(
            member=members.alice,
            thread=thread,
            body="@charlie have you seen this? Bob, reduce depth.",
        )
    kinds = dict(Notification.objects.values_list("member__handle", "kind"))
    assert kinds == {"bob": "reply", "charlie": "mention"}
    to = sorted(m["To"] for m in smtp_server.messages)
    assert to == ["bob@example.com", "charlie@example.com"]
    mail = next(m for m in smtp_server.messages if m["To"] == "bob@example.com")
    body = mail.get_content()
    assert "Knee pain after lunges" in body and f"/network/t/{thread.pk}/#post-2" in body
    assert "reduce depth" not in body  # a post's text never leaves the network by e-mail
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "1 unread" in bob_client.get("/network/badge/").content.decode()
    page = bob_client.get("/network/notifications/").content.decode()
    assert "replied to your thread" in page
    assert bob_client.get("/network/badge/").content.decode().strip() == ""


def test_followers_are_told_in_app_only(members, django_capture_on_commit_callbacks, mailoutbox):
    follow_toggle(member=members.charlie, category=category("spine"))
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(members.bob, category=category("spine"))
    assert Notification.objects.get().kind == "followed"
    assert mailoutbox == []


@pytest.mark.parametrize("kind", ["mute", "block"])
def test_muted_and_blocked_members_are_silent(
    members, mailoutbox, django_capture_on_commit_callbacks, kind
):
    # alice is a moderator: a block does not stop her replying (moderation reaches
    # everyone), but bob hears nothing from her either way.
    member_relation_set(member=members.bob, other=members.alice, kind=kind)
    thread = make_thread(members.bob)
    with django_capture_on_commit_callbacks(execute=True):
        reply_create(member=members.alice, thread=thread, body="@bob hello")
    assert not Notification.objects.filter(member=members.bob).exists()
    assert mailoutbox == []


def test_the_digest_collects_unread_notifications_once(
    members, smtp_server, django_capture_on_commit_callbacks
):
    thread = make_thread(members.bob, title="Cardiac rehab intervals")
    reply_create(member=members.alice, thread=thread, body="Try 1:2 work-rest.")
    Member.objects.filter(pk=members.bob.pk).update(email_immediate=False, digest="daily")
    later = timezone.now() + dt.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send(now=later) == 1
    assert "Cardiac rehab intervals" in smtp_server.messages[-1].get_content()
    assert digest_send(now=later + dt.timedelta(hours=1)) == 0  # not due again yet


def test_one_click_unsubscribe(client, members):
    url = f"/network/unsubscribe/{unsubscribe_token(members.bob)}/"
    assert "Stop network e-mails?" in client.get(url).content.decode()
    assert client.post(url).status_code == 200  # no sign-in, no CSRF token: mail clients POST
    bob = Member.objects.get(pk=members.bob.pk)
    assert (bob.email_immediate, bob.digest) == (False, "none")
    assert client.get("/network/unsubscribe/forged/").status_code == 404
