"""Issue 11, items 2 and 5: a wrong pain report is corrected (a new report, triaged again,
supersedes it; the old one is kept, voided) or voided, with a reason, audited without
clinical values; a voided report takes no decision and feeds no history or letter. The
pain two hours after a session, told by a later call, reaches rule M1."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.models import PainReport
from careloop.episodes.services import WorkflowError, decision_record, pain_report_create
from careloop.episodes.testing import knee_call, make_session
from careloop.record.build import episode_document

pytestmark = pytest.mark.django_db


def _correct(alice_client, report, **changes):
    url = reverse("pain_report_correct", args=[report.pk])
    page = alice_client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        "pain_now": str(report.pain_now),
        "region": report.region,
        "trend": report.trend,
        "swelling": report.swelling,
        "adl_limitation": report.adl_limitation,
        "character": report.character,
        "client_statement": report.client_statement,
        "practitioner_observation": report.practitioner_observation,
        "session": str(form.initial["session"]),
        "reported_at": form.initial["reported_at"],
        "source": report.source,
    }
    data.update(changes)
    return alice_client.post(url, data)


def test_it_corrects_a_report_with_a_new_triage_and_keeps_the_old_one(
    personas, alice_client, knee_client, yesterday_session
):
    report = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    )
    assert report.triage_record.action == "hold_and_contact"  # 7/10: rule H2
    response = _correct(
        alice_client,
        report,
        pain_now="3",
        reason_kind="wrong_value",
        reason="Typed 7; she said 3",
    )
    assert response.status_code == 302, response.context["form"].errors
    old = PainReport.objects.get(pk=report.pk)
    new = PainReport.objects.get(supersedes=old)
    assert old.is_voided and old.void_reason == "Typed 7; she said 3"
    assert new.pain_now == 3 and new.triage_record.action != "hold_and_contact"
    assert new.episode_id == old.episode_id
    assert response["Location"] == reverse("recommendation", args=[new.triage_record.pk])
    event = AuditEvent.objects.get(
        object_type="episodes.painreport", object_id=str(old.pk), action="update"
    )
    assert event.detail == f"corrected (wrong_value), replaced by report {new.pk}"
    # The old one stays visible, marked, and asks for no decision.
    old_page = alice_client.get(reverse("recommendation", args=[old.triage_record.pk]))
    assert "This pain report was voided" in old_page.content.decode()
    assert "Record decision" not in old_page.content.decode()
    episode_page = alice_client.get(reverse("episode_detail", args=[old.episode_id]))
    assert "(voided)" in episode_page.content.decode()
    assert [r.pk for r in episode_page.context["undecided"]] == [new.triage_record.pk]
    with pytest.raises(WorkflowError):
        decision_record(
            triage_record=old.triage_record,
            decided_by=personas.alice,
            chosen_action=old.triage_record.action,
        )
    # Letters report the correction only.
    doc = episode_document(old.episode, author=personas.alice)
    assert [r.pain_now for r in doc.pain_reports] == [3]


def test_it_refuses_a_correction_without_a_reason_and_saves_nothing(
    personas, alice_client, knee_client, yesterday_session
):
    report = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    )
    response = _correct(alice_client, report, pain_now="3", reason_kind="", reason="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose why the record changes." in html and "Say why" in html
    assert PainReport.objects.count() == 1 and not PainReport.objects.get().is_voided


def test_it_voids_a_report_so_it_leaves_the_history_and_needs_no_decision(
    personas, alice_client, knee_client, yesterday_session
):
    wrong = pain_report_create(
        client=knee_client, recorded_by=personas.alice, report=PainReportInput(**knee_call())
    )
    url = reverse("pain_report_void", args=[wrong.pk])
    response = alice_client.post(url, {"reason_kind": "wrong_client", "reason": "Was Sam"})
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.is_voided
    client_page = alice_client.get(reverse("client_detail", args=[knee_client.pk]))
    assert (
        reverse("recommendation", args=[wrong.triage_record.pk]) not in client_page.content.decode()
    )
    event = AuditEvent.objects.get(object_type="episodes.painreport", detail__startswith="voided")
    assert event.detail == "voided (wrong_client)"
    later = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(**knee_call(pain_now=2)),
    )
    assert "previous_reports" not in later.triage_record.input.get("history", {})
    page = alice_client.get(reverse("episode_detail", args=[wrong.episode_id]))
    assert [r.pk for r in page.context["undecided"]] == [later.triage_record.pk]


def test_it_takes_the_pain_two_hours_after_from_a_later_call_into_rule_m1(
    personas, alice_client, knee_client
):
    session = make_session(
        knee_client,
        personas.alice,
        ended_at=timezone.now() - dt.timedelta(hours=3),
        pain_before=2,
        pain_during_max=3,
        pain_after=3,
    )
    detail = reverse(
        "session_detail", kwargs={"client_id": knee_client.pk, "session_id": session.pk}
    )
    assert "Pain two hours after" in alice_client.get(detail).content.decode()
    url = reverse("session_pain_2h", kwargs={"client_id": knee_client.pk, "session_id": session.pk})
    assert alice_client.post(url, {}).status_code == 400  # nothing chosen: asked, not saved
    assert alice_client.post(url, {"pain_2h": "5"}).status_code == 302
    session.refresh_from_db()
    assert session.pain_2h == 5
    again = alice_client.post(url, {"pain_2h": "1"})
    assert again.status_code == 400 and "correct the session" in again.content.decode()
    # Pain elsewhere, low now: only the two-hour branch of M1 can match.
    report = pain_report_create(
        client=knee_client,
        recorded_by=personas.alice,
        report=PainReportInput(
            pain_now=2, region="shoulder_left", character=["dull_ache"], trend="improving"
        ),
    )
    assert report.triage_record.input["session"]["pain_2h"] == 5
    assert "M1" in [rule.id for rule in report.triage_record.matched_rules]
