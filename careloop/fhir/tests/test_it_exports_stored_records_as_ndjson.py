"""The bulk export and the stored episode's Bundle, from real records: every line a valid
R4 resource, one file per type, only the practices asked for, only since the date asked,
and a fixed number of queries per chunk whatever the number of rows."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import Counter
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careloop.audit.models import AuditEvent
from careloop.cli import main
from careloop.fhir import sources
from careloop.fhir.episode import episode_bundle
from careloop.fhir.export import export_ndjson
from careloop.fhir.validation import validate_bundle, validate_resource
from careloop.letters.services import communication_record, letter_draft, letter_finalise
from careloop.letters.testing import decided_report, knee_client, sessions

pytestmark = pytest.mark.django_db


def _episode(personas, *, first_name="Margaret", count=3):
    client = knee_client(personas, first_name=first_name)
    sessions(client, personas.alice, count, last_ended=timezone.now() - dt.timedelta(hours=20))
    report = decided_report(client, personas.alice, action="hold_and_contact")
    return client, report


def _read(out) -> dict[str, list[dict]]:
    return {
        path.stem: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for path in out.glob("*.ndjson")
    }


def test_every_line_is_a_valid_resource_of_its_file(personas, tmp_path) -> None:
    client, report = _episode(personas)
    letter = letter_draft(kind="sbar", author=personas.alice, episode=report.episode)
    letter_finalise(letter=letter, actor=personas.alice)
    communication_record(
        client=client,
        actor=personas.alice,
        kind="call_made",
        summary="Left a message.",
        at=timezone.now(),
        channel="phone",
        direction="outgoing",
        party="Dr Patel's office",
        episode=report.episode,
    )
    counts = export_ndjson(tmp_path, practice_ids=[personas.practice.pk])
    files = _read(tmp_path)
    assert {k: len(v) for k, v in files.items()} == counts
    for kind, lines in files.items():
        for resource in lines:
            assert resource["resourceType"] == kind
            validate_resource(resource, f"{kind}/{resource['id']}")
    assert {
        "Patient",
        "Organization",
        "Practitioner",
        "ServiceRequest",
        "CarePlan",
        "Procedure",
        "Observation",
        "Flag",
        "Task",
        "Communication",
        "DocumentReference",
        "Provenance",
    } <= set(files)
    assert "Condition" not in files
    # The report's rating keeps the document's id, so the Provenance points at it.
    pain = {o["id"]: o for o in files["Observation"]}
    assert pain[f"PR-{report.pk}"]["valueQuantity"]["value"] == report.pain_now
    (provenance,) = files["Provenance"]
    assert provenance["target"] == [{"reference": f"Observation/PR-{report.pk}"}]
    (document,) = files["DocumentReference"]
    assert document["content"][0]["attachment"]["url"] == f"/api/v1/letters/{letter.pk}/pdf"
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert {o["type"]: o["count"] for o in manifest["output"]} == counts
    assert AuditEvent.objects.filter(
        practice=personas.practice, action="export", object_type="fhir"
    ).exists()


def test_it_exports_only_the_practices_asked_for_and_since_the_date(personas, tmp_path) -> None:
    _episode(personas)
    theirs = replace(personas, practice=personas.other_practice, alice=personas.charlie)
    charlie_client = knee_client(theirs, first_name="Other")
    export_ndjson(tmp_path / "a", practice_ids=[personas.practice.pk])
    patients = _read(tmp_path / "a")["Patient"]
    assert f"client-{charlie_client.pk}" not in {p["id"] for p in patients}
    tomorrow = timezone.now() + dt.timedelta(days=1)
    counts = export_ndjson(tmp_path / "b", practice_ids=[personas.practice.pk], since=tomorrow)
    assert "Patient" not in counts and "Observation" not in counts


def test_queries_do_not_grow_with_the_rows(personas, tmp_path) -> None:
    def queries(name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            export_ndjson(tmp_path / name, practice_ids=[personas.practice.pk])
        return len(captured)

    _episode(personas, first_name="Ann", count=1)
    one = queries("one")
    _episode(personas, first_name="Bea", count=4)
    _episode(personas, first_name="Cai", count=4)
    assert queries("three") == one, "each reader reads a chunk of rows per query"


def test_small_chunks_export_the_same_resources(personas, tmp_path, monkeypatch) -> None:
    _episode(personas, first_name="Ann", count=3)
    _episode(personas, first_name="Bea", count=2)
    export_ndjson(tmp_path / "whole", practice_ids=[personas.practice.pk])
    monkeypatch.setattr(sources, "CHUNK", 1)
    export_ndjson(tmp_path / "one-by-one", practice_ids=[personas.practice.pk])
    assert _read(tmp_path / "one-by-one") == _read(tmp_path / "whole")


def test_the_stored_episode_bundle_carries_the_final_letters_pdf(personas) -> None:
    client, report = _episode(personas)
    letter = letter_draft(kind="sbar", author=personas.alice, episode=report.episode)
    letter_finalise(letter=letter, actor=personas.alice)
    bundle = episode_bundle(report.episode, author=personas.alice)
    validate_bundle(bundle)
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds["DocumentReference"] == 1 and kinds["Flag"] == 1 and kinds["Task"] >= 2
    (document,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    assert base64.b64decode(document["content"][0]["attachment"]["data"]).startswith(b"%PDF-")
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert patient["id"] == f"client-{client.pk}"


def test_the_export_command_writes_files_and_refuses_bad_input(personas, tmp_path, capsys) -> None:
    _episode(personas)
    out = tmp_path / "out"
    assert main(["fhir", "export", "-o", str(out), "--practice", str(personas.practice.pk)]) == 0
    assert "Patient.ndjson: " in capsys.readouterr().out
    assert (out / "Patient.ndjson").exists()
    assert main(["fhir", "export", "-o", str(out), "--since", "yesterday"]) == 2
    assert "--since: must be a date like 2026-03-10" in capsys.readouterr().err
    assert main(["fhir", "export", "-o", str(out), "--practice", "999999"]) == 2
    assert "--practice: no practice has id 999999" in capsys.readouterr().err
