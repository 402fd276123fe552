"""Composition: what each letter says, in observational words, with statements labelled."""

from __future__ import annotations

import re

import pytest

from careloop.letters import ComposeError, LetterContent, compose, section_text, with_section_text
from careloop.letters.content import Chart, Paragraph, Table
from careloop.letters.formatting import TIMES
from careloop.letters.render.chart import chart_svg
from careloop.letters.tests.conftest import letter_text
from careloop.record.document import MatchedRule


def test_sbar_has_the_four_sections_in_order(knee_hold) -> None:
    letter = compose(knee_hold, "sbar")
    assert [s.heading for s in letter.sections] == [
        "Situation",
        "Background",
        "Assessment",
        "Recommendation and request",
    ]
    assert letter.request is not None and letter.request.respond_by_text == "Friday 13 March 2026"


def test_sbar_says_what_happened_in_the_session(knee_hold) -> None:
    text = letter_text(compose(knee_hold, "sbar"))
    assert "Tue 10 Mar 2026" in text
    for exercise in ("Seated leg press", "Step-up, 20 cm box", "Terminal knee extension"):
        assert exercise in text
    assert f"3 {TIMES} 12 @ 40 kg; range 0-90° knee flexion; tempo 2-0-2; rest 1:30 min" in text
    assert "12, 12, 10 @ 40 kg" in text
    assert "Before session: 2/10; During (highest): 4/10; After session: 3/10" in text
    assert "Now: 7/10 (Wed 11 Mar 2026, 18:30)" in text


def test_every_client_statement_is_labelled_and_kept_apart_from_observations(knee_hold) -> None:
    letter = compose(knee_hold, "sbar")
    report = knee_hold.pain_reports[0]
    paragraphs = [b.text for s in letter.sections for b in s.blocks if isinstance(b, Paragraph)]
    said = [p for p in paragraphs if report.client_statement in p]
    assert said and all(p.startswith("Client reports: “") for p in said)
    seen = [p for p in paragraphs if report.practitioner_observation[:30] in p]
    assert seen and all(p.startswith("Observed (Sam Okafor): ") for p in seen)
    session_said = knee_hold.sessions[-1].client_statements
    assert f"Client reports: “{session_said}”" in paragraphs


def test_assessment_lists_rules_with_findings_and_never_diagnoses(knee_hold) -> None:
    letter = compose(knee_hold, "sbar")
    tables = [b for b in letter.section("assessment").blocks if isinstance(b, Table)]
    rules = next(t for t in tables if t.columns[0] == "Rule")
    assert [row[0] for row in rules.rows] == ["H2", "H4", "H5", "M1", "M3", "M6"]
    assert all(row[1].startswith("Client reports") for row in rules.rows)
    assert "not a diagnosis" in rules.caption
    own_words = section_text(letter.section("assessment")) + section_text(
        letter.section("recommendation")
    )
    assert not re.search(r"\b(diagnosed|suggests? (a|an) )", own_words, re.IGNORECASE)


def test_the_referrer_words_are_quoted_as_written(knee_hold) -> None:
    text = letter_text(compose(knee_hold, "sbar"))
    ref = knee_hold.client.referral
    assert f"reason, as written: “{ref.reason}”" in text
    assert f"Diagnosis, as written: “{ref.diagnosis}”" in text


def test_sbar_for_a_modify_result_lists_the_program_changes(back_modify) -> None:
    text = letter_text(compose(back_modify, "sbar"))
    assert "recommends: modify the program, because the client reports pain above the " in text
    assert "(rules M1" not in text  # rule codes stay in the rules table
    assert "kettlebell deadlift: 16 kg x 8 to 12 kg x 6" in text
    assert "stays on hold" not in text


def test_a_departing_decision_shows_its_reason(knee_cleared) -> None:
    text = letter_text(compose(knee_cleared, "sbar", report_id="PR-2"))
    assert "departs from the recommendation (modify the program)" in text
    assert "Reason: Pain is easing" in text


def test_sbar_to_the_referrer_says_you_not_the_referral_source(knee_hold) -> None:
    text = letter_text(compose(knee_hold, "sbar"))
    assert "hold the program and contact you" in text
    assert "contact the referral source" not in text


