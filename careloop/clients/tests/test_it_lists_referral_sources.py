from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.clients.testing import make_client, make_source

pytestmark = pytest.mark.django_db


def _names(response):
    return [s.name for s in response.context["page"].object_list]


def test_it_searches_name_organisation_and_specialty(personas, alice_client):
    make_source(
        personas.practice,
        personas.alice,
        name="Dr Osei",
        specialty="Sports medicine",
        organisation="Stadium Clinic",
    )
    make_source(
        personas.practice,
        personas.alice,
        name="Ms Chen",
        specialty="Shoulder surgery",
        organisation="St Aidan's",
    )
    make_source(personas.other_practice, personas.charlie, name="Dr Foreign")
    url = reverse("referral_source_list")
    assert _names(alice_client.get(url)) == ["Dr Osei", "Ms Chen"]
    assert _names(alice_client.get(url, {"q": "osei"})) == ["Dr Osei"]
    assert _names(alice_client.get(url, {"q": "aidan"})) == ["Ms Chen"]
    assert _names(alice_client.get(url, {"q": "sports"})) == ["Dr Osei"]


def test_the_detail_page_lists_the_clients_they_referred(personas, alice_client):
    source = make_source(personas.practice, personas.alice, name="Dr Osei")
    make_client(personas.practice, personas.alice, source=source, last_name="Referred")
    make_client(personas.practice, personas.alice, last_name="Elsewhere")
    response = alice_client.get(reverse("referral_source_detail", args=[source.pk]))
    html = response.content.decode()
    assert "Referred" in html and "Elsewhere" not in html


def test_creating_a_source_through_the_page_is_audited(personas, alice_client):
    response = alice_client.post(
        reverse("referral_source_create"),
        {
            "name": "Dr New",
            "kind": "surgeon",
            "preferred_channel": "email",
            "email": "new@example.com",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(object_type="clients.referralsource").exists()


def test_the_picker_searches_and_keeps_the_chosen_source(personas, alice_client):
    chosen = make_source(personas.practice, personas.alice, name="Dr Zed Chosen")
    make_source(personas.practice, personas.alice, name="Dr Alpha")
    response = alice_client.get(
        reverse("referral_source_picker"), {"source_q": "alpha", "referral-source": chosen.pk}
    )
    html = response.content.decode()
    assert "Dr Alpha" in html
    assert "Dr Zed Chosen" in html  # kept, so the choice is not lost while searching
    assert f'value="{chosen.pk}" checked' in html
    foreign = make_source(personas.other_practice, personas.charlie, name="Dr Foreign")
    html = alice_client.get(
        reverse("referral_source_picker"), {"source_q": "", "referral-source": foreign.pk}
    ).content.decode()
    assert "Dr Foreign" not in html


def _queries(http, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert http.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_list_detail_and_picker_query_counts_do_not_grow(personas, alice_client):
    source = make_source(personas.practice, personas.alice, name="Dr Busy")
    for _ in range(3):
        make_source(personas.practice, personas.alice)
        make_client(personas.practice, personas.alice, source=source)
    urls = [
        (reverse("referral_source_list"), {}),
        (reverse("referral_source_list"), {"q": "dr"}),
        (reverse("referral_source_detail", args=[source.pk]), {}),
        (reverse("referral_source_picker"), {"source_q": "dr"}),
        (reverse("client_create"), {}),
    ]
    few = [_queries(alice_client, u, p) for u, p in urls]
    for _ in range(35):
        make_source(personas.practice, personas.alice)
        make_client(personas.practice, personas.alice, source=source)
    many = [_queries(alice_client, u, p) for u, p in urls]
    assert few == many
    # The detail page lists referred clients, so it also appends a view event (a savepoint,
    # the chain head, the insert, the release, and on PostgreSQL the chain's lock): 4 or 5
    # more than the other pages.
    assert max(many) <= 11
