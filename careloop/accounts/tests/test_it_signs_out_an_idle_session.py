"""A session unused for IDLE_TIMEOUT_MINUTES is signed out."""

import time

import pytest
from django.urls import reverse

from careloop.accounts.signin import SESSION_LAST_SEEN_KEY
from careloop.audit.models import AuditEvent


def _idle_for(client, seconds):
    session = client.session
    session[SESSION_LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


@pytest.mark.django_db
def test_it_signs_out_after_the_idle_timeout(personas, bob_client, settings):
    settings.IDLE_TIMEOUT_MINUTES = 30
    _idle_for(bob_client, 31 * 60)
    response = bob_client.get(reverse("client_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert bob_client.get("/").status_code == 302
    assert AuditEvent.objects.filter(actor=personas.bob, action="logout").exists()


@pytest.mark.django_db
def test_it_keeps_an_active_session(personas, bob_client, settings):
    settings.IDLE_TIMEOUT_MINUTES = 30
    _idle_for(bob_client, 29 * 60)
    assert bob_client.get("/").status_code == 200
    # ...and the request counts as activity.
    assert time.time() - bob_client.session[SESSION_LAST_SEEN_KEY] < 5
    assert bob_client.get("/").status_code == 200


@pytest.mark.django_db
def test_an_htmx_request_is_sent_to_the_login_page(personas, bob_client):
    _idle_for(bob_client, 24 * 60 * 60)
    response = bob_client.get("/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("login"))
