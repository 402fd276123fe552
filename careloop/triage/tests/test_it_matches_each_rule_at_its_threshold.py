"""Each rule (docs/rules.md) at its thresholds: a report that just matches, one that just not.

The base report (``doc``, careloop.triage.testing.report_doc) matches only C2: right knee
referral, pain 2/10 before and now, 20 h after the session.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from careloop.triage import RED_FLAGS
from careloop.triage.testing import doms_doc, matched_ids, run
from careloop.triage.testing import report_doc as doc

EMERGENCY_FLAGS = {
    "E1": (
        "chest_pain_or_pressure",
        "shortness_of_breath_at_rest",
        "fainting_or_near_fainting",
        "irregular_or_racing_heartbeat",
        "stroke_signs",
        "sudden_severe_headache",
    ),
    "E2": ("coughing_blood",),
    "E3": ("saddle_numbness", "bladder_or_bowel_change", "progressive_weakness"),
    "E4": ("dark_urine",),
    "E5": ("tense_swollen_limb",),
    "E6": ("cannot_bear_weight", "deformity_or_pop"),
    "E7": ("one_sided_leg_swelling",),
    "E10": ("new_breathlessness_on_exertion",),
}
CARE_SETTINGS = {
    "E1": "call_emergency_services",
    "E2": "call_emergency_services",
    "E3": "emergency_department",
    "E4": "emergency_department",
    "E5": "emergency_department",
    "E6": "same_day_medical_evaluation",
    "E7": "same_day_medical_evaluation",
    "E10": "same_day_medical_evaluation",
}
FLAG_CASES = [(rule, flag) for rule, flags in EMERGENCY_FLAGS.items() for flag in flags]


def post_op_limp(day: int, region: str = "knee_right") -> dict[str, Any]:
    """Limp at ``region``, reported ``day`` calendar days after a right knee surgery."""
    surgery_date = date(2026, 3, 11) - timedelta(days=day)  # the report's date
    return doc(
        hours=20.0,  # 2026-03-11T14:00Z
        region=region,
        limp_or_giving_way=True,
        client={"surgery": {"region": "knee_right", "date": surgery_date.isoformat()}},
    )


def previous(*entries: tuple[str, int]) -> dict[str, Any]:
    return {
        "previous_reports": [
            {"reported_at": f"2026-03-0{i + 1}T09:00:00Z", "action": action, "pain_now": pain}
            for i, (action, pain) in enumerate(entries)
        ]
    }


@pytest.mark.parametrize(("rule_id", "flag"), FLAG_CASES)
def test_emergency_red_flag_matches_its_rule_with_its_care_setting(rule_id: str, flag: str) -> None:
    result = run(doc(red_flags=[flag]))
    assert result.action == "emergency"
    assert [r.id for r in result.matched_rules if r.action == "emergency"] == [rule_id]
    assert result.care_setting == CARE_SETTINGS[rule_id]


def test_swelling_with_new_breathlessness_calls_emergency_services() -> None:
    result = run(doc(red_flags=["new_breathlessness_on_exertion", "one_sided_leg_swelling"]))
    assert [r.id for r in result.matched_rules if r.action == "emergency"] == ["E7", "E9", "E10"]
    assert result.care_setting == "call_emergency_services"
    e9 = next(r for r in result.matched_rules if r.id == "E9")
    assert e9.care_setting == "call_emergency_services"
    assert e9.finding.startswith(
        "client reports both new or unusual breathlessness on light effort (such as stairs) "
        "and calf or thigh swollen on one side"
    )


def test_every_red_flag_is_covered_by_a_rule() -> None:
    covered = {f for flags in EMERGENCY_FLAGS.values() for f in flags}
    assert covered | {"fever_or_chills", "wound_changes"} == set(RED_FLAGS)


# (case name, report document, rule id, whether it matches)
CASES: list[tuple[str, dict[str, Any], str, bool]] = [
    # E1-E7 just not: no red flag, or a hold-level one
    ("no red flag", doc(), "E1", False),
    ("fever is not an emergency", doc(red_flags=["fever_or_chills"]), "E1", False),
    # E9: one-sided leg swelling and new breathlessness on exertion, both together
    (
        "E9 swelling and breathlessness",
        doc(red_flags=["one_sided_leg_swelling", "new_breathlessness_on_exertion"]),
        "E9",
        True,
    ),
    ("E9 swelling alone", doc(red_flags=["one_sided_leg_swelling"]), "E9", False),
    ("E9 breathlessness alone", doc(red_flags=["new_breathlessness_on_exertion"]), "E9", False),
    # E8: pain >= 8 with self-care limitation
    ("E8 pain 8 self-care", doc(pain_now=8, adl_limitation="self_care"), "E8", True),
    ("E8 pain 7 self-care", doc(pain_now=7, adl_limitation="self_care"), "E8", False),
    ("E8 pain 10 instrumental", doc(pain_now=10, adl_limitation="instrumental"), "E8", False),
    # H1: fever/wound; or post-op limp at a condition site
    ("H1 fever", doc(red_flags=["fever_or_chills"]), "H1", True),
    ("H1 wound", doc(red_flags=["wound_changes"]), "H1", True),
    ("H1 limp on day 84", post_op_limp(84), "H1", True),
    ("H1 limp on day 0", post_op_limp(0), "H1", True),
    ("H1 limp on day 85", post_op_limp(85), "H1", False),
    ("H1 limp before the surgery date", post_op_limp(-1), "H1", False),
    ("H1 post-op limp away from the site", post_op_limp(30, region="hip_left"), "H1", False),
    ("H1 limp without surgery", doc(limp_or_giving_way=True), "H1", False),
    # H2: pain >= 7
    ("H2 pain 7", doc(pain_now=7), "H2", True),
    ("H2 pain 6", doc(pain_now=6), "H2", False),
    # H3: self-care; or instrumental at >= 24 h
    ("H3 self-care early", doc(hours=1, adl_limitation="self_care"), "H3", True),
    ("H3 instrumental at 24 h", doc(hours=24, adl_limitation="instrumental"), "H3", True),
    ("H3 instrumental at 23.9 h", doc(hours=23.9, adl_limitation="instrumental"), "H3", False),
    # H4: at site, delta >= 2, and (>= 24 h worsening, or >= 72 h not improving)
    ("H4 24 h worsening", doc(hours=24, pain_now=4, trend="worsening"), "H4", True),
    ("H4 23.9 h worsening", doc(hours=23.9, pain_now=4, trend="worsening"), "H4", False),
    ("H4 delta 1 worsening", doc(hours=30, pain_now=3, trend="worsening"), "H4", False),
    ("H4 72 h unchanged", doc(hours=72, pain_now=4, trend="unchanged"), "H4", True),
    ("H4 71.9 h unchanged", doc(hours=71.9, pain_now=4, trend="unchanged"), "H4", False),
    ("H4 100 h improving", doc(hours=100, pain_now=4, trend="improving"), "H4", False),
    (
        "H4 away from the site",
        doc(hours=80, pain_now=4, region="hip_left", trend="worsening"),
        "H4",
        False,
    ),
    # H5: features of injury
    ("H5 sharp", doc(character=["sharp"]), "H5", True),
    ("H5 radiating", doc(character=["dull_ache", "radiating"]), "H5", True),
    ("H5 at rest", doc(at_rest=True), "H5", True),
    ("H5 at night", doc(at_night=True), "H5", True),
    ("H5 marked swelling", doc(swelling="marked"), "H5", True),
    ("H5 limp", doc(limp_or_giving_way=True), "H5", True),
    ("H5 numbness", doc(numbness_or_tingling=True), "H5", True),
    ("H5 mild swelling", doc(swelling="mild"), "H5", False),
    (
        "H5 localized burning throbbing",
        doc(character=["localized", "burning", "throbbing"]),
        "H5",
        False,
    ),
    # H6: the two most recent reports modify or worse, and pain not lower than the last
    (
        "H6 two modify, same pain",
        doc(pain_now=2, history=previous(("modify", 2), ("modify", 2))),
        "H6",
        True,
    ),
    (
        "H6 hold then emergency",
        doc(pain_now=3, history=previous(("hold_and_contact", 5), ("emergency", 3))),
        "H6",
        True,
    ),
    (
        "H6 pain 1 lower",
        doc(pain_now=2, history=previous(("modify", 2), ("modify", 3))),
        "H6",
        False,
    ),
    (
        "H6 one was continue",
        doc(pain_now=2, history=previous(("continue", 2), ("modify", 2))),
        "H6",
        False,
    ),
    ("H6 only one report", doc(pain_now=2, history=previous(("modify", 2))), "H6", False),
    (
        "H6 last two of three",
        doc(pain_now=2, history=previous(("continue", 1), ("modify", 2), ("modify", 2))),
        "H6",
        True,
    ),
    (
        "H6 latest is continue",
        doc(pain_now=2, history=previous(("modify", 2), ("modify", 2), ("continue", 2))),
        "H6",
        False,
    ),
    # H7: away from the site, not DOMS, pain >= 5
    (
        "H7 pain 5 sharp away",
        doc(pain_now=5, region="hip_left", character=["localized"]),
        "H7",
        True,
    ),
    ("H7 pain 4 away", doc(pain_now=4, region="hip_left", character=["localized"]), "H7", False),
    ("H7 pain 5 DOMS", doms_doc(pain_now=5), "H7", False),
    ("H7 pain 5 at the site", doc(pain_now=5, character=["localized"]), "H7", False),
    # M1: at site, >= 2 h and delta >= 2; or pain_2h - pain_before >= 2
    ("M1 2 h delta 2", doc(hours=2, pain_now=4), "M1", True),
    ("M1 1.9 h delta 2", doc(hours=1.9, pain_now=4), "M1", False),
    ("M1 2 h delta 1", doc(hours=2, pain_now=3), "M1", False),
    ("M1 away from the site", doc(hours=5, pain_now=4, region="hip_left"), "M1", False),
    ("M1 pain_2h rise 2", doc(session={"pain_2h": 4}), "M1", True),
    ("M1 pain_2h rise 1", doc(session={"pain_2h": 3}), "M1", False),
    ("M1 pain_2h rise 2, report elsewhere", doms_doc(session={"pain_2h": 4}), "M1", True),
    # M2: during or after > 5
    ("M2 during 6", doc(session={"pain_during_max": 6}), "M2", True),
    ("M2 during 5", doc(session={"pain_during_max": 5}), "M2", False),
    ("M2 after 6", doc(session={"pain_after": 6}), "M2", True),
    ("M2 after 5", doc(session={"pain_after": 5, "pain_during_max": 5}), "M2", False),
    # M3: at site, >= 12 h and delta >= 1
    ("M3 12 h delta 1", doc(hours=12, pain_now=3), "M3", True),
    ("M3 11.9 h delta 1", doc(hours=11.9, pain_now=3), "M3", False),
    ("M3 30 h delta 0", doc(hours=30, pain_now=2), "M3", False),
    ("M3 away from the site", doc(hours=30, pain_now=3, region="hip_left"), "M3", False),
    # M4: pre-session pain up >= 2 on a week ago
    (
        "M4 rise 2",
        doc(pain_before=3, pain_now=3, history={"pain_before_one_week_ago": 1}),
        "M4",
        True,
    ),
    (
        "M4 rise 1",
        doc(pain_before=3, pain_now=3, history={"pain_before_one_week_ago": 2}),
        "M4",
        False,
    ),
    ("M4 no week-ago value", doc(pain_before=3, pain_now=3), "M4", False),
    # M5: instrumental before 24 h
    ("M5 instrumental at 23.9 h", doc(hours=23.9, adl_limitation="instrumental"), "M5", True),
    ("M5 instrumental at 24 h", doc(hours=24, adl_limitation="instrumental"), "M5", False),
    # M6: mild swelling
    ("M6 mild", doc(swelling="mild"), "M6", True),
    ("M6 none", doc(swelling="none"), "M6", False),
    # M7: away from the site, not DOMS, pain >= 3
    (
        "M7 pain 3 localized away",
        doc(pain_now=3, region="hip_left", character=["localized"]),
        "M7",
        True,
    ),
    (
        "M7 pain 2 localized away",
        doc(pain_now=2, region="hip_left", character=["localized"]),
        "M7",
        False,
    ),
    ("M7 pain 3 DOMS", doms_doc(pain_now=3), "M7", False),
    # C1: DOMS pattern and nothing above; each of its bounds
    ("C1 DOMS", doms_doc(), "C1", True),
    ("C1 12 h", doms_doc(hours=12), "C1", True),
    ("C1 11.9 h", doms_doc(hours=11.9), "C1", False),
    ("C1 96 h", doms_doc(hours=96), "C1", True),
    ("C1 96.1 h", doms_doc(hours=96.1), "C1", False),
    ("C1 pain 5", doms_doc(pain_now=5), "C1", True),
    ("C1 pain 6", doms_doc(pain_now=6), "C1", False),
    ("C1 no character", doms_doc(character=[]), "C1", False),
    (
        "C1 all three soreness words",
        doms_doc(character=["dull_ache", "diffuse", "stiffness"]),
        "C1",
        True,
    ),
    ("C1 localized", doms_doc(character=["dull_ache", "localized"]), "C1", False),
    ("C1 worsening", doms_doc(trend="worsening"), "C1", False),
    ("C1 unchanged", doms_doc(trend="unchanged"), "C1", True),
    ("C1 at the condition site", doms_doc(region="knee_right"), "C1", False),
    (
        "C1 no referral region: every region is a site",
        doms_doc(client={"referral_region": None}),
        "C1",
        False,
    ),
    (
        "C1 surgery region is a site",
        doms_doc(client={"surgery": {"region": "thigh_left", "date": "2025-01-01"}}),
        "C1",
        False,
    ),
    # C2: nothing above matched and no DOMS pattern
    ("C2 base", doc(), "C2", True),
    ("C2 not with C1", doms_doc(), "C2", False),
    ("C2 not when a rule matched", doc(pain_now=7), "C2", False),
]


@pytest.mark.parametrize(
    ("report", "rule_id", "matches"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rule_matches_exactly_at_its_threshold(
    report: dict[str, Any], rule_id: str, matches: bool
) -> None:
    assert (rule_id in matched_ids(report)) is matches
