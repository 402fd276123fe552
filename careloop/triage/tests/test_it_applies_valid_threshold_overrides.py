"""Practice overrides of thresholds: applied when valid, refused with named keys when not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from careloop.triage import (
    DEFAULT_RULESET,
    RulesetError,
    load_ruleset_file,
    ruleset_with_overrides,
)
from careloop.triage.rules import MAX_RULES_FILE_BYTES
from careloop.triage.testing import doms_doc, matched_ids, report_doc, run


def refused(overrides: Any) -> list[tuple[str, str]]:
    with pytest.raises(RulesetError) as caught:
        ruleset_with_overrides(DEFAULT_RULESET, overrides)
    return caught.value.problems


def test_a_lower_threshold_makes_the_rule_match_earlier() -> None:
    ruleset = ruleset_with_overrides(DEFAULT_RULESET, {"rules": {"H2": {"pain_now_min": 6}}})
    assert "H2" in matched_ids(report_doc(pain_now=6), ruleset)
    assert "H2" not in matched_ids(report_doc(pain_now=6))


def test_definition_thresholds_change_the_derived_facts() -> None:
    ruleset = ruleset_with_overrides(DEFAULT_RULESET, {"definitions": {"doms_hours_max": 48}})
    assert matched_ids(doms_doc(hours=60, pain_now=2), ruleset) == {"C2"}
    assert matched_ids(doms_doc(hours=60, pain_now=2)) == {"C1"}


def test_post_op_window_can_be_widened() -> None:
    doc = report_doc(
        limp_or_giving_way=True, client={"surgery": {"region": "knee_right", "date": "2025-11-01"}}
    )
    assert "H1" not in matched_ids(doc)
    ruleset = ruleset_with_overrides(DEFAULT_RULESET, {"definitions": {"post_op_weeks_max": 24}})
    assert "H1" in matched_ids(doc, ruleset)


def test_result_lists_the_overridden_values_and_keeps_the_name() -> None:
    ruleset = ruleset_with_overrides(
        DEFAULT_RULESET,
        {"rules": {"H2": {"pain_now_min": 6}}, "definitions": {"doms_hours_min": 10}},
    )
    info = run(report_doc(), ruleset).ruleset
    assert (info.name, info.version) == ("careloop-default", "2026.2")
    assert info.overrides == {"definitions.doms_hours_min": 10, "H2.pain_now_min": 6}


def test_overrides_can_name_their_own_ruleset() -> None:
    ruleset = ruleset_with_overrides(DEFAULT_RULESET, {"name": "northside", "version": "7"})
    assert (ruleset.info.name, ruleset.info.version, ruleset.overrides) == ("northside", "7", {})


def test_setting_a_default_value_is_not_an_override() -> None:
    ruleset = ruleset_with_overrides(DEFAULT_RULESET, {"rules": {"H2": {"pain_now_min": 7}}})
    assert ruleset.overrides == {}


def test_overrides_apply_on_top_of_an_overridden_base() -> None:
    first = ruleset_with_overrides(DEFAULT_RULESET, {"rules": {"H2": {"pain_now_min": 6}}})
    second = ruleset_with_overrides(first, {"rules": {"M7": {"pain_now_min": 4}}})
    assert second.overrides == {"H2.pain_now_min": 6, "M7.pain_now_min": 4}


def test_the_base_ruleset_is_left_unchanged() -> None:
    ruleset_with_overrides(DEFAULT_RULESET, {"rules": {"H2": {"pain_now_min": 6}}})
    assert DEFAULT_RULESET.rule_values["H2"]["pain_now_min"] == 7
    with pytest.raises(TypeError):
        DEFAULT_RULESET.rule_values["H2"]["pain_now_min"] = 1  # type: ignore[index]


@pytest.mark.parametrize(
    ("overrides", "path", "message"),
    [
        (
            {"rules": {"H2": {"pain_now_min": 11}}},
            "rules.H2.pain_now_min",
            "must be an integer from 1 to 10 (got 11)",
        ),
        (
            {"rules": {"H2": {"pain_now_min": 0}}},
            "rules.H2.pain_now_min",
            "must be an integer from 1 to 10 (got 0)",
        ),
        ({"rules": {"H2": {"pain_now_min": 6.5}}}, "rules.H2.pain_now_min", "must be an integer"),
        ({"rules": {"H2": {"pain_now_min": True}}}, "rules.H2.pain_now_min", "must be an integer"),
        ({"rules": {"H2": {"pain_now_min": "6"}}}, "rules.H2.pain_now_min", "must be an integer"),
        (
            {"rules": {"H2": {"pain_min": 6}}},
            "rules.H2.pain_min",
            "is not a threshold of rules.H2; its thresholds are: pain_now_min",
        ),
        (
            {"rules": {"H5": {"pain_now_min": 6}}},
            "rules.H5.pain_now_min",
            "is not a threshold: rules.H5 has none",
        ),
        ({"rules": {"X9": {"a": 1}}}, "rules.X9", "is not a rule id"),
        ({"rules": {"H2": 6}}, "rules.H2", "must be a table of thresholds"),
        ({"rules": []}, "rules", "must be a table"),
        (
            {"definitions": {"doms_hours": 1}},
            "definitions.doms_hours",
            "is not a threshold of definitions",
        ),
        (
            {"definitions": {"doms_hours_max": 400}},
            "definitions.doms_hours_max",
            "must be an integer from 1 to 336",
        ),
        ({"thresholds": {}}, "thresholds", "is not a known key"),
        ({"name": ""}, "name", "must be text of 1 to 100 characters"),
        ({"version": 2026}, "version", "must be text of 1 to 100 characters"),
        (
            {"definitions": {"doms_hours_min": 50, "doms_hours_max": 40}},
            "definitions.doms_hours_min",
            "must not be above doms_hours_max (50 > 40)",
        ),
        (
            {"rules": {"M5": {"hours_below": 12}}},
            "rules.M5.hours_below",
            "must not be below rules.H3.instrumental_hours_min (12 < 24)",
        ),
    ],
)
def test_it_refuses_a_bad_override_naming_its_key(overrides: Any, path: str, message: str) -> None:
    [(found_path, found_message)] = refused(overrides)
    assert found_path == path
    assert found_message.startswith(message), found_message


def test_it_lists_every_bad_override() -> None:
    found = refused({"rules": {"H2": {"pain_now_min": 0}, "M3": {"x": 1}}, "colour": "red"})
    assert [path for path, _ in found] == ["colour", "rules.H2.pain_now_min", "rules.M3.x"]


def test_overrides_must_be_a_table() -> None:
    assert refused(["rules"]) == [("(overrides)", "must be a table of keys")]


def test_it_loads_overrides_from_a_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "practice.toml"
    path.write_text('name = "northside"\n[rules.H2]\npain_now_min = 6\n', encoding="utf-8")
    ruleset = load_ruleset_file(path)
    assert ruleset.info.name == "northside"
    assert "H2" in matched_ids(report_doc(pain_now=6), ruleset)


def test_a_toml_file_with_bad_values_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "practice.toml"
    path.write_text("[rules.M2]\npain_after_above = 10\n", encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset_file(path)
    assert caught.value.problems[0][0] == "rules.M2.pain_after_above"


def test_malformed_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "practice.toml"
    path.write_text("[rules.H2\n", encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset_file(path)
    [(where, message)] = caught.value.problems
    assert where == str(path)
    assert message.startswith("malformed TOML")


def test_a_missing_rules_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesetError) as caught:
        load_ruleset_file(tmp_path / "nope.toml")
    assert caught.value.problems[0][1] == "cannot be read: No such file or directory"


def test_a_rules_file_is_read_within_bounds(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * MAX_RULES_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset_file(big)
    assert caught.value.problems == [(str(big), "is larger than 64 KB")]
    with pytest.raises(RulesetError) as caught:
        load_ruleset_file("/dev/zero")
    assert caught.value.problems == [("/dev/zero", "is larger than 64 KB")]
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset_file(deep)
    assert caught.value.problems[0][1].startswith("malformed TOML")
