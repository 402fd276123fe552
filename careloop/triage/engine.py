"""Apply a ruleset to one report: every rule is evaluated, the most severe action wins."""

from __future__ import annotations

from careloop.triage.codes import CARE_SETTING_URGENCY, CareSetting
from careloop.triage.facts import derive_facts
from careloop.triage.models import PainReport, TriageResult
from careloop.triage.rules import ACTION_PLANS, DEFAULT_RULESET
from careloop.triage.ruleset import Rule, Ruleset, Values


def triage(report: PainReport, ruleset: Ruleset | None = None) -> TriageResult:
    """Recommend a response to ``report`` under ``ruleset`` (default: docs/rules.md)."""
    rules = DEFAULT_RULESET if ruleset is None else ruleset
    facts = derive_facts(report, rules.definition_values)
    matched: list[tuple[Rule, Values]] = [
        (rule, values) for rule, values in rules.checks if rule.condition(facts, values)
    ]
    if not matched:
        # With nothing above continue, the reason is C1 (DOMS pattern) or else C2;
        # C2 holds whenever C1 does not, so exactly one of them is taken.
        matched = [
            (rule, values) for rule, values in rules.fallbacks if rule.condition(facts, values)
        ]
        if len(matched) != 1:
            raise RuntimeError(f"ruleset {rules.name}: continue rules must cover every report once")
    # Rulesets are ordered most severe first (Ruleset checks it), so the first match is the
    # action and the list is already in reporting order.
    action = matched[0][0].action
    care_setting: CareSetting | None = None
    for rule, _ in matched:
        # An emergency names the most urgent care setting among its matched rules.
        if rule.care_setting is not None and (
            care_setting is None
            or CARE_SETTING_URGENCY[rule.care_setting] > CARE_SETTING_URGENCY[care_setting]
        ):
            care_setting = rule.care_setting
    plan = ACTION_PLANS[action]
    # One validation of plain data: pydantic builds the nested models in a single call into
    # its compiled core, several times faster than constructing each model from Python
    # (measured with bench/bench_triage.py), and the output is still checked.
    return TriageResult.model_validate(
        {
            "action": action,
            "care_setting": care_setting,
            "notify_referral_source": plan.notify_referral_source,
            "program": plan.program,
            "follow_up_hours": plan.follow_up_hours,
            "matched_rules": [
                {
                    "id": rule.id,
                    "action": rule.action,
                    "finding": rule.finding(facts, values),
                    "source": rule.source,
                    "care_setting": rule.care_setting,
                }
                for rule, values in matched
            ],
            "ruleset": rules.info,
            "facts": {
                "hours": None if facts.hours is None else round(facts.hours, 3),
                "delta": facts.delta,
                "at_condition_site": facts.at_condition_site,
                "post_op": facts.post_op,
                "doms_pattern": facts.doms_pattern,
            },
        }
    )
