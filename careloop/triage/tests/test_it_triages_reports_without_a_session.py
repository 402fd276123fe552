"""Rules 2026.2: a report that is not linked to a session, rule by rule.

Without a session ``hours`` and ``delta`` are unknown. The rules read them cautiously, as a
report long after any session: ``hours >= N`` holds, ``hours < N`` does not, anything that
needs ``delta`` or a ``session.*`` value does not hold, and ``doms_pattern`` is false.
Each case below pairs the reading without a session with the same report after a session,
so that the test fails if the engine ignored the missing session instead of reading it.
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from careloop.triage.testing import doms_doc, matched_ids, run, schema
from careloop.triage.testing import report_doc as doc


def no_session(document: dict[str, Any]) -> dict[str, Any]:
    document = dict(document)
    document.pop("session")
    return document


# (case, report with a session, rule id, matches with the session, matches without)
CASES: list[tuple[str, dict[str, Any], str, bool, bool]] = [
    # hours >= N holds without a session
    ("H3 instrumental", doc(hours=3, adl_limitation="instrumental"), "H3", False, True),
    # hours < N does not hold without a session
    ("M5 instrumental", doc(hours=3, adl_limitation="instrumental"), "M5", True, False),
    # delta is unknown: H4, M1 (site branch) and M3 do not hold
    ("H4 worsening", doc(hours=30, pain_now=5, trend="worsening"), "H4", True, False),
    ("M1 rise at the site", doc(hours=3, pain_now=4), "M1", True, False),
    ("M3 not back to baseline", doc(hours=13, pain_now=3), "M3", True, False),
    # session.* values: M1's two-hour branch, M2, M4
    ("M1 two-hour branch", doc(session={"pain_2h": 5}), "M1", True, False),
    ("M2 during", doc(session={"pain_during_max": 7}), "M2", True, False),
    ("M2 after", doc(session={"pain_after": 6}), "M2", True, False),
    (
        "M4 week to week",
        doc(pain_before=4, pain_now=4, history={"pain_before_one_week_ago": 1}),
        "M4",
        True,
        False,
    ),
    # doms_pattern is false: soreness away from the site is M7 (pain >= 3) or H7 (>= 5)
    ("C1 becomes M7", doms_doc(), "C1", True, False),
    ("M7 for soreness-like pain", doms_doc(), "M7", False, True),
    ("H7 for soreness-like pain 5/10", doms_doc(pain_now=5), "H7", False, True),
    # every other condition applies as written
    ("E1 chest pain", doc(red_flags=["chest_pain_or_pressure"]), "E1", True, True),
    (
        "E9 swelling and breathlessness",
        doc(red_flags=["one_sided_leg_swelling", "new_breathlessness_on_exertion"]),
        "E9",
        True,
        True,
    ),
    ("E8 severe self-care", doc(pain_now=8, adl_limitation="self_care"), "E8", True, True),
    ("H1 fever", doc(red_flags=["fever_or_chills"]), "H1", True, True),
    ("H2 pain 7", doc(pain_now=7), "H2", True, True),
    ("H5 at night", doc(at_night=True), "H5", True, True),
    ("M6 mild swelling", doc(swelling="mild"), "M6", True, True),
    ("C2 quiet report", doc(), "C2", True, True),
]


@pytest.mark.parametrize(
    ("document", "rule_id", "with_session", "without"),
    [pytest.param(d, r, w, wo, id=name) for name, d, r, w, wo in CASES],
)
def test_each_rule_reads_a_missing_session_cautiously(
    document: dict[str, Any], rule_id: str, with_session: bool, without: bool
) -> None:
    assert (rule_id in matched_ids(document)) is with_session
    assert (rule_id in matched_ids(no_session(document))) is without


def test_h6_reads_history_without_a_session() -> None:
    history = {
        "previous_reports": [
            {"reported_at": "2026-03-01T09:00:00Z", "action": "modify", "pain_now": 4},
            {"reported_at": "2026-03-02T09:00:00Z", "action": "modify", "pain_now": 4},
        ]
    }
    assert "H6" in matched_ids(no_session(doc(pain_now=4, history=history)))


def test_red_flags_without_a_session_reach_emergency_with_their_care_setting() -> None:
    result = run(no_session(doc(region="chest", red_flags=["chest_pain_or_pressure"], pain_now=3)))
    assert result.action == "emergency"
    assert result.care_setting == "call_emergency_services"


def test_the_result_says_hours_and_delta_are_unknown_and_still_validates() -> None:
    result = run(no_session(doc(pain_now=7)))
    dumped = result.model_dump(mode="json")
    assert dumped["facts"]["hours"] is None
    assert dumped["facts"]["delta"] is None
    assert dumped["facts"]["doms_pattern"] is False
    Draft202012Validator(schema("triage-result.schema.json")).validate(dumped)


def test_findings_say_the_report_is_not_linked_to_a_session() -> None:
    result = run(no_session(doc(pain_now=7, at_night=True)))
    findings = {r.id: r.finding for r in result.matched_rules}
    assert findings["H2"] == "client reports pain 7/10, not linked to a session"
    assert findings["H5"].endswith("pain 7/10, not linked to a session")
    for text in findings.values():
        assert "after the session" not in text
        assert "pre-session" not in text


def test_soreness_away_from_the_site_says_why_it_is_not_taken_for_soreness() -> None:
    m7 = next(r for r in run(no_session(doms_doc())).matched_rules if r.id == "M7")
    assert "no session to time it from" in m7.finding
