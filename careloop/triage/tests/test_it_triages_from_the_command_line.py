"""``careloop triage`` (careloop.triage.cli.main), in-process and as ``python -m``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from careloop.triage.cli import main
from careloop.triage.testing import BUNDLED_EXAMPLES, REPO, report_doc, schema

EXAMPLE = BUNDLED_EXAMPLES / "public-04-severe-next-day.json"


def call(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def write(tmp_path: Path, doc: Any, name: str = "report.json") -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


def test_it_prints_the_result_json_for_a_file() -> None:
    status, out, err = call([str(EXAMPLE)])
    assert (status, err) == (0, "")
    result = json.loads(out)
    Draft202012Validator(schema("triage-result.schema.json")).validate(result)
    assert result["action"] == "hold_and_contact"
    assert [r["id"] for r in result["matched_rules"]] == ["H2", "M1", "M3"]


def test_dash_reads_standard_input() -> None:
    status, out, _ = call(["-"], stdin=EXAMPLE.read_text())
    assert status == 0
    assert json.loads(out)["action"] == "hold_and_contact"


def test_text_format_prints_a_short_summary() -> None:
    status, out, _ = call(["--format", "text", str(EXAMPLE)])
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "HOLD AND CONTACT: Hold the program and contact the referral source"
    assert "Follow-up check-ins: 24 h, 48 h" in lines
    assert any(line.startswith("  H2  client reports pain 7/10 at 22 h") for line in lines)


def test_text_format_names_the_care_setting_of_an_emergency() -> None:
    status, out, _ = call(
        ["--format", "text", "-"], json.dumps(report_doc(red_flags=["dark_urine"]))
    )
    assert status == 0
    assert "Care setting: Go to an emergency department" in out


def test_explain_prints_every_rule_from_the_rule_data() -> None:
    status, out, _ = call(["--explain"])
    assert status == 0
    assert out.startswith("careloop-default 2026.2 (overrides: none)")
    for rule_id in ("E1", "E8", "H1", "H7", "M1", "M7", "C1", "C2"):
        assert f"\n{rule_id:<3} " in out
    assert "when:  pain_now >= 7" in out


def test_rules_file_changes_thresholds(tmp_path: Path) -> None:
    rules = write(tmp_path, "[rules.H2]\npain_now_min = 5\n", "rules.toml")
    status, out, _ = call(["--rules", rules, "-"], json.dumps(report_doc(pain_now=5)))
    assert status == 0
    result = json.loads(out)
    assert result["action"] == "hold_and_contact"
    assert result["ruleset"]["overrides"] == {"H2.pain_now_min": 5}
    status, out, _ = call(["--rules", rules, "--explain"])
    assert "overrides: H2.pain_now_min=5" in out
    assert "when:  pain_now >= 5" in out


def test_a_bad_rules_file_exits_2_naming_file_and_key(tmp_path: Path) -> None:
    rules = write(tmp_path, "[rules.H2]\npain_now_min = 50\n", "rules.toml")
    status, out, err = call(["--rules", rules, str(EXAMPLE)])
    assert (status, out) == (2, "")
    assert err == f"{rules}: rules.H2.pain_now_min: must be an integer from 1 to 10 (got 50)\n"


BAD_INPUTS = [
    ("missing field", report_doc(pain_now=None), "report.pain_now: must be an integer"),
    ("out of range", report_doc(pain_now=11), "report.pain_now: must be an integer from 0 to 10"),
    ("unknown region", report_doc(region="knee"), 'report.region: unknown region "knee"'),
    ("unknown red flag", report_doc(red_flags=["x"]), 'report.red_flags.0: unknown red flag "x"'),
    ("unknown character", report_doc(character=["x"]), "report.character.0: unknown pain"),
    ("unknown field", report_doc(mood="low"), "report.mood: is not a known field"),
    (
        "no UTC offset",
        {**report_doc(), "session": {"ended_at": "2026-03-10T18:00:00", "pain_before": 2}},
        "session.ended_at: has no UTC offset",
    ),
    ("before the session", report_doc(hours=-1), "report.reported_at: is earlier than the end"),
    ("malformed JSON", '{"session": ', "input: malformed JSON at line 1 column 13"),
    ("not an object", "[]", "input: must be a JSON object"),
]


@pytest.mark.parametrize(
    ("doc", "first_line"), [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_input_exits_2_with_one_line_per_problem_on_stderr(
    tmp_path: Path, doc: Any, first_line: str
) -> None:
    status, out, err = call([write(tmp_path, doc)])
    assert (status, out) == (2, "")
    assert err.splitlines()[0].startswith(first_line), err


def test_each_problem_gets_its_own_line() -> None:
    doc = report_doc(pain_now=12, region="knee", mood="low")
    status, out, err = call(["-"], json.dumps(doc))
    assert (status, out) == (2, "")
    assert [line.split(":")[0] for line in err.splitlines()] == [
        "report.pain_now",
        "report.region",
        "report.mood",
    ]


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.json")
    assert call([missing]) == (2, "", f"{missing}: cannot be read: No such file or directory\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "FILE is required"),
        (["--explain", "x.json"], "--explain takes no FILE"),
        (["--format", "xml", "x.json"], "invalid choice"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2_on_stderr(argv: list[str], message: str) -> None:
    status, out, err = call(argv)
    assert (status, out) == (2, "")
    assert err.startswith("usage: careloop triage")
    assert message in err


def test_help_goes_to_stdout_and_exits_0() -> None:
    status, out, err = call(["--help"])
    assert (status, err) == (0, "")
    assert out.startswith("usage: careloop triage")


def test_it_runs_as_python_dash_m() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "careloop.triage", "-"],
        input=json.dumps(report_doc(pain_now=11)),
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "report.pain_now: must be an integer from 0 to 10\n"
    done = subprocess.run(
        [sys.executable, "-m", "careloop.triage", str(EXAMPLE)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["action"] == "hold_and_contact"


@pytest.mark.parametrize(
    "example",
    sorted(p for p in BUNDLED_EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json")),
    ids=lambda p: p.stem,
)
def test_the_command_gives_each_public_example_its_expected_result(example: Path) -> None:
    status, out, err = call([str(example)])
    assert (status, err) == (0, "")
    result = json.loads(out)
    expected = json.loads(example.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert result["action"] == expected["action"]
    assert result["care_setting"] == expected["care_setting"]
    assert {r["id"] for r in result["matched_rules"]} == set(expected["matched_rule_ids"])


def test_a_report_without_a_session_is_valid_input(tmp_path: Path) -> None:
    doc = report_doc(pain_now=7)
    del doc["session"]
    status, out, err = call([write(tmp_path, doc)])
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["facts"]["hours"] is None and result["facts"]["delta"] is None
    status, text, _ = call([write(tmp_path, doc), "--format", "text"])
    assert status == 0 and "not linked to a session" in text
