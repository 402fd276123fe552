"""The episode document as a FHIR R4 Bundle: every resource validates with fhir.resources'
R4B models, every pain rating is there with its code, unit, time and body site, and nothing
in it is a diagnosis of CareLoop's own."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from careloop.fhir import codes
from careloop.fhir.bundle import FinalLetter, bundle_from_document
from careloop.fhir.validation import FhirValidationError, validate_bundle, validate_resource
from careloop.record import EpisodeDocument, load_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "letters" / "examples").glob("*.json")) + sorted(
    (ROOT / "record" / "tests" / "data").glob("*.json")
)
KNEE_HOLD = ROOT / "letters" / "examples" / "episode-knee-hold.json"
KNEE_CLEARED = ROOT / "letters" / "examples" / "episode-knee-cleared.json"


def resources(bundle: dict, kind: str | None = None) -> list[dict]:
    found = [e["resource"] for e in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def pain_ratings(doc: EpisodeDocument) -> int:
    per_session = sum(
        sum(v is not None for v in (s.pain_before, s.pain_during_max, s.pain_after, s.pain_2h))
        for s in doc.sessions
    )
    check_ins = sum(p.kind == "check_in" for p in doc.pain_series)
    return per_session + len(doc.pain_reports) + check_ins


def has_loinc_pain(resource: dict) -> bool:
    return any(c.get("code") == "72514-3" for c in resource["code"].get("coding", []))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_it_validates_every_resource_of_each_example(path: Path) -> None:
    doc = load_document(path)
    bundle = bundle_from_document(doc)
    validate_bundle(bundle)
    assert bundle["type"] == "collection"
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls)), "each entry has its own fullUrl"
    ids = Counter((r["resourceType"], r["id"]) for r in resources(bundle))
    assert max(ids.values()) == 1
    # Every reference inside the Bundle resolves to an entry of it.
    text = json.dumps(bundle)
    for reference in {part.split('"')[0] for part in text.split('"reference": "')[1:]}:
        assert reference in urls, reference
    assert not resources(bundle, "Condition"), "CareLoop never diagnoses"
    kinds = Counter(r["resourceType"] for r in resources(bundle))
    assert kinds["Patient"] == kinds["Organization"] == 1 and kinds["Practitioner"] == 2
    assert kinds["Procedure"] == len(doc.sessions)
    assert kinds["Task"] == len(doc.follow_ups)
    assert kinds["Provenance"] == len(doc.decisions)
    assert kinds["Flag"] == (1 if doc.hold else 0)
    assert kinds["CarePlan"] == (1 if doc.program else 0)
    assert kinds["Communication"] == len(doc.communications)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_it_carries_every_pain_rating_as_loinc_72514_3(path: Path) -> None:
    doc = load_document(path)
    bundle = bundle_from_document(doc)
    pain = [o for o in resources(bundle, "Observation") if has_loinc_pain(o)]
    assert len(pain) == pain_ratings(doc)
    for o in pain:
        quantity = o["valueQuantity"]
        assert 0 <= quantity["value"] <= 10
        assert quantity["system"] == "http://unitsofmeasure.org"
        assert quantity["code"] == "{score}"
        assert o["code"]["coding"][0]["system"] == "http://loinc.org"
        assert "effectiveDateTime" in o or "effectivePeriod" in o
    reports = {o["id"]: o for o in pain}
    for report in doc.pain_reports:
        o = reports[report.id]
        assert o["valueQuantity"]["value"] == report.pain_now
        assert o["effectiveDateTime"] == report.reported_at.isoformat().replace("+00:00", "Z")
        assert {"system": codes.CARELOOP_REGION, "code": report.region} in [
            {k: c[k] for k in ("system", "code")} for c in o["bodySite"]["coding"]
        ]


def test_it_names_the_knee_by_snomed_and_keeps_its_side() -> None:
    bundle = bundle_from_document(load_document(KNEE_HOLD))
    report = next(o for o in resources(bundle, "Observation") if o["id"] == "PR-1")
    assert report["bodySite"]["text"] == "Right knee"
    assert report["bodySite"]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": "72696002",
        "display": "Knee region structure",
    }


def test_it_keeps_the_referrers_reason_and_diagnosis_as_their_text() -> None:
    doc = load_document(KNEE_HOLD)
    (request,) = resources(bundle_from_document(doc), "ServiceRequest")
    assert doc.client.referral is not None
    assert [r["text"] for r in request["reasonCode"]] == [
        doc.client.referral.reason,
        doc.client.referral.diagnosis,
    ]
    assert all("coding" not in r for r in request["reasonCode"]), "no code chosen for them"
    assert "Precaution: No kneeling on the operated knee" in [n["text"] for n in request["note"]]


def test_it_gives_each_exercise_its_sets_and_loads_in_ucum() -> None:
    bundle = bundle_from_document(load_document(KNEE_HOLD))
    press = next(
        o
        for o in resources(bundle, "Observation")
        if o["code"].get("text") == "Seated leg press" and o["id"].startswith("S-0303")
    )
    loads = [c["valueQuantity"] for c in press["component"] if c["code"]["text"].endswith("load")]
    assert loads == [{"value": 35, "unit": "kg", "system": codes.UCUM, "code": "kg"}] * 3
    pain = [
        c for c in press["component"] if c["code"].get("coding", [{}])[0].get("code") == "72514-3"
    ]
    assert pain[0]["valueQuantity"]["value"] == 3
    assert press["partOf"][0]["reference"].startswith("urn:uuid:")


def test_it_flags_the_hold_and_tasks_each_follow_up() -> None:
    doc = load_document(KNEE_HOLD)
    bundle = bundle_from_document(doc)
    (flag,) = resources(bundle, "Flag")
    assert flag["status"] == "active" and "on hold" in flag["code"]["text"]
    tasks = resources(bundle, "Task")
    assert [t["restriction"]["period"]["end"] for t in tasks] == [
        f.due_at.isoformat().replace("+00:00", "Z") for f in doc.follow_ups
    ]
    cleared = bundle_from_document(load_document(KNEE_CLEARED))
    (lifted,) = resources(cleared, "Flag")
    assert lifted["status"] == "inactive" and "end" in lifted["period"]


def test_the_provenance_says_who_decided_what_on_which_report() -> None:
    doc = load_document(KNEE_HOLD)
    bundle = bundle_from_document(doc)
    (provenance,) = resources(bundle, "Provenance")
    decision = doc.decisions[0]
    assert provenance["recorded"] == decision.decided_at.isoformat().replace("+00:00", "Z")
    assert provenance["activity"]["coding"][0]["code"] == decision.action
    targets = {t["reference"] for t in provenance["target"]}
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    assert {by_url[t]["resourceType"] for t in targets} >= {"Observation", "Flag", "Task"}


def test_final_letters_come_as_document_and_communication_with_the_pdf() -> None:
    at = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
    pdf = b"%PDF-1.7 test"
    letters = [
        FinalLetter(id="9", title="SBAR report, version 1", finalised_at=at, sent_at=at, pdf=pdf)
    ]
    bundle = bundle_from_document(load_document(KNEE_HOLD), letters=letters)
    validate_bundle(bundle)
    (document,) = resources(bundle, "DocumentReference")
    attachment = document["content"][0]["attachment"]
    assert base64.b64decode(attachment["data"]) == pdf
    assert attachment["contentType"] == "application/pdf"
    assert document["type"]["coding"][0] == codes.LETTER_DOCUMENT
    sent = next(c for c in resources(bundle, "Communication") if c["id"] == "letter-9-sent")
    assert sent["status"] == "completed"
    assert sent["medium"][0]["coding"][0]["code"] == "MAILWRIT"


def test_the_validator_refuses_what_fhir_refuses() -> None:
    with pytest.raises(FhirValidationError) as caught:
        validate_resource({"resourceType": "Observation", "code": {"text": "x"}})
    assert [path for path, _ in caught.value.problems] == ["Observation.status"]
    with pytest.raises(FhirValidationError) as caught:
        validate_resource(
            {"resourceType": "Observation", "status": "final", "code": {}, "oops": 1}, "entry.3"
        )
    assert [path for path, _ in caught.value.problems] == ["entry.3.oops"]
    with pytest.raises(FhirValidationError):
        validate_resource(
            {
                "resourceType": "Observation",
                "status": "final",
                "code": {},
                "effectiveDateTime": "2026-03-01T10:00:00",
            }
        )  # no offset