def test_followup_summarises_the_episode(knee_cleared) -> None:
    letter = compose(knee_cleared, "followup")
    keys = [s.key for s in letter.sections]
    assert keys == [
        "summary",
        "referral",
        "pain",
        "reports",
        "sessions",
        "actions",
        "status",
        "questions",
    ]
    chart = letter.section("pain").blocks[0]
    assert isinstance(chart, Chart)
    assert [p.value for p in chart.points if p.kind == "report"] == [7, 5, 3]
    assert [m.label for m in chart.markers] == ["Hold", "Cleared"]
    loads = [b for b in letter.section("sessions").blocks if isinstance(b, Table)][1]
    assert loads.columns[1] == "Before: Tue 10 Mar 2026"
    assert ["Seated leg press", "12, 12, 10 @ 40 kg", f"3 {TIMES} 12 @ 30 kg"] in loads.rows
    text = letter_text(letter)
    assert "resumed after you cleared it on Fri 13 Mar 2026" in text
    assert "Leg press no more than 30 kg for two weeks." in text


def test_followup_needs_an_episode(progress_doc) -> None:
    with pytest.raises(ComposeError) as caught:
        compose(progress_doc, "followup")
    assert caught.value.problems == [("episode", "a follow-up letter needs an episode")]


def test_progress_report_without_an_episode(progress_doc) -> None:
    letter = compose(progress_doc, "progress")
    text = letter_text(letter)
    assert "attended 14 of 16 planned sessions (88%)" in text
    assert "seated leg press 30 to 45 kg" in text
    assert "No pain episodes were recorded" in text
    assert any(isinstance(b, Chart) for b in letter.section("pain").blocks)


def test_an_sbar_needs_a_pain_report(progress_doc) -> None:
    with pytest.raises(ComposeError) as caught:
        compose(progress_doc, "sbar")
    assert caught.value.problems[0][0] == "pain_reports"


def test_edited_text_replaces_wording_and_keeps_the_table(knee_hold) -> None:
    letter = compose(knee_hold, "sbar")
    original = section_text(letter.section("background"))
    assert "[[table 1]]" in original
    edited = with_section_text(
        letter, "background", "Shorter background.\n\n[[table 1]]\n\n- one\n- two <b>"
    )
    blocks = edited.section("background").blocks
    assert [b.kind for b in blocks] == ["paragraph", "table", "bullets"]
    assert blocks[2].items == ["one", "two <b>"]
    assert edited.section("situation") == letter.section("situation")
    dropped = with_section_text(letter, "background", "Only words.")
    assert [b.kind for b in dropped.section("background").blocks] == ["paragraph", "table"]


def test_a_letter_survives_a_json_round_trip(knee_cleared) -> None:
    letter = compose(knee_cleared, "followup")
    assert LetterContent.model_validate_json(letter.model_dump_json()) == letter


def test_the_chart_escapes_its_labels_and_keeps_ticks_apart(knee_cleared) -> None:
    chart = compose(knee_cleared, "followup").section("pain").blocks[0]
    assert isinstance(chart, Chart)
    hostile = chart.markers[0].model_copy(update={"label": "<script>x</script>"})
    svg = chart_svg(chart.model_copy(update={"markers": [hostile, *chart.markers[1:]]}))
    assert "<script>" not in svg and "&lt;script&gt;x&lt;/script&gt;" in svg
    labels = re.findall(r'text-anchor="middle" fill="#52606d">([^<]+)</text>', svg)
    assert labels[0] == "3 Mar" and labels[-1] == "20 Mar"
    assert "11 Mar" not in labels  # too close to 10 Mar to print both


def test_an_emergency_sbar_names_the_care_setting_and_what_was_done(knee_hold) -> None:
    report = knee_hold.pain_reports[0].model_copy(update={"red_flags": ["one_sided_leg_swelling"]})
    rule = MatchedRule(
        id="E7",
        action="emergency",
        finding="client reports calf or thigh swollen on one side",
        source="Wells DVT criteria (1997)",
        care_setting="same_day_medical_evaluation",
    )
    triage = knee_hold.triage_results[0].model_copy(
        update={
            "action": "emergency",
            "care_setting": "same_day_medical_evaluation",
            "matched_rules": [rule, *knee_hold.triage_results[0].matched_rules],
        }
    )
    decision = knee_hold.decisions[0].model_copy(
        update={
            "recommended_action": "emergency",
            "action": "emergency",
            "actions_taken": ["Client sent for a same-day medical evaluation"],
        }
    )
    doc = knee_hold.model_copy(
        update={"pain_reports": [report], "triage_results": [triage], "decisions": [decision]}
    )
    text = letter_text(compose(doc, "sbar"))
    assert "recommends: arrange a medical evaluation the same day." in text
    assert "urgent care" not in text.split("Background")[0]
    assert "since Wed 11 Mar 2026 at 18:45, because the client reports calf or thigh" in text
    assert "red flags: calf or thigh swollen on one side" in text
    assert "Done: client sent for a same-day medical evaluation." in text
    assert "The program stays on hold until you have cleared it." in text
