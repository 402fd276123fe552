"""A name the identifier guard matched can be a false positive (the author's own surname,
a place, an everyday word): the author confirms it is not client information, the post
is published and waits for a moderator's review, and the confirmation is recorded.
Dates of birth, phone numbers, e-mail and street addresses and record numbers can never
be confirmed away."""

import datetime as dt

import pytest

from careloop.audit.models import AuditEvent
from careloop.clients.models import Client
from careloop.network.models import GuardConfirmation, ModerationAction, Post, Thread
from careloop.network.services import (
    IdentifiersFound,
    post_edit,
    post_guard_clear,
    post_hide,
    reply_create,
    thread_create,
)
from careloop.network.testing import category, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_named_baker(personas):
    """bob's practice has a client who shares his surname, Baker."""
    return Client.objects.create(
        practice=personas.practice,
        first_name="Bob",
        last_name="Baker",
        date_of_birth=dt.date(1950, 1, 2),
        sex="male",
    )


def test_a_confirmed_name_is_published_held_for_review_and_recorded(
    personas, members, client_named_baker
):
    body = "Bob Baker here: my own warm-up for post-op knees."
    with pytest.raises(IdentifiersFound) as refused:
        make_thread(members.bob, body=body)
    assert [(f.kind, f.text, f.confirmable) for f in refused.value.findings] == [
        ("client_name", "Bob Baker", True)
    ]
    thread = make_thread(members.bob, body=body, not_client=["bob baker"])
    post = thread.posts.get()
    assert post.status == "published" and thread.status == "published"
    confirmation = GuardConfirmation.objects.get(post=post)
    assert confirmation.kinds == "client_name" and confirmation.reviewed_at is None
    event = AuditEvent.objects.filter(action="network_guard").latest("pk")
    assert event.practice_id == personas.practice.pk
    assert event.detail == "confirmed not client information: client_name"
    assert "Baker" not in event.detail


def test_dates_phones_emails_addresses_and_record_numbers_cannot_be_confirmed(
    members, client_named_baker
):
    for text in (
        "born 02/01/1950",
        "DOB 3 May 1961",
        "ring 020 7946 0958",
        "mail bob@example.com",
        "at 42 Mill Lane",
        "MRN 12345678",
    ):
        with pytest.raises(IdentifiersFound) as refused:
            make_thread(
                members.bob, body=f"Bob Baker here, {text}.", not_client=["Bob Baker", text]
            )
        kinds = [f.kind for f in refused.value.findings]
        assert "client_name" not in kinds and kinds, text
        assert not any(f.confirmable for f in refused.value.findings)
    assert not Post.objects.exists() and not GuardConfirmation.objects.exists()


def test_confirming_one_name_does_not_excuse_another(members, personas, client_named_baker):
    Client.objects.create(
        practice=personas.practice,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=dt.date(1956, 3, 12),
        sex="female",
    )
    thread = make_thread(members.alice)
    with pytest.raises(IdentifiersFound) as refused:
        reply_create(
            member=members.bob,
            thread=thread,
            body="Bob Baker here; Margaret Ellis did the same.",
            not_client=["Bob Baker"],
        )
    assert [f.text for f in refused.value.findings] == ["Margaret Ellis"]
    reply = reply_create(
        member=members.bob, thread=thread, body="Bob Baker here.", not_client=["Bob Baker"]
    )
    own = thread_create(
        member=members.bob, category=category(), title="Warm-ups", body="Mine are short."
    )
    post_edit(
        member=members.bob, post=own.posts.get(), body="Bob Baker: short.", not_client=["Bob Baker"]
    )
    assert GuardConfirmation.objects.filter(post__author=members.bob).count() == 2
    assert reply.status == "published"


def test_the_author_ticks_the_name_on_the_page_and_a_moderator_reviews_it(
    bob_client, alice_client, members, client_named_baker
):
    form = {"category": category().pk, "title": "My warm-up", "body": "Bob Baker: my warm-up."}
    page = bob_client.post("/network/new/", form).content.decode()
    assert 'name="not_client" value="Bob Baker"' in page
    assert "is not client information" in page
    response = bob_client.post("/network/new/", {**form, "not_client": "Bob Baker"}, follow=True)
    assert "a moderator will also read the post" in response.content.decode()
    post = Post.objects.get()
    assert post.status == "published"
    queue = alice_client.get("/network/moderation/").content.decode()
    assert "Confirmed by their authors" in queue and f"/network/p/{post.pk}/moderate/" in queue
    review = alice_client.get(f"/network/p/{post.pk}/moderate/").content.decode()
    assert "its author confirmed it is not client information" in review
    assert "Bob Baker" not in review.split('id="guard-confirmed"')[1].split("</p>")[0]
    response = alice_client.post(f"/network/p/{post.pk}/moderate/", {"action": "clear"})
    assert response.status_code == 302
    confirmation = GuardConfirmation.objects.get()
    assert confirmation.reviewed_at is not None and confirmation.reviewed_by == members.alice
    assert ModerationAction.objects.get().kind == "guard_clear"
    assert "Nothing to review." in alice_client.get("/network/moderation/").content.decode()


def test_hiding_the_post_settles_the_confirmation_and_members_cannot_clear(
    bob_client, members, client_named_baker
):
    thread = make_thread(members.bob, body="Bob Baker's warm-up.", not_client=["Bob Baker"])
    post = thread.posts.get()
    assert (
        bob_client.post(f"/network/p/{post.pk}/moderate/", {"action": "clear"}).status_code == 404
    )
    with pytest.raises(Exception, match="Only moderators"):
        post_guard_clear(moderator=members.bob, post=post)
    post_hide(moderator=members.alice, post=post, reason="It was a client after all")
    assert GuardConfirmation.objects.get().reviewed_by == members.alice
    assert Thread.objects.get().status == "hidden"
