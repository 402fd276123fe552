"""The episode as its document, the letters' PDF and DOCX (read back), follow-ups listed and
completed, all through the API and through the same services as the pages."""

import io
import json

import pytest
from docx import Document

from careloop.episodes.models import FollowUp
from careloop.episodes.testing import held_report, knee_call
from careloop.letters.services import letter_draft, letter_finalise
from careloop.letters.testing import page_texts
from careloop.record.document import EpisodeDocument

pytestmark = pytest.mark.django_db


def test_the_episode_is_its_document(personas, alice_api):
    report = held_report(personas)
    response = alice_api.get(f"/api/v1/episodes/{report.episode_id}")
    assert response.status_code == 200
    document = EpisodeDocument.model_validate(response.json())
    assert "Walker" in document.client.name
    assert [r.pain_now for r in document.pain_reports] == [report.pain_now]


def test_a_letter_downloads_as_pdf_and_docx(personas, alice_api):
    report = held_report(personas)
    letter = letter_draft(kind="sbar", author=personas.alice, episode=report.episode)
    letter = letter_finalise(letter=letter, actor=personas.alice)
    listed = alice_api.get("/api/v1/letters").json()["items"]
    assert [item["id"] for item in listed] == [letter.pk]
    pdf = alice_api.get(f"/api/v1/letters/{letter.pk}/pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Walker" in " ".join(page_texts(pdf.content))
    docx = alice_api.get(f"/api/v1/letters/{letter.pk}/docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Walker" in text


def test_a_check_in_follow_up_is_completed_with_a_report(personas, alice_api):
    report = held_report(personas)
    open_ids = [f["id"] for f in alice_api.get("/api/v1/follow-ups").json()["items"]]
    check_in = report.episode.follow_ups.filter(kind="check_in").order_by("due_at").first()
    assert check_in.pk in open_ids
    body = {"report": knee_call(pain_now=3)}
    response = alice_api.post(
        f"/api/v1/follow-ups/{check_in.pk}/complete", json.dumps(body), "application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["result_id"] is not None
    again = alice_api.post(
        f"/api/v1/follow-ups/{check_in.pk}/complete", json.dumps(body), "application/json"
    )
    assert again.status_code == 409  # already completed: nothing recorded twice
    assert FollowUp.objects.get(pk=check_in.pk).result_id == response.json()["result_id"]
