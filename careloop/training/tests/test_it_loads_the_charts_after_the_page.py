"""The client page shows its two charts after the page (htmx, hx-trigger="load"): the page
carries readable placeholders and the pain table; the chart URLs draw them, answer only
for the client's practice, are audited, and cost a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.training.testing import make_program, make_session

pytestmark = pytest.mark.django_db


def _urls(client):
    return {
        kind: reverse(f"training_{kind}_chart", kwargs={"client_id": client.pk})
        for kind in ("pain", "load")
    }


def _history(personas, client, count, start=0):
    for n in range(start, start + count):
        make_session(
            client,
            personas.alice,
            days_ago=2 * (count + start - n) + 1,
            pain_before=n % 5,
            from_program=True,
        )


def test_the_client_page_has_placeholders_and_the_pain_table(personas, alice_client, client_record):
    make_program(client_record, personas.alice)
    _history(personas, client_record, 3)
    html = alice_client.get(
        reverse("client_detail", kwargs={"client_id": client_record.pk})
    ).content.decode()
    sessions_url = reverse("session_list", kwargs={"client_id": client_record.pk})
    assert "<svg" not in html
    for url in _urls(client_record).values():
        assert f'hx-get="{url}" hx-trigger="load"' in html
    assert html.count('aria-live="polite" aria-busy="true"') == 2
    assert html.count("Loading chart…") == 2
    assert html.count(f'<a href="{sessions_url}">See every session in a list</a>') == 2
    assert "<summary>Pain as a table</summary>" in html


def test_a_client_without_sessions_gets_no_chart_slots(personas, alice_client, client_record):
    html = alice_client.get(
        reverse("client_detail", kwargs={"client_id": client_record.pk})
    ).content.decode()
    assert 'hx-trigger="load"' not in html and "No sessions yet" in html


def test_the_chart_urls_draw_the_charts_and_are_audited(personas, alice_client, client_record):
    make_program(client_record, personas.alice)
    _history(personas, client_record, 3)
    urls = _urls(client_record)
    before = AuditEvent.objects.filter(action="view").count()
    pain = alice_client.get(urls["pain"], HTTP_HX_REQUEST="true").content.decode()
    assert pain.count("<svg") == 1 and "<script" not in pain
    assert 'aria-labelledby="pain-chart-h"' in pain and "Solid line before" in pain
    load = alice_client.get(urls["load"], HTTP_HX_REQUEST="true").content.decode()
    assert load.count("<svg") == 1 and "Heaviest load in each session: Leg press" in load
    events = AuditEvent.objects.filter(action="view").order_by("pk")[before:]
    assert [e.detail for e in events] == ["pain chart", "load chart"]
    assert all(e.practice_id == personas.practice.pk for e in events)


@pytest.mark.parametrize("kind", ["pain", "load"])
def test_the_chart_urls_cost_the_same_for_5_and_60_sessions(
    personas, alice_client, client_record, django_assert_max_num_queries, kind
):
    make_program(client_record, personas.alice)
    _history(personas, client_record, 5)
    url = _urls(client_record)[kind]
    cache.clear()
    with django_assert_max_num_queries(15) as few:  # 14 on SQLite (no audit lock)
        assert alice_client.get(url).status_code == 200
    _history(personas, client_record, 55, start=5)
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        html = alice_client.get(url).content.decode()
    assert "<svg" in html
    if kind == "pain":
        assert "Last 40 of 60 sessions" in html


def test_the_chart_urls_answer_404_to_another_practice(personas, charlie_client, client_record):
    for url in _urls(client_record).values():
        assert charlie_client.get(url).status_code == 404


def test_a_client_without_sessions_gets_empty_charts(personas, alice_client, client_record):
    urls = _urls(client_record)
    assert "No sessions yet" in alice_client.get(urls["pain"]).content.decode()
    assert "No loads recorded yet" in alice_client.get(urls["load"]).content.decode()
