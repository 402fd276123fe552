"""The signature never stands alone on the last page: the request (or the end of the
letter) goes over with it. Before, the emergency follow-up letter ended on a page with
nothing but "With kind regards" and the name."""

from __future__ import annotations

import pytest

from careloop.letters import compose, render_pdf
from careloop.letters.testing import page_texts, png_pages
from careloop.letters.tests.conftest import EXAMPLES
from careloop.record import EpisodeDocument, load_document


def _body_before_signoff(doc: EpisodeDocument, pdf: bytes) -> str:
    """The text on the signature's page before the sign-off, without the running head."""
    head = " ".join(compose(doc, "followup").running_head.split())
    page = next(text for text in reversed(page_texts(pdf)) if doc.practice.signoff in text)
    return page.replace(head, "").split(doc.practice.signoff)[0].strip()


def test_the_emergency_follow_up_keeps_its_request_with_the_signature() -> None:
    doc = load_document(EXAMPLES / "episode-calf-emergency.json")
    pdf = render_pdf(compose(doc, "followup"))
    last = page_texts(pdf)[-1]
    assert doc.practice.signoff in last
    assert "Request" in last
    # Looked at: test-artifacts/signature-followup-*.png, last page request and signature.
    png_pages(pdf, "signature-followup")


@pytest.mark.parametrize("extra", range(0, 6))
def test_the_signature_has_company_whatever_the_length(knee_cleared, extra) -> None:
    # One more question each time moves the page break through the end of the letter.
    questions = [*knee_cleared.questions_for_physician] + [
        f"Question {i + 1}: should the leg press stay at 30 kg for another week?"
        for i in range(extra)
    ]
    doc = knee_cleared.model_copy(update={"questions_for_physician": questions})
    pdf = render_pdf(compose(doc, "followup"))
    before = _body_before_signoff(doc, pdf)
    assert len(before) > 60, before
