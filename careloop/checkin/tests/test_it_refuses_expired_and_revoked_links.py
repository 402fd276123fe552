"""A link used after it expired or was revoked shows a kind page that says whom to call,
and records nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.checkin.models import CheckinLink
from careloop.checkin.services import checkin_link_create
from careloop.checkin.testing import answers
from careloop.episodes.models import PainReport
from careloop.episodes.testing import make_client

pytestmark = pytest.mark.django_db


def _assert_kind_page_and_nothing_recorded(client, link, token):
    url = reverse("checkin_page", args=[token])
    for response in (client.get(url), client.post(url, answers())):
        assert response.status_code == 410
        page = response.content.decode()
        assert "This link no longer works" in page
        assert 'href="tel:020 0000 0000"' in page  # the practice's phone: whom to call
        assert 'href="tel:911"' in page
        assert "<form" not in page
    assert not PainReport.objects.filter(client=link.client).exists()


def test_an_expired_follow_up_link_records_nothing(client, link_and_token):
    link, token = link_and_token
    CheckinLink.objects.filter(pk=link.pk).update(
        kind=CheckinLink.Kind.FOLLOW_UP, expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    _assert_kind_page_and_nothing_recorded(client, link, token)


def test_a_follow_up_link_lasts_72_hours_after_it_fell_due(personas):
    client = make_client(personas.practice, practitioner=personas.alice)
    due = timezone.now() - dt.timedelta(hours=1)
    link, _ = checkin_link_create(
        client=client,
        kind=CheckinLink.Kind.FOLLOW_UP,
        channel=CheckinLink.Channel.PRINT,
        responsible=personas.alice,
        due_at=due,
    )
    assert link.expires_at == due + dt.timedelta(hours=72)
    assert link.usable_at(due + dt.timedelta(hours=71, minutes=59))
    assert not link.usable_at(due + dt.timedelta(hours=72))


def test_a_standing_link_never_expires(link_and_token):
    link, _ = link_and_token
    assert link.expires_at is None
    assert link.usable_at(timezone.now() + dt.timedelta(days=3650))


def test_a_link_revoked_from_the_client_page_records_nothing(client, alice_client, link_and_token):
    link, token = link_and_token
    page = alice_client.get(reverse("client_detail", args=[link.client_id])).content.decode()
    assert reverse("checkin_link_revoke", args=[link.pk]) in page
    response = alice_client.post(reverse("checkin_link_revoke", args=[link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    _assert_kind_page_and_nothing_recorded(client, link, token)


def test_an_unknown_token_opens_nothing(client, link_and_token):
    _link, token = link_and_token
    response = client.get(
        reverse("checkin_page", args=[token[:-1] + ("A" if token[-1] != "A" else "B")])
    )
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert "Rosa" not in response.content.decode()
