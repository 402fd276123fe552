"""The rules page (docs/rules.md) and the ``--explain`` table, both from the rule data.

Regenerate the page after changing the rules::

    python -m careloop.triage.docs > docs/rules.md

A test fails when docs/rules.md differs from what this renders, so the page cannot drift
from the code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from careloop.triage.codes import ACTIONS, Action
from careloop.triage.facts import DERIVED, WITHOUT_SESSION
from careloop.triage.rules import ACTION_PLANS, DEFAULT_RULESET
from careloop.triage.ruleset import Param, Ruleset

REGENERATE = "python -m careloop.triage.docs > docs/rules.md"
_HEADINGS: dict[Action, str] = {
    "emergency": "Emergency",
    "hold_and_contact": "Hold and contact the referral source",
    "modify": "Modify the program",
    "continue": "Continue",
}
_MOST_SEVERE_FIRST = tuple(reversed(ACTIONS))


def render_rules_markdown(ruleset: Ruleset = DEFAULT_RULESET) -> str:
    lines = [
        f"# Triage rules: {ruleset.name} {ruleset.version}",
        "",
        "<!-- Generated from careloop/triage/rules.py; do not edit by hand. Regenerate with",
        f"     `{REGENERATE}` (a test fails while this file differs). -->",
        "",
        "Decision support for exercise professionals, who do not diagnose: the engine "
        "recommends a response and says why; the professional decides. All rules are "
        "evaluated; the action is the most severe among the rules that match, and every "
        "matched rule is reported, most severe first, with its finding and source. When no "
        "rule above `continue` matches, the reason is C1 or C2. An `emergency` result names "
        "the most urgent care setting among its matched rules.",
        "",
        "## Derived values",
        "",
        *_table(["name", "definition"], [[f"`{n}`", t] for n, t in _derived(ruleset)]),
        "",
        WITHOUT_SESSION,
        "",
        "## Actions (most severe first)",
        "",
        *_table(
            ["action", "program", "tell the referral source", "follow-up check-ins"],
            [
                [
                    f"`{a}`",
                    f"`{ACTION_PLANS[a].program}`",
                    f"`{ACTION_PLANS[a].notify_referral_source}`",
                    _hours(ACTION_PLANS[a].follow_up_hours),
                ]
                for a in _MOST_SEVERE_FIRST
            ],
        ),
        "",
        "## Rules",
    ]
    for action in _MOST_SEVERE_FIRST:
        rules = [r for r in ruleset.rules if r.action == action]
        header = ["id", "name", "matches when"]
        header += ["care setting"] if action == "emergency" else []
        rows = []
        for rule in rules:
            row = [rule.id, rule.title, rule.describe(ruleset.rule_values[rule.id])]
            row += [f"`{rule.care_setting}`"] if action == "emergency" else []
            rows.append([*row, rule.source])
        lines += ["", f"### {_HEADINGS[action]}", "", *_table([*header, "basis"], rows)]
    lines += [
        "",
        "## Thresholds",
        "",
        "A practice can change any of these (and only these) in a TOML file, "
        "`careloop triage --rules FILE`. Names ending in `_min` mean at least, `_max` at "
        "most, `_above` more than, `_below` less than.",
        "",
        *_table(
            ["key", "value", "default", "allowed", "meaning"],
            [
                [f"`{key}`", str(value), str(p.default), f"{p.minimum}-{p.maximum}", p.meaning]
                for key, p, value in _thresholds(ruleset)
            ],
        ),
        "",
        "For example:",
        "",
        "```toml",
        'name = "northside-physio"   # optional',
        'version = "2026.2-a"        # optional',
        "[definitions]",
        "doms_hours_max = 72",
        "[rules.H2]",
        "pain_now_min = 6",
        "```",
        "",
        "Unknown keys, unknown rule ids or thresholds and out-of-range values are refused, "
        "each named by its key. Every result lists the thresholds that differ from these "
        "defaults under `ruleset.overrides`.",
        "",
    ]
    return "\n".join(lines)


def render_rules_text(ruleset: Ruleset = DEFAULT_RULESET) -> str:
    """The plain-text table that ``careloop triage --explain`` prints."""
    overrides = ", ".join(f"{k}={v}" for k, v in ruleset.overrides.items()) or "none"
    lines = [f"{ruleset.name} {ruleset.version} (overrides: {overrides})", ""]
    lines += ["Derived values:"]
    lines += [f"  {name}: {_plain(text)}" for name, text in _derived(ruleset)]
    lines += ["", _plain(WITHOUT_SESSION).replace("**", "")]
    lines += ["", "Actions (most severe first):"]
    for action in _MOST_SEVERE_FIRST:
        plan = ACTION_PLANS[action]
        lines.append(
            f"  {action}: program {plan.program}, tell the referral source "
            f"{plan.notify_referral_source}, follow-up {_hours(plan.follow_up_hours)}"
        )
    for rule in ruleset.rules:
        setting = f" -> {rule.care_setting}" if rule.care_setting else ""
        lines += [
            "",
            f"{rule.id:<3} {rule.action}{setting}: {rule.title}",
            f"    when:  {_plain(rule.describe(ruleset.rule_values[rule.id]))}",
        ]
        lines += [f"    basis: {rule.source}"]
        for p in rule.params:
            lines.append(f"    threshold {_param_text(p, ruleset.rule_values[rule.id][p.name])}")
    lines += ["", "Definition thresholds:"]
    lines += [f"  {_param_text(p, ruleset.definition_values[p.name])}" for p in ruleset.definitions]
    return "\n".join(lines) + "\n"


def _derived(ruleset: Ruleset) -> list[tuple[str, str]]:
    return [(name, text.format_map(ruleset.definition_values)) for name, text in DERIVED]


def _thresholds(ruleset: Ruleset) -> Iterable[tuple[str, Param, int]]:
    for p in ruleset.definitions:
        yield f"definitions.{p.name}", p, ruleset.definition_values[p.name]
    for rule in ruleset.rules:
        for p in rule.params:
            yield f"rules.{rule.id}.{p.name}", p, ruleset.rule_values[rule.id][p.name]


def _param_text(p: Param, value: int) -> str:
    default = "" if value == p.default else f", default {p.default}"
    allowed = f"allowed {p.minimum}-{p.maximum}{default}"
    return f"{p.name} = {value} ({allowed}): {_plain(p.meaning)}"


def _hours(hours: tuple[int, ...]) -> str:
    return ", ".join(f"{h} h" for h in hours) or "none"


def _plain(text: str) -> str:
    return text.replace("`", "")


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return [line(header), "|" + "---|" * len(header), *(line(r) for r in rows)]


if __name__ == "__main__":
    sys.stdout.write(render_rules_markdown(DEFAULT_RULESET))
