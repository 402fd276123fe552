"""docs/rules.md is generated from the rule data and must not drift from it."""

from __future__ import annotations

from careloop.triage import DEFAULT_RULESET
from careloop.triage.docs import REGENERATE, render_rules_markdown
from careloop.triage.testing import REPO


def test_rules_page_matches_the_rule_data() -> None:
    page = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == render_rules_markdown(DEFAULT_RULESET), (
        f"docs/rules.md is out of date: run `{REGENERATE}`"
    )


def test_rules_page_says_how_to_regenerate_it() -> None:
    assert REGENERATE in render_rules_markdown(DEFAULT_RULESET)


def test_rules_page_lists_every_rule_and_threshold() -> None:
    page = render_rules_markdown(DEFAULT_RULESET)
    for rule in DEFAULT_RULESET.rules:
        assert f"| {rule.id} | {rule.title} |" in page
        for param in rule.params:
            assert f"`rules.{rule.id}.{param.name}` | {param.default} |" in page
