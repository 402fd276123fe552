"""The top bar's search: clients, referral sources and episodes of the signed-in
practice only, each client shown audited (without the words searched for)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.clients.models import Client, ReferralSource
from careloop.episodes.models import Episode

pytestmark = pytest.mark.django_db


def _client(practice, first, last):
    return Client.objects.create(
        practice=practice,
        first_name=first,
        last_name=last,
        date_of_birth=dt.date(1955, 3, 14),
        sex="female",
    )


def _search(browser, q):
    response = browser.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return response


def test_it_finds_clients_sources_and_episodes_by_name(personas, alice_client):
    margaret = _client(personas.practice, "Margaret", "Ellis")
    _client(personas.practice, "David", "Okonkwo")
    episode = Episode.objects.create(
        practice=personas.practice, client=margaret, opened_by=personas.alice
    )
    ReferralSource.objects.create(
        practice=personas.practice, name="Dr Ellis Hartley", organisation="Riverside"
    )
    results = _search(alice_client, "ellis").context["results"]
    assert [c.last_name for c in results.clients] == ["Ellis"]
    assert [e.pk for e in results.episodes] == [episode.pk]
    assert [s.name for s in results.sources] == ["Dr Ellis Hartley"]
    page = _search(alice_client, "marg ELL").content.decode()
    assert reverse("client_detail", args=[margaret.pk]) in page
    assert reverse("episode_detail", args=[episode.pk]) in page


def test_another_practices_records_never_appear(personas, alice_client, charlie_client):
    theirs = _client(personas.other_practice, "Margaret", "Ellis")
    Episode.objects.create(
        practice=personas.other_practice, client=theirs, opened_by=personas.charlie
    )
    ReferralSource.objects.create(practice=personas.other_practice, name="Dr Margaret Ellis")
    response = _search(alice_client, "Margaret Ellis")
    results = response.context["results"]
    assert results.empty
    assert reverse("client_detail", args=[theirs.pk]) not in response.content.decode()
    assert "Nothing in this practice matches" in response.content.decode()
    # Charlie, in the other practice, finds them.
    assert [c.pk for c in _search(charlie_client, "Margaret Ellis").context["results"].clients] == [
        theirs.pk
    ]


def test_it_audits_each_client_shown_and_never_the_search_term(personas, alice_client):
    margaret = _client(personas.practice, "Zebedee", "Ellis")
    other = _client(personas.practice, "Zebedee", "Moss")
    Episode.objects.create(practice=personas.practice, client=margaret, opened_by=personas.alice)
    before = AuditEvent.objects.count()
    _search(alice_client, "zebedee")
    events = list(AuditEvent.objects.order_by("chain_seq")[before:])
    assert sorted((e.action, e.object_type, e.object_id) for e in events) == sorted(
        [
            ("view", "clients.client", str(margaret.pk)),
            ("view", "clients.client", str(other.pk)),
        ]
    )
    assert all(e.actor_id == personas.alice.pk for e in events)
    assert not any("zebedee" in e.detail.lower() for e in AuditEvent.objects.all())


def test_a_search_that_shows_no_client_writes_no_audit_event(personas, alice_client):
    ReferralSource.objects.create(practice=personas.practice, name="Dr Priya Natarajan")
    before = AuditEvent.objects.count()
    assert [s.name for s in _search(alice_client, "natarajan").context["results"].sources] == [
        "Dr Priya Natarajan"
    ]
    assert AuditEvent.objects.count() == before


def test_an_empty_search_shows_the_form_only(personas, alice_client):
    response = _search(alice_client, "   ")
    assert response.context["results"].empty
    assert "Nothing in this practice matches" not in response.content.decode()


def test_it_needs_a_signed_in_member(client):
    response = client.get(reverse("search"), {"q": "Ellis"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_search_costs_a_fixed_number_of_queries(
    personas, alice_client, django_assert_max_num_queries
):
    for n in range(30):
        margaret = _client(personas.practice, f"Anna{n}", "Ellis")
        Episode.objects.create(
            practice=personas.practice, client=margaret, opened_by=personas.alice
        )
        ReferralSource.objects.create(practice=personas.practice, name=f"Dr Ellis {n}")
    # Session, user, membership, three searches, and every shown client audited in one
    # insert (PostgreSQL adds the chain's advisory lock): 20 clients shown cost what 1 would.
    with django_assert_max_num_queries(13):
        results = _search(alice_client, "ellis").context["results"]
    assert len(results.clients) == 10 and results.more_clients
    assert len(results.sources) == 10 and results.more_sources
