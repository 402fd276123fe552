"""``careloop fhir bundle``: a Bundle from an exported document, no database; bad input
exits 2 naming each field and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import careloop.cli
from careloop.fhir.validation import validate_bundle

KNEE_HOLD = Path(__file__).resolve().parents[2] / "letters" / "examples" / "episode-knee-hold.json"


def test_it_writes_a_valid_bundle_without_django(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(careloop.cli, "_django_setup", lambda: pytest.fail("needs no Django"))
    out = tmp_path / "bundle.json"
    assert careloop.cli.main(["fhir", "bundle", str(KNEE_HOLD), "-o", str(out)]) == 0
    bundle = json.loads(out.read_text(encoding="utf-8"))
    validate_bundle(bundle)
    assert bundle["resourceType"] == "Bundle" and len(bundle["entry"]) > 20
    assert "Wrote" in capsys.readouterr().out


def test_it_writes_to_stdout_and_names_the_patient(capsys) -> None:
    args = ["fhir", "bundle", str(KNEE_HOLD), "--patient-id", "client-42"]
    assert careloop.cli.main(args) == 0
    bundle = json.loads(capsys.readouterr().out)
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert patient["id"] == "client-42"


def test_bad_input_names_each_field_and_writes_nothing(tmp_path, capsys) -> None:
    data = json.loads(KNEE_HOLD.read_text(encoding="utf-8"))
    data["sessions"][0]["pain_before"] = 12
    data["pain_reports"][0]["reported_at"] = "2026-03-11 18:30"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "bundle.json"
    assert careloop.cli.main(["fhir", "bundle", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "sessions.0.pain_before: must be an integer from 0 to 10" in err
    assert any(line.startswith("pain_reports.0.reported_at: ") for line in err)
    assert not out.exists()


def test_a_missing_file_and_broken_json_exit_2(tmp_path, capsys) -> None:
    assert careloop.cli.main(["fhir", "bundle", "/no/such.json"]) == 2
    assert "/no/such.json: cannot be read" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{oops", encoding="utf-8")
    assert careloop.cli.main(["fhir", "bundle", str(broken)]) == 2
    assert "malformed JSON" in capsys.readouterr().err
