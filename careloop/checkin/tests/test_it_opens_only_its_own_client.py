"""A token opens its own client's page only: another token, or another practice's member,
reaches nothing of the record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.checkin.models import CheckinLink
from careloop.checkin.services import checkin_link_create
from careloop.checkin.testing import answers
from careloop.episodes.models import PainReport
from careloop.episodes.testing import make_client

pytestmark = pytest.mark.django_db


def test_each_token_shows_its_own_client_and_records_for_them_only(client, personas):
    alice_client_record = make_client(
        personas.practice, practitioner=personas.alice, first_name="Ana"
    )
    charlie_record = make_client(
        personas.other_practice, practitioner=personas.charlie, first_name="Chidi"
    )
    _, ana_token = checkin_link_create(
        client=alice_client_record, kind="standing", channel="print", responsible=personas.alice
    )
    _, chidi_token = checkin_link_create(
        client=charlie_record, kind="standing", channel="print", responsible=personas.charlie
    )
    ana_page = client.get(reverse("checkin_page", args=[ana_token])).content.decode()
    chidi_page = client.get(reverse("checkin_page", args=[chidi_token])).content.decode()
    assert "Hello Ana" in ana_page and "Chidi" not in ana_page
    assert "Hello Chidi" in chidi_page and "Ana" not in chidi_page
    assert "Charlie&#x27;s Rehab Gym" in chidi_page and "Alice" not in chidi_page
    client.post(reverse("checkin_page", args=[chidi_token]), answers())
    assert PainReport.objects.get().client == charlie_record
    assert PainReport.objects.get().practice == personas.other_practice


def test_only_a_hash_of_the_token_is_stored(personas):
    record = make_client(personas.practice, practitioner=personas.alice)
    link, token = checkin_link_create(
        client=record, kind="standing", channel="print", responsible=personas.alice
    )
    stored = CheckinLink.objects.filter(pk=link.pk).values().get()
    assert token not in {str(v) for v in stored.values()}
    assert len(token) >= 43  # 32 random bytes


def test_another_practice_cannot_revoke_or_mark_a_link(charlie_client, link_and_token):
    link, _ = link_and_token
    for name in ("checkin_link_revoke", "checkin_call_done"):
        assert charlie_client.post(reverse(name, args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None and link.called_at is None
