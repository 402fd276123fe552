from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careloop.clients import selectors, services
from careloop.clients.models import Client
from careloop.clients.testing import make_client, make_source, today
from careloop.training.models import Session
from careloop.training.services import last_session_refresh

pytestmark = pytest.mark.django_db


def _session(client, practitioner, days_ago):
    started = timezone.now() - dt.timedelta(days=days_ago)
    session = Session.objects.create(
        practice=client.practice,
        client=client,
        practitioner=practitioner,
        started_at=started,
        duration_minutes=45,
        ended_at=started + dt.timedelta(minutes=45),
        pain_before=2,
    )
    last_session_refresh(client_ids=[client.pk])
    return session


def _names(response):
    return [c.last_name for c in response.context["page"].object_list]


def test_it_searches_by_first_and_last_name(personas, alice_client):
    make_client(personas.practice, personas.alice, first_name="Margaret", last_name="Ellis")
    make_client(personas.practice, personas.alice, first_name="David", last_name="Okonkwo")
    url = reverse("client_list")
    assert _names(alice_client.get(url, {"q": "marg"})) == ["Ellis"]
    assert _names(alice_client.get(url, {"q": "margaret ellis"})) == ["Ellis"]
    assert _names(alice_client.get(url, {"q": "OKON"})) == ["Okonkwo"]
    assert _names(alice_client.get(url, {"q": "nobody"})) == []


def test_it_filters_by_status_and_hides_discharged_by_default(personas, alice_client):
    make_client(personas.practice, personas.alice, last_name="Active")
    held = make_client(personas.practice, personas.alice, last_name="Held")
    Client.objects.filter(pk=held.pk).update(status=Client.Status.ON_HOLD)
    gone = make_client(personas.practice, personas.alice, last_name="Gone")
    services.client_discharge(client=gone, actor=personas.alice)
    url = reverse("client_list")
    assert _names(alice_client.get(url)) == ["Active", "Held"]
    assert _names(alice_client.get(url, {"status": "on_hold"})) == ["Held"]
    assert _names(alice_client.get(url, {"status": "discharged"})) == ["Gone"]
    assert _names(alice_client.get(url, {"status": "all"})) == ["Active", "Gone", "Held"]
    html = alice_client.get(url).content.decode()
    assert "client-card on-hold" in html
    assert "On hold" in html


def test_it_filters_by_referral_source_including_earlier_referrals(personas, alice_client):
    hartley = make_source(personas.practice, personas.alice, name="Mr Hartley")
    osei = make_source(personas.practice, personas.alice, name="Dr Osei")
    make_client(personas.practice, personas.alice, last_name="ByHartley", source=hartley)
    both = make_client(personas.practice, personas.alice, last_name="Both", source=hartley)
    services.referral_create(
        client=both,
        actor=personas.alice,
        source=osei,
        referral_date=today(),
        reason="New problem",
    )
    url = reverse("client_list")
    assert _names(alice_client.get(url, {"source": hartley.pk})) == ["Both", "ByHartley"]
    assert _names(alice_client.get(url, {"source": osei.pk})) == ["Both"]


def test_it_shows_the_last_session_date(personas, alice_client):
    client = make_client(personas.practice, personas.alice, last_name="Trained")
    _session(client, personas.alice, days_ago=9)
    newest = _session(client, personas.alice, days_ago=2)
    make_client(personas.practice, personas.alice, last_name="Untrained")
    response = alice_client.get(reverse("client_list"))
    rows = {c.last_name: c for c in response.context["page"].object_list}
    assert rows["Trained"].last_session_at == newest.started_at
    assert rows["Untrained"].last_session_at is None
    assert "none yet" in response.content.decode()


def test_it_paginates_by_25(personas, alice_client):
    source = make_source(personas.practice, personas.alice)
    for i in range(27):
        make_client(personas.practice, personas.alice, source=source, last_name=f"P{i:02d}")
    first = alice_client.get(reverse("client_list"))
    assert len(first.context["page"].object_list) == 25
    second = alice_client.get(reverse("client_list"), {"page": 2})
    assert _names(second) == ["P25", "P26"]
    assert 'rel="next"' in first.content.decode()


def test_an_htmx_search_returns_only_the_results(personas, alice_client):
    make_client(personas.practice, personas.alice, last_name="Ellis")
    response = alice_client.get(reverse("client_list"), {"q": "ell"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Ellis" in html
    assert "<html" not in html


def test_the_list_never_shows_another_practices_clients(personas, alice_client):
    make_client(personas.other_practice, personas.charlie, last_name="Foreign")
    make_client(personas.practice, personas.alice, last_name="Ours")
    assert _names(alice_client.get(reverse("client_list"), {"status": "all"})) == ["Ours"]


def _fill(personas, n):
    sources = [make_source(personas.practice, personas.alice) for _ in range(3)]
    for i in range(n):
        client = make_client(personas.practice, personas.alice, source=sources[i % 3])
        _session(client, personas.bob, days_ago=i % 7 + 1)
        _session(client, personas.bob, days_ago=i % 7 + 3)
        if i % 2:
            services.referral_create(
                client=client,
                actor=personas.alice,
                source=sources[(i + 1) % 3],
                referral_date=today(),
                reason="Second problem",
            )


def _count_queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"q": "client"}, {"status": "all"}, {"source": "FIRST"}])
def test_its_query_count_does_not_grow_with_the_number_of_clients(
    personas, alice_client, params, django_assert_max_num_queries
):
    url = reverse("client_list")

    def resolved(p):
        if p.get("source") == "FIRST":
            first = selectors.referral_source_list(personas.practice).first()
            return {"source": first.pk}
        return p

    _fill(personas, 5)
    few = _count_queries(alice_client, url, resolved(params))
    _fill(personas, 35)
    many = _count_queries(alice_client, url, resolved(params))
    assert few == many
    final = resolved(params)
    with django_assert_max_num_queries(8):
        alice_client.get(url, final)
