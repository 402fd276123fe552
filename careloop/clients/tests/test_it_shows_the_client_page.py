from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.clients import services
from careloop.clients.testing import make_client, make_source, today

pytestmark = pytest.mark.django_db


def _knee_client(personas, **kw):
    source = make_source(
        personas.practice,
        personas.alice,
        name="Mr Edward Hartley",
        phone="+44 20 7946 0210",
        organisation="Riverside Orthopaedic Centre",
    )
    return make_client(
        personas.practice,
        personas.alice,
        source=source,
        first_name="Margaret",
        last_name="Ellis",
        date_of_birth=dt.date(1955, 3, 14),
        referral={
            "reason": "S/P R TKA 6/52. Please commence progressive strengthening.",
            "diagnosis": "Primary OA R knee - R TKR",
            "surgery_procedure": "Total knee replacement",
            "surgery_region": "knee_right",
            "surgery_date": today() - dt.timedelta(days=45),
            "precautions": "No flexion beyond 90° for 6 weeks",
            "contraindications": "No impact or running.",
        },
        **kw,
    )


def test_it_shows_referral_precautions_source_and_surgery(personas, alice_client):
    client = _knee_client(personas)
    response = alice_client.get(reverse("client_detail", args=[client.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Margaret Ellis" in html
    assert f"{client.age_on(today())} years" in html
    assert "badge-ok" in html and "Active" in html
    # The safety banner comes before the referral details.
    banner = html.index('id="precautions"')
    assert banner < html.index('id="referral"')
    assert "No flexion beyond 90° for 6 weeks" in html[banner:]
    assert "No impact or running." in html[banner:]
    assert "Mr Edward Hartley" in html
    assert "+44 20 7946 0210" in html
    assert "S/P R TKA 6/52. Please commence progressive strengthening." in html
    assert "6 weeks post-op" in html
    assert response.context["client"] == client
    assert response.context["practice"] == personas.practice


def test_it_includes_the_episode_and_training_panels(personas, alice_client):
    client = _knee_client(personas)
    response = alice_client.get(reverse("client_detail", args=[client.pk]))
    used = {t.name for t in response.templates}
    assert {"episodes/_client_panel.html", "training/_client_panel.html"} <= used


@pytest.mark.parametrize(
    ("setup", "label"),
    [
        ("current", "Current"),
        ("none", "None on file"),
        ("expired", "Expired"),
        ("revoked", "Revoked"),
    ],
)
def test_it_shows_the_consent_status(personas, alice_client, setup, label):
    client = _knee_client(personas, consent=setup == "current")
    if setup == "expired":
        services.consent_record(
            client=client,
            actor=personas.alice,
            given_on=today() - dt.timedelta(days=400),
            expires_on=today() - dt.timedelta(days=35),
            scope="Sessions",
        )
    if setup == "revoked":
        consent = services.consent_record(
            client=client, actor=personas.alice, given_on=today(), scope="Sessions"
        )
        services.consent_revoke(consent=consent, actor=personas.alice)
    html = alice_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    consent_card = html[html.index('id="consent"') :]
    assert label in consent_card[:600]
    assert reverse("consent_create", args=[client.pk]) in consent_card


def test_viewing_the_client_page_writes_a_view_event(personas, bob_client):
    client = _knee_client(personas)
    bob_client.get(reverse("client_detail", args=[client.pk]))
    event = AuditEvent.objects.filter(action="view").get()
    assert event.object_type == "clients.client"
    assert event.object_id == str(client.pk)
    assert event.actor_id == personas.bob.pk
    assert event.practice_id == personas.practice.pk


def test_another_practice_gets_404_and_no_view_event(personas, charlie_client):
    client = _knee_client(personas)
    assert charlie_client.get(reverse("client_detail", args=[client.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="view").exists()


def _queries(http, url):
    with CaptureQueriesContext(connection) as ctx:
        assert http.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_its_query_count_does_not_grow_with_referrals_and_consents(personas, alice_client):
    client = _knee_client(personas)
    url = reverse("client_detail", args=[client.pk])
    few = _queries(alice_client, url)
    for i in range(8):
        services.referral_create(
            client=client,
            actor=personas.alice,
            source=make_source(personas.practice, personas.alice),
            referral_date=today() - dt.timedelta(days=100 + i),
            reason=f"Earlier referral {i}",
        )
        services.consent_record(
            client=client,
            actor=personas.alice,
            given_on=today() - dt.timedelta(days=300 + i),
            expires_on=today() - dt.timedelta(days=200),
            scope="Old",
        )
    many = _queries(alice_client, url)
    assert few == many
    # Our own part is a handful; the generous bound leaves room for the panels included.
    assert many <= 40
