"""Issue 11: what a practitioner enters on the new screens (the referrer's MRN, several
surgeries or procedures, medications, vital signs with a session or a pain report) reaches
the episode document and reads back from the PDF and DOCX letters."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.utils import timezone

from careloop.clients.history_services import medication_record, referral_procedure_add
from careloop.clients.services import referral_update
from careloop.episodes.services import vital_signs_record
from careloop.letters import compose, render_docx, render_pdf
from careloop.letters.testing import decided_report, knee_client, page_texts, sessions
from careloop.record import parse_document
from careloop.record.build import episode_document

pytestmark = pytest.mark.django_db


def _recorded(personas):
    client = knee_client(personas)
    session = sessions(
        client, personas.alice, 2, last_ended=timezone.now() - dt.timedelta(hours=20)
    )[-1]
    report = decided_report(client, personas.alice, action="hold_and_contact")
    referral = client.referrals.get()
    referral_update(
        referral=referral,
        actor=personas.alice,
        client_identifier_system="MRN",
        client_identifier="0012345",
    )
    referral_procedure_add(
        referral=referral,
        actor=personas.alice,
        procedure="Arthroscopic meniscectomy",
        region="knee_right",
        date=dt.date(2019, 4, 2),
    )
    medication_record(
        client=client,
        actor=personas.alice,
        name="Apixaban",
        dose="2.5 mg twice daily",
        source="referral",
    )
    medication_record(
        client=client, actor=personas.alice, name="Paracetamol", source="client_reports"
    )
    vital_signs_record(
        client=client,
        actor=personas.alice,
        pain_report=report,
        measured_at=report.reported_at,
        heart_rate=112,
        systolic=150,
        diastolic=90,
        spo2=94,
        context="at rest, seated",
    )
    vital_signs_record(
        client=client, actor=personas.alice, session=session, measured_at=session.ended_at, spo2=97
    )
    return report


def test_the_document_carries_identifier_procedures_medications_and_vitals(personas):
    report = _recorded(personas)
    doc = episode_document(report.episode, author=personas.alice)
    assert parse_document(doc.model_dump(mode="json")) == doc
    [mrn] = doc.client.identifiers
    assert (mrn.system, mrn.value, mrn.assigner) == ("MRN", "0012345", "Riverside General")
    surgeries = doc.client.referral.surgeries  # type: ignore[union-attr]
    assert [s.procedure for s in surgeries] == [
        "Total knee replacement",
        "Arthroscopic meniscectomy",
    ]
    assert {(m.name, m.source) for m in doc.client.medications} == {
        ("Apixaban", "referral"),
        ("Paracetamol", "client_reports"),
    }
    by_report = doc.vitals_for(f"PR-{report.pk}")
    assert [(v.heart_rate, v.spo2) for v in by_report] == [(None, 97), (112, 94)]


@pytest.mark.parametrize("kind", ["sbar", "followup"])
def test_the_letters_print_them_in_pdf_and_docx(personas, kind):
    report = _recorded(personas)
    letter = compose(episode_document(report.episode, author=personas.alice), kind)
    pdf = " ".join(page_texts(render_pdf(letter)))
    word = docx.Document(io.BytesIO(render_docx(letter)))
    parts = [p.text for p in word.paragraphs]
    parts += [c.text for t in word.tables for row in t.rows for c in row.cells]
    for section in word.sections:
        parts += [p.text for p in section.header.paragraphs]
    body = " ".join(" ".join(parts).split())
    for text in (pdf, body):
        assert "MRN 0012345" in text
        assert "arthroscopic meniscectomy, 2 April 2019" in text
        assert "Medications on record: Apixaban, 2.5 mg twice daily" in text
        assert "Medications, as the client reports them: Paracetamol" in text
        if kind == "sbar":
            assert "heart rate 112/min, blood pressure 150/90 mmHg, SpO2 94%" in text
            assert "SpO2 97%" in text
