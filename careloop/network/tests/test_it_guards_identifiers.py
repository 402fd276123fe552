"""The identifier guard stops what must never reach the network, using the author's own
practice's records, and tells the author only the kind and the text they typed."""

import datetime as dt

import pytest

from careloop.audit.models import AuditEvent
from careloop.network.guard import Vocabulary, check, client_name_forms, name_words
from careloop.network.models import Post, Thread
from careloop.network.selectors import guard_vocabulary
from careloop.network.services import IdentifiersFound, reply_create, thread_create
from careloop.network.testing import category, make_thread

VOCAB = Vocabulary(
    client_names=frozenset(client_name_forms("Margaret", "Ellis")),
    source_names=frozenset({name_words("Dr Priya Natarajan")}),
    client_dobs=frozenset({dt.date(1956, 3, 12)}),
)


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("My client Margaret Ellis has knee pain", "client_name", "Margaret Ellis"),
        ("mrs ellis called this morning", "client_name", "mrs ellis"),
        ("Margaret Ellis's knee is warm", "client_name", "Margaret Ellis's"),
        ("Margaret Ellis\u2019s knee is warm", "client_name", "Margaret Ellis"),
        ("Ellis, Margaret: post-op week 6", "client_name", "Ellis, Margaret"),
        ("I wrote to Dr Natarajan", "source_name", "Dr Natarajan"),
        ("she was born on 12 March 1956", "client_dob", "12 March 1956"),
        ("DOB 04/07/1961", "date_of_birth", "04/07/1961"),
        ("call her on 020 7946 0958", "phone", "020 7946 0958"),
        ("or +1 415 555 2671", "phone", "+1 415 555 2671"),
        ("mail m.ellis@example.com", "email", "m.ellis@example.com"),
        ("lives at 42 Mill Lane", "address", "42 Mill Lane"),
        ("postcode RS1 4AB", "address", "RS1 4AB"),
        ("MRN 12345678", "record_number", "MRN 12345678"),
    ],
)
def test_it_finds_identifiers(text, kind, found):
    findings = check(text, VOCAB)
    assert [(f.kind, f.text) for f in findings][:1] == [(kind, found)], findings


@pytest.mark.parametrize(
    "text",
    [
        "Knee pain 6/10 the day after 3 sets of 10 squats at 40 kg, session on 12/03/2024.",
        "How do I write to an orthopaedic surgeon about a hold?",
        "Ellis-style progressions? Margaret-type cases?",
    ],
)
def test_it_lets_case_talk_through(text):
    assert check(text, VOCAB) == []


def test_it_refuses_links_only_when_asked():
    assert check("see https://example.org", VOCAB, links_allowed=True) == []
    assert check("see https://example.org", VOCAB, links_allowed=False)[0].kind == "link"


@pytest.mark.django_db
def test_it_reads_only_the_authors_own_practice(personas, alices_records):
    alices = guard_vocabulary(personas.alice)
    charlies = guard_vocabulary(personas.charlie)
    assert ("margaret", "ellis") in alices.client_names
    assert ("henrietta", "quigley") not in alices.client_names
    assert ("henrietta", "quigley") in charlies.client_names
    assert ("margaret", "ellis") not in charlies.client_names


@pytest.mark.django_db
def test_it_stops_a_thread_naming_the_authors_client_and_saves_nothing(
    personas, members, alices_records
):
    with pytest.raises(IdentifiersFound) as refused:
        thread_create(
            member=members.bob,
            category=category(),
            title="Knee pain after squats",
            body="Margaret Ellis (born 12/03/1956) called: knee pain 7/10.",
        )
    assert [(f.kind, f.text) for f in refused.value.findings] == [
        ("client_name", "Margaret Ellis"),
        ("client_dob", "12/03/1956"),
    ]
    assert refused.value.findings[0].message == "a name of one of your clients"
    assert not Thread.objects.exists() and not Post.objects.exists()
    event = AuditEvent.objects.get(action="network_guard")
    assert event.practice_id == personas.practice.pk
    assert event.detail == "refused: client_dob, client_name"
    assert "Ellis" not in event.detail


@pytest.mark.django_db
def test_another_practices_client_name_is_not_the_authors_business(members, alices_records):
    """Charlie's guard knows nothing of alice's clients (and nobody learns whose they are)."""
    thread = make_thread(members.charlie, body="Margaret Ellis wrote a great book on gait.")
    assert thread.status == "published"


@pytest.mark.django_db
def test_it_stops_a_reply_too(members, alices_records):
    thread = make_thread(members.charlie)
    with pytest.raises(IdentifiersFound):
        reply_create(member=members.alice, thread=thread, body="Mrs Ellis had the same.")
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_the_page_lists_what_to_remove_and_keeps_the_text(bob_client, members, alices_records):
    response = bob_client.post(
        "/network/new/",
        {
            "category": category().pk,
            "title": "Pain after a session",
            "body": "Margaret Ellis rang me at 7am.",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Margaret Ellis”: a name of one of your clients" in page
    assert "Margaret Ellis rang me at 7am." in page  # the author edits, not retypes
    assert "1956" not in page  # nothing from the record that the author did not type
    assert not Thread.objects.exists()


def test_lower_case_words_before_a_street_word_are_no_address():
    assert check("3 sets on the way down, 2 reps at the court", VOCAB) == []


@pytest.mark.django_db
def test_it_checks_tags_too(members, alices_records):
    with pytest.raises(IdentifiersFound) as refused:
        make_thread(members.bob, tags=["knee", "margaret-ellis"])
    assert refused.value.findings[0].kind == "client_name"
