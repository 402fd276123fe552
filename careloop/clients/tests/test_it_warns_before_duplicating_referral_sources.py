from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.clients import services
from careloop.clients.models import ReferralSource
from careloop.clients.testing import make_source

pytestmark = pytest.mark.django_db


def _create(personas, **fields):
    return services.referral_source_create(
        practice=personas.practice, actor=personas.alice, **fields
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "dr. jane  SMITH"},
        {"name": "Jane Smith, MD"},
        {"name": "Someone Else", "email": "JSMITH@ortho.example"},
        {"name": "Someone Else", "phone": "(020) 7946-1234"},
        {"name": "Someone Else", "fax": "020 7946 1234"},
    ],
)
def test_it_refuses_a_likely_duplicate_without_confirmation(personas, fields):
    existing = _create(
        personas, name="Dr Jane Smith", email="jsmith@ortho.example", phone="020 7946 1234"
    )
    with pytest.raises(services.DuplicateReferralSource) as caught:
        _create(personas, **fields)
    assert caught.value.matches == [existing]
    assert ReferralSource.objects.count() == 1


def test_it_creates_the_duplicate_once_confirmed_and_audits_it(personas):
    _create(personas, name="Dr Jane Smith")
    second = _create(personas, name="Jane Smith", allow_duplicate=True)
    assert ReferralSource.objects.count() == 2
    event = AuditEvent.objects.get(object_id=str(second.pk), action="create")
    assert "duplicate" in event.detail


def test_it_does_not_match_another_practices_sources(personas):
    services.referral_source_create(
        practice=personas.other_practice, actor=personas.charlie, name="Dr Jane Smith"
    )
    assert _create(personas, name="Dr Jane Smith").pk


def test_an_unrelated_source_is_created_without_a_warning(personas):
    _create(personas, name="Dr Jane Smith", email="a@example.com", phone="0201111111")
    _create(personas, name="Dr John Smith", email="b@example.com", phone="0202222222")
    assert ReferralSource.objects.count() == 2


def test_the_form_shows_the_match_and_creates_only_after_create_anyway(personas, alice_client):
    existing = make_source(personas.practice, personas.alice, name="Dr Jane Smith")
    url = reverse("referral_source_create")
    data = {
        "name": "Jane Smith",
        "kind": "physician",
        "preferred_channel": "email",
        "email": "other@example.com",
    }
    response = alice_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="duplicate-warning"' in html
    assert reverse("referral_source_detail", args=[existing.pk]) in html
    assert "Create anyway" in html
    assert ReferralSource.objects.count() == 1

    response = alice_client.post(url, {**data, "create_anyway": "1"})
    assert response.status_code == 302
    assert ReferralSource.objects.count() == 2


def test_editing_into_a_duplicate_warns_too(personas, alice_client):
    make_source(personas.practice, personas.alice, name="Dr Jane Smith", email="j@example.com")
    other = make_source(personas.practice, personas.alice, name="Dr Ann Jones", email="a@x.com")
    url = reverse("referral_source_edit", args=[other.pk])
    data = {
        "name": "Ann Jones",
        "kind": "physician",
        "preferred_channel": "email",
        "email": "j@example.com",
    }
    response = alice_client.post(url, data)
    assert 'id="duplicate-warning"' in response.content.decode()
    other.refresh_from_db()
    assert other.email == "a@x.com"
    assert alice_client.post(url, {**data, "create_anyway": "1"}).status_code == 302
    other.refresh_from_db()
    assert other.email == "j@example.com"


def test_saving_a_source_unchanged_does_not_warn_about_itself(personas, alice_client):
    source = make_source(personas.practice, personas.alice, name="Dr Jane Smith", email="j@x.com")
    url = reverse("referral_source_edit", args=[source.pk])
    data = {
        "name": "Dr Jane Smith",
        "kind": "physician",
        "preferred_channel": "email",
        "email": "j@x.com",
        "specialty": "Spine",
    }
    assert alice_client.post(url, data).status_code == 302


def test_a_preferred_channel_needs_its_contact_detail(personas, alice_client):
    response = alice_client.post(
        reverse("referral_source_create"),
        {"name": "Dr Fax Only", "kind": "physician", "preferred_channel": "fax"},
    )
    assert response.status_code == 200
    assert "Give a fax number" in response.content.decode()
    assert not ReferralSource.objects.exists()
