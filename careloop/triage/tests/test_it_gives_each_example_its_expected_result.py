"""Every example report gives its expected action, care setting and matched rule ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careloop.triage import parse_report, triage
from careloop.triage.testing import BUNDLED_EXAMPLES, SCHEMAS, SPEC


def _reports(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if not p.name.endswith(".expected.json"))


def _check(report_path: Path) -> None:
    expected = json.loads(report_path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    result = triage(parse_report(json.loads(report_path.read_text(encoding="utf-8"))))
    assert result.action == expected["action"]
    assert result.care_setting == expected["care_setting"]
    assert {r.id for r in result.matched_rules} == set(expected["matched_rule_ids"])


def _shared_reports() -> list[Path]:
    examples = SPEC / "examples"
    return _reports(examples) if examples.is_dir() else []


@pytest.mark.parametrize("report_path", _reports(BUNDLED_EXAMPLES), ids=lambda p: p.stem)
def test_bundled_example_gives_expected_result(report_path: Path) -> None:
    _check(report_path)


@pytest.mark.skipif(
    not (SPEC / "examples").is_dir(),
    reason=f"no shared/spec/examples beside the repo ({SPEC.resolve()}); the bundled copies "
    "in careloop/triage/tests/examples still run",
)
@pytest.mark.parametrize("report_path", _shared_reports(), ids=lambda p: p.stem)
def test_shared_example_gives_expected_result(report_path: Path) -> None:
    _check(report_path)


@pytest.mark.skipif(not SPEC.is_dir(), reason=f"no shared/spec beside the repo ({SPEC})")
def test_bundled_copies_match_shared_spec() -> None:
    for bundled in [*BUNDLED_EXAMPLES.glob("*.json"), *SCHEMAS.glob("*.json")]:
        folder = SPEC / "examples" if bundled.parent == BUNDLED_EXAMPLES else SPEC
        original = folder / bundled.name
        assert original.is_file(), f"{bundled.name} is no longer in shared/spec"
        assert json.loads(bundled.read_text()) == json.loads(original.read_text()), (
            f"{bundled.name} differs from shared/spec: copy it again"
        )


def test_there_are_bundled_examples() -> None:
    assert len(_reports(BUNDLED_EXAMPLES)) >= 8
