"""``careloop case deidentify``: no database, the case and its removals, problems by field."""

from __future__ import annotations

import json
import subprocess
import sys

from careloop.cases.document import CaseDocument
from careloop.cli import main
from careloop.letters.tests.conftest import KNEE_HOLD


def _episode_with_identifiers() -> dict:
    data = json.loads(KNEE_HOLD.read_text(encoding="utf-8"))
    report = data["pain_reports"][0]
    report["client_statement"] = "Margaret here, ring 07700 900123 or margaret@example.com."
    return data


def test_it_writes_the_case_with_what_was_removed(tmp_path, capsys) -> None:
    source = tmp_path / "episode.json"
    source.write_text(json.dumps(_episode_with_identifiers()), encoding="utf-8")
    out = tmp_path / "case.json"
    assert main(["case", "deidentify", str(source), "-o", str(out)]) == 0
    assert "3 removals" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    case = CaseDocument.model_validate_json(text)
    assert case.reports[0].client_statement == "[CLIENT] here, ring [PHONE] or [EMAIL]."
    assert [(r.field, r.kind, r.placeholder) for r in case.removals] == [
        ("reports.0.client_statement", "client_name", "[CLIENT]"),
        ("reports.0.client_statement", "phone", "[PHONE]"),
        ("reports.0.client_statement", "email", "[EMAIL]"),
    ]
    for secret in ("Margaret", "Ellis", "900123", "example.com", "1957", "2026-"):
        assert secret not in text
    assert case.age_band == "65-69"
    assert case.referral and case.referral.referrer_profession == "orthopaedic_surgeon"
    assert [s.day for s in case.sessions] == [0, 3, 7]


def test_it_writes_to_stdout_and_needs_no_database(tmp_path) -> None:
    # A fresh interpreter with no database settings at all.
    result = subprocess.run(
        [sys.executable, "-m", "careloop.cli", "case", "deidentify", str(KNEE_HOLD)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["case_version"] == "1"


def test_bad_input_exits_2_naming_the_field_and_writes_nothing(tmp_path, capsys) -> None:
    data = json.loads(KNEE_HOLD.read_text(encoding="utf-8"))
    data["sessions"][0]["pain_before"] = 12
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "case.json"
    assert main(["case", "deidentify", str(source), "-o", str(out)]) == 2
    assert "sessions.0.pain_before: must be an integer from 0 to 10" in capsys.readouterr().err
    assert not out.exists()


def test_malformed_json_exits_2(tmp_path, capsys) -> None:
    source = tmp_path / "bad.json"
    source.write_text("{oops", encoding="utf-8")
    assert main(["case", "deidentify", str(source)]) == 2
    assert "input: malformed JSON" in capsys.readouterr().err
