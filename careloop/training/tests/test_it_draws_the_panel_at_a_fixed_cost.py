"""The client page's training panel, the session list and the session form cost a fixed
number of queries however long the history is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careloop.training.selectors import program_items
from careloop.training.services import PerformedSpec, SetSpec, session_log
from careloop.training.testing import make_program

pytestmark = pytest.mark.django_db


def _sessions(personas, client, count, start=0):
    items = program_items(client.program)
    for n in range(start, start + count):
        session_log(
            client=client,
            actor=personas.alice,
            practitioner=personas.bob,
            started_at=timezone.now() - dt.timedelta(days=2 * (count + start - n)),
            duration_minutes=60,
            # A second batch lands on the first one's days: volume, not a double entry.
            allow_duplicate=True,
            pain_before=4 - n % 3,
            pain_after=2,
            exercises=[
                PerformedSpec(exercise=i.exercise, sets=[SetSpec(10, (i.load or 0) + n)] * 3)
                for i in items
            ],
        )


def _panel(client, query=""):
    request = RequestFactory().get("/" + (f"?{query}" if query else ""))
    template = Template("{% load training %}{% training_panel client %}")
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"client": client, "request": request}))
    return html, len(queries)


def test_the_panel_costs_the_same_for_5_and_60_sessions(personas, client_record):
    make_program(client_record, personas.alice, loads=(20, 40))
    _sessions(personas, client_record, 5)
    html, few = _panel(client_record)
    assert "Program version 1" in html and "All 5 sessions" in html
    # No chart is drawn with the page: two slots load them after it (htmx).
    assert "<svg" not in html and html.count('hx-trigger="load"') == 2
    assert "Pain as a table" in html
    _sessions(personas, client_record, 55, start=5)
    html, many = _panel(client_record)
    assert many == few <= 7
    assert "All 60 sessions" in html
    assert html.count('class="row"') == 10 + 0  # the last ten sessions


def test_the_panel_draws_the_chosen_exercise(personas, client_record):
    make_program(client_record, personas.alice, loads=(20, 40))
    _sessions(personas, client_record, 3)
    step_up = program_items(client_record.program)[1].exercise
    html, _ = _panel(client_record, f"exercise={step_up.pk}")
    load_url = reverse("training_load_chart", kwargs={"client_id": client_record.pk})
    assert f'hx-get="{load_url}?exercise={step_up.pk}"' in html


def test_the_load_chart_swaps_in_for_another_exercise(personas, alice_client, client_record):
    make_program(client_record, personas.alice, loads=(20, 40))
    _sessions(personas, client_record, 3)
    step_up = program_items(client_record.program)[1].exercise
    url = reverse("training_load_chart", kwargs={"client_id": client_record.pk})
    response = alice_client.get(url, {"exercise": step_up.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    # The select swaps in only this figure (hx-select), so focus stays on the select.
    chart_id = f"load-chart-{client_record.pk}"
    assert f'hx-select="#{chart_id}"' in html and f'<figure class="chart" id="{chart_id}">' in html
    assert "Heaviest load in each session: Step-up" in html and "<script" not in html
    assert f'<option value="{step_up.pk}" selected>' in html


def test_a_client_without_program_or_sessions_gets_an_empty_panel(personas, client_record):
    html, count = _panel(client_record)
    assert "No program yet" in html and "No sessions yet" in html and count <= 5


def test_the_session_list_and_form_cost_the_same_for_more_sessions(
    personas, alice_client, client_record, django_assert_max_num_queries
):
    make_program(client_record, personas.alice, loads=(20, 40))
    _sessions(personas, client_record, 30)
    list_url = reverse("session_list", kwargs={"client_id": client_record.pk})
    form_url = reverse("session_create", kwargs={"client_id": client_record.pk})
    counts = {}
    for url in (list_url, form_url):
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url).status_code == 200
        counts[url] = len(queries)
    _sessions(personas, client_record, 30, start=30)
    for url in (list_url, form_url):
        with django_assert_max_num_queries(counts[url]):
            alice_client.get(url)
    assert max(counts.values()) <= 16


def test_the_session_page_lists_sets_as_done(personas, alice_client, client_record, library):
    session = session_log(
        client=client_record,
        actor=personas.alice,
        practitioner=personas.alice,
        started_at=timezone.now() - dt.timedelta(hours=1),
        duration_minutes=60,
        pain_before=2,
        exercises=[
            PerformedSpec(
                exercise=library["Leg press"], sets=[SetSpec(10, Decimal(20))] * 3, pain_during=2
            ),
            PerformedSpec(exercise=library["Step-up"], sets=[SetSpec(10, None), SetSpec(8, None)]),
        ],
    )
    html = alice_client.get(
        reverse("session_detail", kwargs={"client_id": client_record.pk, "session_id": session.pk})
    ).content.decode()
    assert "3 x 10 at 20 kg" in html and "10, 8" in html


def test_the_load_chart_starts_with_the_programs_first_loaded_exercise(
    personas, alice_client, client_record, library
):
    make_program(client_record, personas.alice, loads=(20, 40))
    for days in (3, 2, 1):  # Step-up done more often than Leg press
        session_log(
            client=client_record,
            actor=personas.alice,
            practitioner=personas.alice,
            started_at=timezone.now() - dt.timedelta(days=days),
            duration_minutes=60,
            pain_before=2,
            exercises=[PerformedSpec(exercise=library["Step-up"], sets=[SetSpec(10, Decimal(5))])]
            + (
                [PerformedSpec(exercise=library["Leg press"], sets=[SetSpec(10, Decimal(20))])]
                if days == 1
                else []
            ),
        )
    html = alice_client.get(
        reverse("training_load_chart", kwargs={"client_id": client_record.pk})
    ).content.decode()
    assert "Heaviest load in each session: Leg press" in html
    assert html.index(">Leg press</option>") < html.index(">Step-up</option>")
