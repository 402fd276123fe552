"""The episode document: examples, JSON Schema, and problems named by dotted path."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from careloop.letters.tests.conftest import EXAMPLES, KNEE_HOLD
from careloop.record import DocumentError, parse_document, parse_document_json
from careloop.record.schema import SCHEMA_PATH, episode_json_schema_text
from careloop.triage import parse_report, triage

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def _knee() -> dict:
    return json.loads(KNEE_HOLD.read_text(encoding="utf-8"))


def _problems(data: object) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as caught:
        parse_document(data)
    return caught.value.problems


def test_the_committed_schema_is_the_generated_one() -> None:
    committed = SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == episode_json_schema_text(), (
        "docs/schemas/episode.schema.json is out of date: run python -m careloop.record.schema"
    )


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_each_example_validates_against_the_model_and_the_schema(path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    parse_document(data)
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_the_examples_cover_hold_modify_and_progress() -> None:
    names = {p.stem for p in EXAMPLE_FILES}
    assert {"episode-knee-hold", "episode-back-modify", "progress-knee-oa"} <= names


def test_the_knee_example_is_a_hold_with_h2_h4_h5() -> None:
    doc = parse_document(_knee())
    result = doc.triage_results[0]
    assert result.action == "hold_and_contact"
    assert {"H2", "H4", "H5"} <= {m.id for m in result.matched_rules}
    assert doc.client.referral and doc.client.referral.surgeries
    assert doc.pain_reports[0].pain_now == 7 and doc.pain_reports[0].region == "knee_right"


def _engine_input(doc, report):
    session = doc.session(report.session_id)
    ended = session.started_at.timestamp() + session.duration_minutes * 60

    ref = doc.client.referral
    client: dict = {"referral_region": ref.region}
    if ref.surgeries:
        client["surgery"] = ref.surgeries[0].model_dump(mode="json")
    previous = [
        {"reported_at": r.reported_at.isoformat(), "pain_now": r.pain_now, "action": t.action}
        for r in doc.pain_reports
        if r.reported_at < report.reported_at and (t := doc.triage_for(r.id))
    ]
    fields = report.model_dump(
        mode="json",
        # What CareLoop keeps beside the engine's report (as PainReportInput adds it).
        exclude={
            "id",
            "session_id",
            "recorded_by",
            "not_asked",
            "client_statement",
            "practitioner_observation",
        },
    )
    return {
        "client": client,
        "session": {
            "ended_at": dt.datetime.fromtimestamp(ended, dt.UTC).isoformat(),
            "pain_before": session.pain_before,
            "pain_during_max": session.pain_during_max,
            "pain_after": session.pain_after,
        },
        "report": fields,
        "history": {"previous_reports": previous[-2:]},
    }


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_triage_results_are_what_the_engine_says(path) -> None:
    doc = parse_document_json(path.read_bytes())
    for stored in doc.triage_results:
        report = next(r for r in doc.pain_reports if r.id == stored.pain_report_id)
        result = triage(parse_report(_engine_input(doc, report)))
        assert stored.action == result.action
        assert [m.id for m in stored.matched_rules] == [m.id for m in result.matched_rules]


def test_it_names_each_bad_field_by_dotted_path() -> None:
    data = _knee()
    data["sessions"][2]["pain_before"] = 11
    data["sessions"][2]["exercises"][1]["sets"][0]["reps"] = "many"
    data["pain_reports"][0]["region"] = "knee"
    data["practice"]["paper_size"] = "A5"
    del data["recipient"]["name"]
    paths = dict(_problems(data))
    assert paths["sessions.2.pain_before"] == "must be an integer from 0 to 10"
    assert paths["sessions.2.exercises.1.sets.0.reps"] == "must be an integer"
    assert paths["pain_reports.0.region"].startswith("must be one of:")
    assert paths["practice.paper_size"] == 'must be one of: "A4" or "Letter"'
    assert paths["recipient.name"] == "is required"


def test_it_refuses_a_datetime_without_offset_and_an_unknown_time_zone() -> None:
    data = _knee()
    data["pain_reports"][0]["reported_at"] = "2026-03-11T18:30:00"
    data["practice"]["time_zone"] = "Mars/Olympus"
    paths = dict(_problems(data))
    assert "UTC offset" in paths["pain_reports.0.reported_at"]
    assert "unknown time zone" in paths["practice.time_zone"]


def test_it_names_a_time_with_no_instant_instead_of_overflowing() -> None:
    """Offsets go to 23:59 in RFC 3339, so this is valid text before year 1 in UTC; the
    document's checks compare times, which would overflow on it."""
    data = _knee()
    data["pain_reports"][0]["reported_at"] = "0001-01-01T00:00:00+01:00"
    paths = dict(_problems(data))
    assert paths["pain_reports.0.reported_at"] == "is outside years 1 to 9999 once converted to UTC"


def test_it_checks_references_and_the_reason_for_a_departing_decision() -> None:
    data = _knee()
    data["pain_reports"][0]["session_id"] = "S-9999"
    data["decisions"][0]["action"] = "modify"
    paths = dict(_problems(data))
    assert paths["pain_reports.0.session_id"] == 'no session has id "S-9999"'
    assert paths["decisions.0.departs_from_recommendation"].startswith("must be true")
    assert paths["decisions.0.reason"] == "is required when the decision departs from it"


def test_malformed_json_and_a_non_object_are_problems_at_input() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_document_json(b'{"practice": ')
    assert caught.value.problems[0][0] == "input"
    assert _problems([1, 2]) == [("input", "must be a JSON object")]


def test_unknown_fields_are_refused() -> None:
    data = _knee()
    data["client"]["nhs_number"] = "123"
    assert ("client.nhs_number", "is not a known field") in _problems(data)
