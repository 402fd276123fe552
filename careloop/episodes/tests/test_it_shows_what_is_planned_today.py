"""The "Today" page: follow-ups due and sessions of the practice's day, in its time zone,
and who usually trains on this weekday (derived from last week: there is no booking)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.clients.models import Client
from careloop.episodes.models import Episode, FollowUp
from careloop.episodes.today import today_plan
from careloop.training.models import Session

pytestmark = pytest.mark.django_db


def _client(practice, first, last="Ellis", status=Client.Status.ACTIVE):
    return Client.objects.create(
        practice=practice,
        first_name=first,
        last_name=last,
        date_of_birth=dt.date(1955, 3, 14),
        sex="female",
        status=status,
    )


def _session(client, practitioner, started_at, voided=False):
    return Session.objects.create(
        practice=client.practice,
        client=client,
        practitioner=practitioner,
        started_at=started_at,
        duration_minutes=45,
        ended_at=started_at + dt.timedelta(minutes=45),
        pain_before=2,
        voided_at=timezone.now() if voided else None,
    )


def _follow_up(client, by, due_at, **extra):
    episode = Episode.objects.filter(client=client).first() or Episode.objects.create(
        practice=client.practice, client=client, opened_by=by
    )
    return FollowUp.objects.create(
        practice=client.practice,
        episode=episode,
        client=client,
        kind="check_in",
        due_at=due_at,
        **extra,
    )


def _practice_in(practice, tz_name):
    practice.time_zone = tz_name
    practice.save()
    return practice


def test_the_day_is_the_practices_day(personas):
    # 23:30 UTC on 1 March is already 2 March in Auckland (UTC+13 then).
    practice = _practice_in(personas.practice, "Pacific/Auckland")
    now = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    client = _client(practice, "Margaret")
    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    this_morning = dt.datetime(2026, 3, 2, 9, 0, tzinfo=auckland)
    yesterday_evening = dt.datetime(2026, 3, 1, 18, 0, tzinfo=auckland)
    kept = _session(client, personas.alice, this_morning)
    _session(client, personas.alice, yesterday_evening)
    due = _follow_up(client, personas.alice, dt.datetime(2026, 3, 2, 17, 0, tzinfo=auckland))
    late = _follow_up(client, personas.alice, dt.datetime(2026, 3, 1, 17, 0, tzinfo=auckland))
    _follow_up(client, personas.alice, dt.datetime(2026, 3, 3, 9, 0, tzinfo=auckland))
    plan = today_plan(practice, now=now)
    assert plan.day == dt.date(2026, 3, 2)
    assert [s.pk for s in plan.sessions] == [kept.pk]
    assert [t.pk for t in plan.due_today] == [due.pk]
    assert [t.pk for t in plan.overdue] == [late.pk]


def test_it_leaves_out_done_cancelled_voided_and_other_practices(personas):
    practice = personas.practice
    now = timezone.now()
    client = _client(practice, "Margaret")
    _follow_up(client, personas.alice, now, completed_at=now, completed_by=personas.alice)
    _follow_up(client, personas.alice, now, cancelled=True, completed_at=now)
    _session(client, personas.alice, now - dt.timedelta(minutes=1), voided=True)
    theirs = _client(personas.other_practice, "Charlotte")
    _session(theirs, personas.charlie, now - dt.timedelta(minutes=1))
    _follow_up(theirs, personas.charlie, now)
    _session(theirs, personas.charlie, now - dt.timedelta(days=7))
    assert today_plan(practice, now=now).empty


def test_usually_trains_today_is_last_weeks_clients_not_seen_yet(personas):
    practice = personas.practice
    now = timezone.localtime(timezone.now(), practice.tz).replace(hour=12, minute=0)
    regular = _client(practice, "Regular")
    seen = _client(practice, "Seen")
    gone = _client(practice, "Gone", status=Client.Status.DISCHARGED)
    last_week = now - dt.timedelta(days=7, hours=2)
    for client in (regular, seen, gone):
        _session(client, personas.alice, last_week)
    _session(regular, personas.alice, last_week + dt.timedelta(hours=1))  # listed once
    _session(seen, personas.alice, now - dt.timedelta(hours=1))
    plan = today_plan(practice, now=now)
    assert [s.client.first_name for s in plan.usual] == ["Regular"]
    assert [s.client.first_name for s in plan.sessions] == ["Seen"]


def test_the_page_lists_by_start_time_in_fixed_queries(
    personas, alice_client, django_assert_max_num_queries
):
    practice = personas.practice
    now = timezone.localtime(timezone.now(), practice.tz)
    start_of_day = now.replace(hour=0, minute=5)
    for n in range(12):
        client = _client(practice, f"Client{n}")
        _session(client, personas.alice, start_of_day + dt.timedelta(minutes=n))
        _session(client, personas.alice, start_of_day - dt.timedelta(days=7))
        _follow_up(client, personas.alice, now.replace(hour=23, minute=50))
        _follow_up(client, personas.alice, now - dt.timedelta(days=1))
    with django_assert_max_num_queries(10):
        response = alice_client.get(reverse("today"))
    assert response.status_code == 200
    page = response.content.decode()
    plan = response.context["plan"]
    assert len(plan.sessions) == 12 and len(plan.due_today) == 12 and len(plan.overdue) == 12
    first = timezone.localtime(plan.sessions[0].started_at, practice.tz).strftime("%H:%M")
    assert f"started {first}" in page
    assert "no appointment book" in page


def test_the_menu_links_to_today(personas, alice_client):
    page = alice_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("today")}"' in page
