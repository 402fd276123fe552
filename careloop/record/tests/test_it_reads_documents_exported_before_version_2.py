"""An episode document exported before version 2 (one ``referral.surgery``, none of the new
fields) still loads, is read as version 2, and renders to PDF and DOCX."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
from pypdf import PdfReader

from careloop.letters import compose, render_docx, render_pdf
from careloop.record import load_document, parse_document
from careloop.record.document import DOCUMENT_VERSION

V1 = Path(__file__).resolve().parent / "data" / "episode-v1-knee-cleared.json"


def test_a_version_1_export_is_migrated_on_read() -> None:
    raw = json.loads(V1.read_text(encoding="utf-8"))
    assert raw["document_version"] == "1"
    assert "surgery" in raw["client"]["referral"]
    doc = load_document(V1)
    assert doc.document_version == DOCUMENT_VERSION == "2"
    referral = doc.client.referral
    assert referral is not None
    assert [s.procedure for s in referral.surgeries] == ["Right total knee arthroplasty"]
    assert doc.client.medications == [] and doc.vitals == [] and doc.care_actions == []
    assert doc.client.identifiers == [] and doc.client.consent is None
    # Written out again, it is a version 2 document that reads back the same.
    assert parse_document(json.loads(doc.model_dump_json())) == doc


def test_a_version_1_export_renders_to_pdf_and_docx() -> None:
    doc = load_document(V1)
    for kind in ("sbar", "followup"):
        letter = compose(doc, kind)
        pdf = PdfReader(io.BytesIO(render_pdf(letter)))
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        assert "right total knee arthroplasty, 18 November 2025" in text
        word = docx.Document(io.BytesIO(render_docx(letter)))
        body = " ".join(p.text for p in word.paragraphs)
        assert "right total knee arthroplasty" in body


def test_a_version_1_export_with_no_surgery_loads() -> None:
    raw = json.loads(V1.read_text(encoding="utf-8"))
    raw["client"]["referral"]["surgery"] = None
    assert parse_document(raw).client.referral.surgeries == []  # type: ignore[union-attr]
