"""The shape of a result: action plan, care setting, ordering, findings, ruleset."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator

from careloop.triage import ACTION_SEVERITY, DEFAULT_RULESET
from careloop.triage.testing import doms_doc, finding, report_doc, run, schema


def test_it_takes_the_most_urgent_care_setting_among_matched_emergency_rules() -> None:
    result = run(report_doc(red_flags=["one_sided_leg_swelling", "dark_urine"]))
    assert result.care_setting == "emergency_department"
    result = run(report_doc(red_flags=["deformity_or_pop", "stroke_signs", "dark_urine"]))
    assert result.care_setting == "call_emergency_services"


def test_care_setting_is_null_unless_emergency() -> None:
    assert run(report_doc(pain_now=9)).care_setting is None


def test_it_reports_every_matched_rule_most_severe_first() -> None:
    doc = report_doc(
        hours=30,
        pain_now=9,
        adl_limitation="self_care",
        swelling="mild",
        red_flags=["fever_or_chills", "cannot_bear_weight"],
        session={"pain_during_max": 7},
    )
    result = run(doc)
    ids = [r.id for r in result.matched_rules]
    assert ids == ["E6", "E8", "H1", "H2", "H3", "M1", "M2", "M3", "M6"]
    severities = [ACTION_SEVERITY[r.action] for r in result.matched_rules]
    assert severities == sorted(severities, reverse=True)
    assert result.action == "emergency"


@pytest.mark.parametrize(
    ("doc", "program", "notify", "follow_up"),
    [
        (report_doc(red_flags=["dark_urine"]), "hold", "immediately", (24,)),
        (report_doc(pain_now=7), "hold", "same_day", (24, 48)),
        (report_doc(swelling="mild"), "modify", "routine", (24,)),
        (report_doc(), "continue", "none", ()),
    ],
    ids=["emergency", "hold_and_contact", "modify", "continue"],
)
def test_each_action_sets_program_notification_and_follow_up(
    doc: dict[str, object], program: str, notify: str, follow_up: tuple[int, ...]
) -> None:
    result = run(doc)
    assert (result.program, result.notify_referral_source) == (program, notify)
    assert result.follow_up_hours == follow_up


def test_result_carries_the_ruleset_name_and_version() -> None:
    dumped = run(report_doc()).model_dump(mode="json")
    assert dumped["ruleset"] == {"name": "careloop-default", "version": "2026.2", "overrides": {}}
    assert DEFAULT_RULESET.name == "careloop-default"


def test_result_dump_validates_against_the_result_schema() -> None:
    Draft202012Validator(schema("triage-result.schema.json")).validate(
        run(report_doc(pain_now=8, red_flags=["wound_changes"])).model_dump(mode="json")
    )


def test_result_reports_derived_facts() -> None:
    facts = run(report_doc(hours=22.5, pain_now=5)).facts
    assert (facts.hours, facts.delta, facts.at_condition_site) == (22.5, 3, True)
    assert (facts.post_op, facts.doms_pattern) == (False, False)


def test_matched_rule_carries_its_source_from_rules_md() -> None:
    rule = run(report_doc(pain_now=7)).matched_rules[0]
    assert (rule.id, rule.source) == ("H2", "severe pain band 7-10 (Serlin 1995; CDC)")


# ---- findings: plain words, this report's numbers, observational -----------------------


def test_pain_finding_cites_score_time_and_rise_over_baseline() -> None:
    text = finding(report_doc(hours=22, pain_now=7), "H2")
    assert text == (
        "client reports pain 7/10 at 22 h after the session, 5 points above the pre-session 2/10"
    )


def test_finding_shows_partial_hours_without_rounding_up() -> None:
    assert "1.9 h after the session" in finding(report_doc(hours=1.99, pain_now=7), "H2")
    assert "45 min after the session" in finding(report_doc(hours=0.75, pain_now=7), "H2")


def test_red_flag_finding_names_the_flags_in_plain_words() -> None:
    text = finding(report_doc(hours=3, red_flags=["stroke_signs", "chest_pain_or_pressure"]), "E1")
    assert text.startswith("client reports signs of stroke")
    assert "chest pain or pressure" in text
    assert "3 h after the session" in text


def test_injury_finding_lists_each_feature_and_the_site() -> None:
    text = finding(report_doc(character=["sharp"], at_night=True, numbness_or_tingling=True), "H5")
    assert "sharp pain, pain at night and numbness or tingling" in text
    assert "the right knee (condition site)" in text


def test_outside_referral_finding_says_why_it_is_not_soreness() -> None:
    text = finding(doms_doc(pain_now=6, at_rest=True), "H7")
    assert "pain 6/10 at the left thigh, away from the condition site (the right knee)" in text
    assert "pain at rest" in text
    assert "pain 6/10 is above 5/10" in text


def test_history_finding_cites_previous_actions_and_scores() -> None:
    history = {
        "previous_reports": [
            {"reported_at": "2026-03-04T09:00:00Z", "pain_now": 3, "action": "modify"},
            {"reported_at": "2026-03-07T09:00:00Z", "pain_now": 4, "action": "hold_and_contact"},
        ]
    }
    text = finding(report_doc(pain_now=4, history=history), "H6")
    assert "modify and hold and contact (pain 3/10, then 4/10)" in text
    assert "not lower than the most recent 4/10" in text


def test_post_op_limp_finding_cites_days_since_surgery() -> None:
    doc = report_doc(
        limp_or_giving_way=True, client={"surgery": {"region": "knee_right", "date": "2026-02-09"}}
    )
    assert "30 days after surgery on 2026-02-09" in finding(doc, "H1")


def test_session_finding_cites_session_scores() -> None:
    text = finding(report_doc(session={"pain_during_max": 7, "pain_after": 6}), "M2")
    assert "during the session reached 7/10" in text
    assert "end of the session was 6/10" in text


def test_week_to_week_finding_cites_both_pre_session_scores() -> None:
    doc = report_doc(pain_before=4, pain_now=4, history={"pain_before_one_week_ago": 1})
    assert finding(doc, "M4") == (
        "pre-session pain was 4/10, 3 points above the 1/10 before the comparable session a "
        "week earlier"
    )


def test_findings_keep_what_the_practitioner_observed_apart_from_what_the_client_says() -> None:
    observed = run(report_doc(source="observed", pain_now=7, limp_or_giving_way=True))
    said = run(report_doc(source="client_in_person", pain_now=7, limp_or_giving_way=True))
    assert all(r.finding.startswith("practitioner observed ") for r in observed.matched_rules)
    assert all(r.finding.startswith("client reports ") for r in said.matched_rules)


def test_rise_finding_says_how_the_pain_is_going() -> None:
    text = finding(report_doc(hours=30, pain_now=5, trend="worsening"), "H4")
    assert text == (
        "client reports pain 5/10 at the right knee (condition site), 30 h after the session, "
        "3 points above the pre-session 2/10, worsening"
    )


def test_doms_finding_tells_the_practitioner_to_explain_soreness() -> None:
    text = finding(doms_doc(), "C1")
    assert "delayed-onset muscle soreness" in text
    assert "explain it to the client" in text


DIAGNOSTIC = re.compile(
    r"\b(diagnos\w*|you have|has (a|an)|suffer\w*|thrombosis|DVT|fracture|rupture|infection|"
    r"rhabdo\w*|compartment syndrome|cauda equina|stroke\b(?! \())",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "doc",
    [
        report_doc(red_flags=["one_sided_leg_swelling", "tense_swollen_limb", "dark_urine"]),
        report_doc(red_flags=["saddle_numbness", "fever_or_chills", "deformity_or_pop"]),
        report_doc(pain_now=9, adl_limitation="self_care", swelling="marked", at_rest=True),
        doms_doc(),
        report_doc(),
    ],
)
def test_findings_are_observational_not_diagnostic(doc: dict[str, object]) -> None:
    for rule in run(doc).matched_rules:
        assert rule.finding
        assert not DIAGNOSTIC.search(rule.finding), rule.finding
