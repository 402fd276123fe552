"""Issue 11, item 8: an undecided triage is under "Needs attention now"; check-ins coming up
are listed before their day; every repeated link says which client it is for."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.core.pageparts import part_time
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import FollowUp
from careloop.episodes.selectors import DASHBOARD_ROWS
from careloop.episodes.services import decision_record, pain_report_create
from careloop.episodes.testing import knee_call, make_client, make_session

pytestmark = pytest.mark.django_db


def _attention(html: str) -> str:
    start = html.index('id="attention-h"')
    return html[start : html.index("</section>", start)]


def _client_with_report(personas, name: str, decide: bool):
    client = make_client(personas.practice, practitioner=personas.alice, first_name=name)
    make_session(client, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
    report = pain_report_create(
        client=client, recorded_by=personas.alice, report=PainReportInput(**knee_call(pain_now=4))
    )
    if decide:
        decision_record(
            triage_record=report.triage_record,
            decided_by=personas.alice,
            chosen_action=report.triage_record.action,
            modification_change="Leg press 40 kg to 25 kg",
        )
    return client, report


@pytest.mark.parametrize("rows", [2, 5])  # up to 10 open episodes: every list fits
def test_it_lists_undecided_reports_and_coming_check_ins_at_a_fixed_cost(
    alice_client, personas, django_assert_max_num_queries, rows, settings
):
    settings.PAGE_PARTS_VERIFY = False  # count what production does on a reuse
    for i in range(rows):
        _client_with_report(personas, f"Undecided{i}", decide=False)
        _client_with_report(personas, f"Decided{i}", decide=True)
    # The check-ins of the decided ones fall due in two days: not today, but coming up.
    FollowUp.objects.update(due_at=timezone.now() + dt.timedelta(days=2))
    # Nine (the undecided have their own query, so an old one is never crowded out), two
    # for the client check-ins section (careloop.checkin) and the practice's change mark.
    with django_assert_max_num_queries(12):
        html = alice_client.get(reverse("dashboard")).content.decode()
    # Seen again with nothing changed: the kept body (careloop/core/pageparts.py), for the
    # session, user, membership, two-factor policy and the change mark alone.
    with django_assert_max_num_queries(5):
        again = alice_client.get(reverse("dashboard")).content.decode()
    assert _attention(again) == _attention(html)
    attention = _attention(html)
    assert "Needs a decision" in attention and "Coming up" in attention
    for i in range(rows):
        assert f'Decide<span class="sr-only"> for Undecided{i} Lopez</span>' in attention
        assert f'Check in<span class="sr-only"> with Decided{i} Lopez</span>' in attention
    assert "Nothing is waiting for you" not in attention


def test_every_link_name_on_the_dashboard_is_unique(alice_client, personas):
    for i in range(3):
        _client_with_report(personas, f"Client{i}", decide=True)
    FollowUp.objects.update(due_at=timezone.now() - dt.timedelta(hours=1))
    html = alice_client.get(reverse("dashboard")).content.decode()
    names = [
        re.sub(r"<[^>]+>", "", inner).strip()
        for href, inner in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
        if "/follow-ups/" in href or "/clearance/" in href
    ]
    assert names and len(names) == len(set(names)), names


def test_an_old_undecided_report_is_not_crowded_out_by_newer_episodes(alice_client, personas):
    """The undecided came from the most recent open episodes only: one older than the
    newest 25 was missing from "Needs a decision", the first thing to do."""
    _client_with_report(personas, "Oldest", decide=False)
    for i in range(26):
        _client_with_report(personas, f"Newer{i}", decide=True)
    attention = _attention(alice_client.get(reverse("dashboard")).content.decode())
    assert "Needs a decision" in attention
    assert 'Decide<span class="sr-only"> for Oldest Lopez</span>' in attention


def test_each_list_counts_everything_and_shows_the_first_rows(
    alice_client, personas, django_assert_max_num_queries
):
    extra = 3
    for i in range(DASHBOARD_ROWS + extra):
        _client_with_report(personas, f"Late{i}", decide=True)
    FollowUp.objects.update(due_at=timezone.now() - dt.timedelta(hours=2))
    with django_assert_max_num_queries(16):  # and one count per list that has more
        html = alice_client.get(reverse("dashboard")).content.decode()
    attention = _attention(html)
    overdue = FollowUp.objects.count()
    assert overdue > DASHBOARD_ROWS
    assert f'Overdue follow-ups <span class="badge badge-danger">{overdue}</span>' in attention
    shown = attention.count('<li class="row task">')
    assert shown == DASHBOARD_ROWS
    assert f"And {overdue - DASHBOARD_ROWS} more overdue" in attention
    assert f'href="{reverse("today")}"' in attention


def test_a_list_with_no_rows_left_to_show_still_gives_its_count(alice_client, personas):
    """The rows come from one fetch in due order, so many overdue follow-ups leave none of
    today's to show: the section says how many there are and where they are."""
    for i in range(3 * DASHBOARD_ROWS + 3):  # 31 overdue fill the fetch of 31 rows
        _client_with_report(personas, f"Over{i}", decide=True)
    tasks = list(FollowUp.objects.order_by("pk"))
    today = tasks[:2]
    FollowUp.objects.exclude(pk__in=[t.pk for t in today]).update(
        due_at=timezone.now() - dt.timedelta(hours=2)
    )
    local = timezone.localtime(timezone.now(), personas.practice.tz)
    end_of_day = local.replace(hour=23, minute=59, second=0, microsecond=0)
    if end_of_day - local < dt.timedelta(minutes=5):
        pytest.skip("too close to midnight for a follow-up due later today")
    FollowUp.objects.filter(pk__in=[t.pk for t in today]).update(due_at=end_of_day)
    attention = _attention(alice_client.get(reverse("dashboard")).content.decode())
    assert 'Due today <span class="badge badge-warn">2</span>' in attention
    assert "All 2 due today" in attention


def test_a_follow_up_due_later_this_minute_is_overdue_already(alice_client, personas):
    """The dashboard is computed as of the end of the current minute (it is kept for the
    minute, careloop/core/pageparts.py): an alert comes up to a minute early, never late."""
    if timezone.now().second >= 55:
        time.sleep(6)  # room for a due time still ahead of the clock within the minute
    _client_with_report(personas, "Soon", decide=True)
    due = part_time() - dt.timedelta(seconds=1)
    assert due > timezone.now()
    FollowUp.objects.update(due_at=due)
    attention = _attention(alice_client.get(reverse("dashboard")).content.decode())
    assert "Overdue follow-ups" in attention and "Soon Lopez" in attention
