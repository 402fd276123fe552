"""The busiest pages keep their rendered body (careloop/core/pageparts.py) while nothing
they show can have changed: the practice's audited change mark, the minute, the user, their
role and the path. These tests prove the reuse, and that nothing stale is ever served."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from careloop.audit.models import CHANGE_ACTIONS, AuditEvent
from careloop.clients.history_services import medication_record
from careloop.clients.models import Client
from careloop.clients.services import client_update
from careloop.clients.testing import make_client
from careloop.core import pageparts
from careloop.core.pageparts import CSRF_PLACEHOLDER, StalePart, change_mark
from careloop.mfa.testing import force_sign_in


@pytest.fixture
def reuse(settings):
    """Count what production does: a reused part is not built again to compare."""
    settings.PAGE_PARTS_VERIFY = False


def _queries(http, url, django_assert_max_num_queries, most):
    with django_assert_max_num_queries(most):
        response = http.get(url)
    assert response.status_code == 200
    assert response["X-CareLoop-Part"] == "kept"
    return response.content.decode()


def _chain_lock() -> int:
    """PostgreSQL takes the audit chain's advisory lock: one statement more per view."""
    return int(connection.vendor == "postgresql")


def _without_tokens(html: str) -> str:
    return re.sub(r'(name="csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", html)


@pytest.mark.parametrize(
    ("page", "again"),
    # Seen again: session, user, membership, two-factor policy and the change mark; the
    # client page also finds the client (access) and audits the view (its chain head and
    # insert, within a savepoint here; PostgreSQL adds the chain's lock).
    [("dashboard", 5), ("client_list", 5), ("episode_list", 5), ("client_detail", 9)],
)
def test_a_second_view_reuses_the_body_with_a_handful_of_queries(
    personas, alice_client, reuse, django_assert_max_num_queries, page, again
):
    client = make_client(personas.practice, personas.alice, first_name="Reused")
    url = reverse(page, args=[client.pk]) if page == "client_detail" else reverse(page)
    response = alice_client.get(url)
    assert response["X-CareLoop-Part"] == "built"
    first = response.content.decode()
    most = again + (_chain_lock() if page == "client_detail" else 0)
    second = _queries(alice_client, url, django_assert_max_num_queries, most)
    assert _without_tokens(second) == _without_tokens(first)
    assert "Reused" in second or page in ("dashboard", "episode_list")


def test_a_change_shows_at_once_and_a_view_changes_nothing(
    personas, alice_client, reuse, django_assert_max_num_queries
):
    client = make_client(personas.practice, personas.alice, first_name="Marta")
    other = make_client(personas.practice, personas.alice, first_name="Other")
    url = reverse("client_detail", args=[client.pk])
    alice_client.get(url)
    mark = change_mark(personas.practice.pk)
    # Bob looks at another client: audited as a view, which is not a change.
    bob = force_sign_in(HttpClient(), personas.bob)
    assert bob.get(reverse("client_detail", args=[other.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="view", object_id=str(other.pk)).exists()
    assert change_mark(personas.practice.pk) == mark
    _queries(alice_client, url, django_assert_max_num_queries, 9 + _chain_lock())
    # A medicine recorded through the service (audited in its transaction) shows at once.
    medication_record(client=client, actor=personas.bob, name="Warfarin", dose="5 mg")
    assert change_mark(personas.practice.pk) != mark
    assert "Warfarin" in alice_client.get(url).content.decode()
    # And on the client list, kept a moment ago under the old mark.
    alice_client.get(reverse("client_list"))
    client_update(client=client, actor=personas.bob, last_name="Quintero")
    assert "Quintero, Marta" in alice_client.get(reverse("client_list")).content.decode()


def test_another_practice_neither_moves_the_mark_nor_sees_the_part(
    personas, alice_client, charlie_client
):
    client = make_client(personas.practice, personas.alice, first_name="Private")
    alice_client.get(reverse("client_detail", args=[client.pk]))
    alice_client.get(reverse("client_list"))
    mark = change_mark(personas.practice.pk)
    make_client(personas.other_practice, personas.charlie, first_name="Elsewhere")
    assert change_mark(personas.practice.pk) == mark
    assert charlie_client.get(reverse("client_detail", args=[client.pk])).status_code == 404
    listing = charlie_client.get(reverse("client_list")).content.decode()
    assert "Elsewhere" in listing and "Private" not in listing


def test_each_response_carries_its_own_sessions_token(personas, reuse):
    """Two sessions of one user share the kept part; each form posts with the token of the
    session that shows it, and the placeholder never reaches a page."""
    client = make_client(personas.practice, personas.alice, first_name="Token")
    medicine = medication_record(client=client, actor=personas.alice, name="Ibuprofen")
    url = reverse("client_detail", args=[client.pk])
    phone, desk = (
        force_sign_in(HttpClient(enforce_csrf_checks=True), personas.alice) for _ in range(2)
    )
    phone.get(url)
    html = desk.get(url).content.decode()
    assert CSRF_PLACEHOLDER not in html
    stop = reverse("medication_stop", args=[medicine.pk])
    form = re.search(rf'action="{stop}"[^>]*>.*?value="([^"]+)"', html, re.S)
    assert form is not None
    response = desk.post(stop, {"csrfmiddlewaretoken": form.group(1)})
    assert response.status_code == 302
    assert "Ibuprofen" not in desk.get(url).content.decode().split('id="medications-h"')[1]


def test_the_part_is_built_again_when_the_minute_turns(
    personas, alice_client, reuse, django_assert_max_num_queries, monkeypatch
):
    make_client(personas.practice, personas.alice, first_name="Clock")
    url = reverse("client_list")
    start = timezone.now().replace(second=30, microsecond=0)
    monkeypatch.setattr(pageparts.timezone, "now", lambda: start)
    alice_client.get(url)
    _queries(alice_client, url, django_assert_max_num_queries, 5)
    monkeypatch.setattr(pageparts.timezone, "now", lambda: start + dt.timedelta(minutes=1))
    with django_assert_max_num_queries(20) as counted:
        alice_client.get(url)
    assert len(counted) > 5  # built again: the referral sources, the count, the rows


def test_a_change_written_without_an_audit_event_fails_loudly_in_verify_mode(
    personas, alice_client, settings
):
    """The safety net the whole suite runs with: a write that skips the audit trail (here a
    raw UPDATE) would leave a kept part stale, and verify mode says so."""
    settings.PAGE_PARTS_VERIFY = True
    client = make_client(personas.practice, personas.alice, first_name="Before")
    url = reverse("client_detail", args=[client.pk])
    alice_client.get(url)
    Client.objects.filter(pk=client.pk).update(first_name="After")
    alice_client.raise_request_exception = True
    with pytest.raises(StalePart):
        alice_client.get(url)


def test_the_mark_reads_the_newest_change_through_its_own_index(personas):
    make_client(personas.practice, personas.alice)
    newest = (
        AuditEvent.objects.filter(practice=personas.practice, action__in=CHANGE_ACTIONS)
        .order_by("-chain_seq")
        .first()
    )
    assert change_mark(personas.practice.pk) == newest.hash
    assert all(f"'{action}'" in pageparts._MARK_SQL for action in CHANGE_ACTIONS)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + pageparts._MARK_SQL, [personas.practice.pk])
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "audit_change_head" in plan
