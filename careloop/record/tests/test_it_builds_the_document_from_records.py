"""The episode document from stored records: complete, valid, renderable, at a fixed cost."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.cli import main
from careloop.episodes.models import Episode
from careloop.episodes.services import emergency_action_record
from careloop.letters import compose, render_text
from careloop.letters.compose import letter_document
from careloop.letters.testing import decided_report, knee_client, sessions
from careloop.record import parse_document
from careloop.record.build import BuildError, episode_document, progress_document

pytestmark = pytest.mark.django_db


def _hold_episode(personas, count=3):
    client = knee_client(personas)
    sessions(client, personas.alice, count, last_ended=timezone.now() - dt.timedelta(hours=20))
    report = decided_report(client, personas.alice, action="hold_and_contact")
    return client, report


def test_it_maps_an_episode_on_hold_to_a_valid_document(personas):
    _, report = _hold_episode(personas)
    doc = episode_document(report.episode, author=personas.alice)
    again = parse_document(json.loads(doc.model_dump_json()))
    assert again == doc
    assert doc.recipient.name == "Dr Anjali Patel"
    assert doc.recipient.email == "patel@hospital.test"
    assert doc.author.name == "Alice Archer"
    assert doc.practice.name == personas.practice.name
    assert doc.client.referral is not None and doc.client.referral.surgeries
    assert doc.client.referral.precautions == [
        "No kneeling on the operated knee",
        "No running or jumping",
    ]
    assert [r.id for r in doc.pain_reports] == [f"PR-{report.pk}"]
    assert doc.pain_reports[0].client_statement == "My knee is killing me since last night."
    assert doc.triage_results[0].action == "hold_and_contact"
    assert doc.triage_results[0].matched_rules
    assert doc.decisions[0].action == "hold_and_contact"
    assert "Program put on hold" in doc.decisions[0].actions_taken
    assert doc.hold is not None and doc.hold.clearance is None
    assert doc.program is not None and doc.program.status == "on_hold"
    assert {e.name for e in doc.program.exercises} == {"Leg press", "Step-up", "Wall sit"}
    # The linked session with each exercise, its parameters and performed sets.
    linked = doc.session(doc.pain_reports[0].session_id)
    assert linked is not None and len(doc.sessions) == 3
    leg = linked.exercises[0]
    assert leg.name == "Leg press" and leg.prescribed.sets == 3 and leg.prescribed.reps == 10
    assert leg.sets[0].reps == 10 and leg.sets[0].load is not None and leg.sets[0].load.value == 32
    # How a letter names the follow-ups is its wording, not a fact of the record.
    assert {f.label for f in doc.follow_ups} == {""}
    worded = letter_document(doc)
    assert {f.label for f in worded.follow_ups} >= {"24 h check-in", "48 h check-in"}
    assert doc.request is None
    assert worded.request is not None and "resume" in worded.request.question
    assert worded.request.respond_by > timezone.localdate() - dt.timedelta(days=1)


def test_the_exported_document_composes_every_episode_letter(personas):
    _, report = _hold_episode(personas)
    doc = parse_document(
        json.loads(episode_document(report.episode, author=personas.alice).model_dump_json())
    )
    sbar = " ".join(render_text(compose(doc, "sbar")).split())
    assert "Client reports: “My knee is killing me since last night.”" in sbar
    assert "Leg press" in sbar and "Dr Anjali Patel" in sbar
    assert "H2" in sbar
    followup = " ".join(render_text(compose(doc, "followup")).split())
    assert "Questions for you" in followup and "May Margaret resume" in followup


def test_a_modification_is_a_program_change(personas):
    client = knee_client(personas)
    sessions(client, personas.alice, 2, last_ended=timezone.now() - dt.timedelta(hours=20))
    report = decided_report(client, personas.alice, action="modify")
    doc = episode_document(report.episode, author=personas.alice)
    assert doc.program is not None and doc.program.status == "modified"
    assert len(doc.program_changes) == 1
    change = doc.program_changes[0]
    assert change.version == 2 and any("Leg press" in c for c in change.changes)
    assert "Program modified (version 2)" in doc.decisions[0].actions_taken
    assert "Program changes (version 2)" in render_text(compose(doc, "sbar"))


def test_a_client_without_a_referral_cannot_have_a_letter(personas):
    client, report = _hold_episode(personas)
    client.referrals.all().delete()
    with pytest.raises(BuildError) as caught:
        episode_document(report.episode, author=personas.alice)
    assert caught.value.problems[0][0] == "recipient"


def test_a_progress_document_covers_recent_sessions(personas):
    client = knee_client(personas)
    sessions(client, personas.alice, 6, last_ended=timezone.now() - dt.timedelta(days=1))
    doc = progress_document(client, author=personas.bob)
    assert doc.episode is None and len(doc.sessions) == 6
    text = render_text(compose(doc, "progress"))
    assert "Progress report" in text and "Leg press" in text


@pytest.mark.parametrize("count", [2, 12])
def test_the_document_costs_the_same_for_a_longer_history(
    personas, django_assert_max_num_queries, count
):
    _, report = _hold_episode(personas, count=count)

    episode = Episode.objects.select_related("client__practice").get(pk=report.episode_id)
    with django_assert_max_num_queries(16):
        doc = episode_document(episode, author=personas.alice)
    assert len(doc.sessions) == min(count, 10)


def test_episode_export_writes_a_document_that_letter_render_renders(personas, tmp_path):
    _, report = _hold_episode(personas)
    out = tmp_path / "episode.json"
    assert main(["episode", "export", str(report.episode_id), "-o", str(out)]) == 0
    doc = parse_document(json.loads(out.read_text(encoding="utf-8")))
    assert doc.episode is not None and doc.episode.id == f"EP-{report.episode_id}"
    assert AuditEvent.objects.filter(action="export", object_id=str(report.episode_id)).exists()
    pdf = tmp_path / "sbar.pdf"
    assert main(["letter", "render", str(out), "--kind", "sbar", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_episode_export_of_a_missing_episode_says_so(personas, capsys):
    assert main(["episode", "export", "999999"]) == 2
    assert "no episode has id 999999" in capsys.readouterr().err


def test_it_records_what_was_done_in_an_emergency_and_the_consent(personas):
    """The care actions tapped during an emergency reach the document with their times and
    the care setting they sent the client to; the SBAR's Situation says them."""
    client = knee_client(personas)
    sessions(client, personas.alice, 2, last_ended=timezone.now() - dt.timedelta(hours=20))
    report = decided_report(
        client,
        personas.alice,
        action="emergency",
        red_flags=["one_sided_leg_swelling", "new_breathlessness_on_exertion"],
    )
    record = report.triage_record
    called, _ = emergency_action_record(
        triage_record=record, kind="emergency_services_called", recorded_by=personas.alice
    )
    doc = episode_document(report.episode, author=personas.alice)
    assert [(a.kind, a.care_setting) for a in doc.care_actions] == [
        ("emergency_services_called", "call_emergency_services")
    ]
    assert doc.care_actions[0].at == called.recorded_at
    assert doc.care_actions[0].pain_report_id == f"PR-{report.pk}"
    assert doc.client.consent is not None
    assert doc.client.consent.scope.startswith("Session and pain information")
    situation = " ".join(render_text(compose(doc, "sbar")).split())
    local = timezone.localtime(called.recorded_at, personas.practice.tz)
    assert f"Emergency services were called at {local:%H:%M}" in situation
    assert "recommends: call emergency services" in situation
