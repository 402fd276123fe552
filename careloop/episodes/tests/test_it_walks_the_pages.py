"""The pages of the workflow, driven through the Django test client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careloop.episodes.forms import RulesetForm
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import Decision, FollowUp, Hold, PainReport, PracticeRuleset
from careloop.episodes.services import decision_record, pain_report_create
from careloop.episodes.testing import knee_call, make_client, make_session
from careloop.triage import DEFAULT_RULESET

pytestmark = pytest.mark.django_db


def _post_report(client, knee_client, session, **overrides):
    data = {
        "pain_now": "7",
        "region": "knee_right",
        "trend": "unchanged",
        "character": ["throbbing"],
        "swelling": "none",
        "adl_limitation": "none",
        "client_statement": "My knee is killing me",
        "practitioner_observation": "",
        "session": str(session.pk),
        "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "source": "client_call",
    }
    data.update(overrides)
    return client.post(reverse("pain_report_create", args=[knee_client.pk]), data)


def test_it_shows_the_report_form_with_sensible_defaults(
    alice_client, knee_client, yesterday_session
):
    page = alice_client.get(reverse("pain_report_create", args=[knee_client.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Calf or thigh swollen on one side" in html  # red flags in plain words
    assert f'<option value="{yesterday_session.pk}" selected' in html
    assert '<option value="knee_right" selected' in html  # the referral's region
    assert "What the client says, in their words" in html and "What you observed" in html


def test_it_triages_a_report_and_shows_the_recommendation(
    alice_client, knee_client, yesterday_session
):
    response = _post_report(alice_client, knee_client, yesterday_session)
    report = PainReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("recommendation", args=[report.triage_record.pk])
    page = alice_client.get(response.url).content.decode()
    assert "Hold the program and contact the referral source" in page
    for rule_id in ("H2", "M1", "M3"):
        assert f">{rule_id}<" in page
    assert "Serlin" in page  # the source of H2
    assert "Contact directly the same day" in page
    assert "24 h and 48 h" in page


def test_it_shows_errors_next_to_fields_and_saves_nothing(
    alice_client, knee_client, yesterday_session
):
    response = _post_report(alice_client, knee_client, yesterday_session, pain_now="", region="")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_pain_now_error"' in html and 'id="id_region_error"' in html
    future = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = _post_report(alice_client, knee_client, yesterday_session, reported_at=future)
    assert "is in the future" in response.content.decode()
    assert not PainReport.objects.exists()


def test_it_refuses_a_departure_without_reason_next_to_the_field(
    alice_client, knee_client, yesterday_session, personas
):
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    url = reverse("decision_create", args=[record.pk])
    response = alice_client.post(url, {"chosen_action": "continue", "continue_choice": "monitor"})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    assert not Decision.objects.exists()
    response = alice_client.post(url, {"chosen_action": "hold_and_contact"})
    assert response.status_code == 302
    assert Hold.objects.filter(lifted_at__isnull=True).count() == 1


def test_it_tells_the_second_practitioner_someone_decided_first(
    alice_client, bob_client, knee_client, yesterday_session, personas
):
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    url = reverse("decision_create", args=[record.pk])
    assert alice_client.post(url, {"chosen_action": "hold_and_contact"}).status_code == 302
    response = bob_client.post(
        url, {"chosen_action": "emergency", "reason": "worried"}, follow=True
    )
    html = response.content.decode()
    assert "Alice Archer already decided on this report" in html
    assert "nothing was done twice" in html
    assert Decision.objects.count() == 1 and Hold.objects.count() == 1
    assert FollowUp.objects.count() == 3


def test_it_records_emergency_actions_with_one_tap(
    alice_client, knee_client, yesterday_session, personas
):
    record = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(red_flags=["stroke_signs"])),
    ).triage_record
    page = alice_client.get(reverse("recommendation", args=[record.pk])).content.decode()
    assert "Call emergency services" in page
    url = reverse("emergency_action_create", args=[record.pk])
    alice_client.post(url, {"kind": "emergency_services_called"})
    alice_client.post(url, {"kind": "emergency_services_called"})  # a double tap
    assert record.emergency_actions.count() == 1
    page = alice_client.get(reverse("recommendation", args=[record.pk])).content.decode()
    assert 'aria-pressed="true"' in page


def test_it_records_a_clearance_and_lifts_the_hold(
    alice_client, knee_client, yesterday_session, personas
):
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    decision_record(
        triage_record=record, decided_by=personas.alice, chosen_action="hold_and_contact"
    )
    hold = Hold.objects.get()
    page = alice_client.get(reverse("clearance_create", args=[hold.pk])).content.decode()
    assert 'value="Dr Priya Natarajan"' in page
    response = alice_client.post(
        reverse("clearance_create", args=[hold.pk]),
        {
            "cleared_by_name": "Dr Priya Natarajan",
            "cleared_by_role": "Surgeon",
            "cleared_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "fax",
            "conditions": "No loaded knee flexion past 90 degrees",
        },
    )
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None
    page = alice_client.get(reverse("episode_detail", args=[hold.episode_id])).content.decode()
    assert "Clearance: hold lifted" in page and "No loaded knee flexion past 90 degrees" in page


def test_it_completes_a_check_in_with_a_new_triaged_report(
    alice_client, knee_client, yesterday_session, personas
):
    record = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=4)),
    ).triage_record
    decision_record(
        triage_record=record,
        decided_by=personas.alice,
        chosen_action="modify",
        modification_change="Lower loads",
    )
    check_in = FollowUp.objects.get(kind="check_in")
    response = alice_client.post(
        reverse("follow_up_complete", args=[check_in.pk]),
        {
            "pain_now": "8",
            "region": "knee_right",
            "trend": "worsening",
            "swelling": "none",
            "adl_limitation": "instrumental",
            "session": str(yesterday_session.pk),
            "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "source": "client_call",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Worse than before" in html
    check_in.refresh_from_db()
    assert (
        check_in.completed_at is not None
        and check_in.result.triage_record.escalated_from == "modify"
    )


def test_it_lets_an_owner_change_thresholds_with_errors_next_to_fields(
    alice_client, bob_client, personas
):
    url = reverse("practice_ruleset")
    assert bob_client.get(url).status_code == 403
    page = alice_client.get(url).content.decode()
    assert 'name="rules.H2.pain_now_min"' in page

    form = RulesetForm(ruleset=DEFAULT_RULESET, current=DEFAULT_RULESET)
    data = {name: field.initial for name, field in form.fields.items() if name != "note"}
    data["rules.H2.pain_now_min"] = 11
    response = alice_client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        'id="id_rules.H2.pain_now_min_error"' in html and "must be an integer from 1 to 10" in html
    )
    assert not PracticeRuleset.objects.exists()
    data["rules.H2.pain_now_min"] = 6
    data["note"] = "Our surgeons want a call from 6"
    assert alice_client.post(url, data).status_code == 302
    saved = PracticeRuleset.objects.get()
    assert saved.overrides == {"rules": {"H2": {"pain_now_min": 6}}} and saved.version == 1


def test_the_client_panel_offers_report_pain_and_shows_the_hold(
    knee_client, yesterday_session, personas, alice_client
):
    html = render_to_string("episodes/_client_panel.html", {"client": knee_client})
    assert "Report pain" in html and "Program on hold" not in html
    record = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    ).triage_record
    decision_record(
        triage_record=record, decided_by=personas.alice, chosen_action="hold_and_contact"
    )
    html = render_to_string("episodes/_client_panel.html", {"client": knee_client})
    assert "Program on hold" in html and "awaiting clearance from Dr Priya Natarajan" in html
    assert "Record clearance" in html


def test_client_called_finds_the_client(alice_client, personas):
    make_client(personas.practice, first_name="Maria", last_name="Lopez")
    make_client(personas.practice, first_name="Tom", last_name="Hardy")
    html = alice_client.get(reverse("client_called"), {"q": "lop"}).content.decode()
    assert "Maria Lopez" in html and "Tom Hardy" not in html


def _busy_practice(personas, n):
    for i in range(n):
        c = make_client(
            personas.practice, practitioner=personas.alice, first_name=f"C{i}", last_name="Busy"
        )
        make_session(c, personas.alice, ended_at=timezone.now() - dt.timedelta(hours=20))
        r = pain_report_create(
            client=c,
            recorded_by=personas.alice,
            report=PainReportInput(**knee_call(red_flags=["dark_urine"] if i % 2 else [])),
        )
        decision_record(
            triage_record=r.triage_record,
            decided_by=personas.alice,
            chosen_action=r.triage_record.action,
        )
    FollowUp.objects.update(due_at=timezone.now() - dt.timedelta(hours=1))


@pytest.mark.parametrize("rows", [2, 8])
def test_the_dashboard_costs_the_same_for_more_rows(
    alice_client, personas, django_assert_max_num_queries, rows
):
    _busy_practice(personas, rows)
    # Nine (the undecided have their own query), two for the client check-ins section
    # (careloop.checkin) and the practice's change mark; every list fits in the rows shown.
    with django_assert_max_num_queries(12):
        page = alice_client.get(reverse("dashboard"))
    html = page.content.decode()
    assert (
        "Dashboard" in html and "Overdue follow-ups" in html and "Holds awaiting clearance" in html
    )
    assert html.count("Record clearance") == rows
    assert "Emergencies in the last 24 hours" in html


@pytest.mark.parametrize("rows", [2, 8])
def test_the_episode_list_and_page_cost_the_same_for_more_rows(
    alice_client, personas, django_assert_max_num_queries, rows
):
    _busy_practice(personas, rows)
    with django_assert_max_num_queries(6):
        html = alice_client.get(reverse("episode_list")).content.decode()
    assert html.count("on hold</span>") == rows
    episode_id = PainReport.objects.first().episode_id
    # 17: the page's records, plus its vital signs card and whether it was shared as a case
    # (one query each, whatever the number of rows).
    with django_assert_max_num_queries(17):
        assert alice_client.get(reverse("episode_detail", args=[episode_id])).status_code == 200
