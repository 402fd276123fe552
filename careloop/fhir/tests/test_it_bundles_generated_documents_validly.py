"""Properties over generated episode documents (Hypothesis): whatever a valid document
holds (any text, regions, loads in kg or lb, times in any offset, missing parts), its
Bundle validates with fhir.resources and carries each pain rating once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from careloop.fhir.bundle import FinalLetter, bundle_from_document
from careloop.fhir.validation import validate_bundle
from careloop.record import DocumentError, parse_document
from careloop.triage import ACTIONS, REGIONS

BASE = json.loads(
    (
        Path(__file__).resolve().parents[2] / "letters" / "examples" / "episode-knee-hold.json"
    ).read_text(encoding="utf-8")
)
OFFSETS = (
    dt.UTC,
    dt.timezone(dt.timedelta(hours=2)),
    dt.timezone(dt.timedelta(hours=-5, minutes=-30)),
)
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

# Any text a person could type, one line or several, but never empty or blank.
words = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() != "")
nprs = st.integers(0, 10)
optional_nprs = st.none() | nprs


@st.composite
def moments(draw: st.DrawFn) -> str:
    moment = START + dt.timedelta(minutes=draw(st.integers(0, 90 * 24 * 60)))
    return moment.astimezone(draw(st.sampled_from(OFFSETS))).isoformat()


@st.composite
def loads(draw: st.DrawFn) -> dict[str, Any] | None:
    if draw(st.booleans()):
        return None
    value = draw(st.floats(0, 2000, allow_nan=False, allow_infinity=False))
    return {"value": value, "unit": draw(st.sampled_from(["kg", "lb"]))}


@st.composite
def sessions(draw: st.DrawFn, index: int) -> dict[str, Any]:
    exercises = [
        {
            "name": draw(words),
            "sets": [
                {
                    k: v
                    for k, v in {
                        "reps": draw(st.none() | st.integers(0, 500)),
                        "seconds": draw(st.none() | st.integers(0, 7200)),
                        "load": draw(loads()),
                    }.items()
                    if v is not None
                }
                for _ in range(draw(st.integers(0, 4)))
            ],
            "pain_during": draw(optional_nprs),
            "notes": draw(st.just("") | words),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    return {
        "id": f"S-{index}",
        "started_at": draw(moments()),
        "duration_minutes": draw(st.integers(1, 600)),
        "practitioner": draw(words),
        "pain_before": draw(nprs),
        "pain_during_max": draw(optional_nprs),
        "pain_after": draw(optional_nprs),
        "pain_2h": draw(optional_nprs),
        "rpe": draw(st.none() | st.floats(0, 10, allow_nan=False)),
        "exercises": exercises,
        "client_statements": draw(st.just("") | words),
    }


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    doc = json.loads(json.dumps(BASE))
    doc["client"]["name"] = draw(words)
    doc["client"]["sex"] = draw(st.sampled_from(["female", "male", "other", "not_stated"]))
    doc["client"]["referral"]["region"] = draw(st.sampled_from(REGIONS))
    doc["client"]["referral"]["diagnosis"] = draw(st.just("") | words)
    doc["sessions"] = [draw(sessions(i)) for i in range(draw(st.integers(0, 4)))]
    session_ids = [s["id"] for s in doc["sessions"]]
    doc["pain_reports"] = [
        {
            "id": f"PR-{i}",
            "session_id": draw(st.none() | st.sampled_from(session_ids)) if session_ids else None,
            "reported_at": draw(moments()),
            "region": draw(st.sampled_from(REGIONS)),
            "pain_now": draw(nprs),
            "client_statement": draw(st.just("") | words),
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    doc["triage_results"] = []
    doc["decisions"] = []
    for report in doc["pain_reports"]:
        if draw(st.booleans()):
            recommended, action = draw(st.sampled_from(ACTIONS)), draw(st.sampled_from(ACTIONS))
            doc["decisions"].append(
                {
                    "pain_report_id": report["id"],
                    "decided_at": draw(moments()),
                    "decided_by": draw(words),
                    "recommended_action": recommended,
                    "action": action,
                    "departs_from_recommendation": recommended != action,
                    "reason": draw(words) if recommended != action else "",
                }
            )
    doc["follow_ups"] = [
        {
            "due_at": draw(moments()),
            "kind": draw(
                st.sampled_from(["check_in", "contact_referral_source", "send_letter", "other"])
            ),
            "status": draw(st.sampled_from(["pending", "done", "missed", "cancelled"])),
            "label": draw(st.just("") | words),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    doc["hold"] = draw(st.none() | st.just({"since": "2026-03-11T19:00:00Z", "reason": "x"}))
    if draw(st.booleans()):
        doc["program"] = None
    if draw(st.booleans()):
        doc["episode"] = None
    doc["pain_series"] = [
        {"at": draw(moments()), "value": draw(nprs), "kind": "check_in"}
        for _ in range(draw(st.integers(0, 2)))
    ]
    return doc


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans())
def test_every_generated_document_gives_a_valid_bundle(data: dict[str, Any], letter: bool) -> None:
    try:
        doc = parse_document(data)
    except DocumentError:
        assume(False)
        return
    letters = (
        [FinalLetter(id="1", title="SBAR report, version 1", finalised_at=START, pdf=b"%PDF-")]
        if letter
        else []
    )
    bundle = bundle_from_document(doc, letters=letters)
    validate_bundle(bundle)
    observations = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    pain = [o for o in observations if o["code"].get("coding", [{}])[0].get("code") == "72514-3"]
    ratings = sum(
        sum(v is not None for v in (s.pain_before, s.pain_during_max, s.pain_after, s.pain_2h))
        for s in doc.sessions
    )
    assert len(pain) == ratings + len(doc.pain_reports) + len(doc.pain_series)
    assert all(e["resource"]["resourceType"] != "Condition" for e in bundle["entry"])
