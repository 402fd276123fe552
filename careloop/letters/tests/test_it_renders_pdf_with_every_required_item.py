"""PDF letters read back with pypdf: every required item, page size, page numbers."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from careloop.letters import compose, render_html
from careloop.letters.compose.reasons import without_time_clause
from careloop.letters.formatting import TIMES
from careloop.letters.render.pdf import RefusedURL, url_fetcher
from careloop.letters.tests.conftest import with_paper

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_sbar_pdf_has_every_required_item(knee_hold, pdf_of) -> None:
    text = _text(pdf_of(knee_hold, "sbar"))
    doc = knee_hold
    session = doc.sessions[-1]
    report = doc.pain_reports[0]
    required = [
        doc.client.name,
        "born 12 February 1957",
        doc.recipient.name,
        doc.recipient.organisation,
        "Tue 10 Mar 2026",
        # pain before, during, after and now
        "Before session During (highest) After session 2 h after Now",
        "2/10 4/10 3/10 not recorded 7/10 (Wed 11 Mar 2026, 18:30)",
        f"Client reports: “{report.client_statement}”",
        f"Observed (Sam Okafor): {report.practitioner_observation}",
        "Please advise whether Margaret may resume her exercise program",
        "Please reply by Friday 13 March 2026",
        "Situation",
        "Background",
        "Assessment",
        "Recommendation and request",
        "Sam Okafor, BSc",
    ]
    for item in required:
        assert item in text, item
    for exercise in session.exercises:
        assert exercise.name in text
    params = (f"3 {TIMES} 12 @ 40 kg", "range 0-90° knee flexion", f"3 {TIMES} 10 @ 6 kg")
    for item in (*params, "red band", "tempo 2-0-2", "rest 1:30 min"):
        assert item in text
    for rule in doc.triage_results[0].matched_rules:
        assert rule.id in text
        # Each finding as recorded, its time since the session said once above the table.
        finding = without_time_clause(rule.finding)
        assert finding[1:60] in text
    assert "All at the time of the report: 25 h after the session" in text


@pytest.mark.parametrize(("paper", "size"), [("A4", A4), ("Letter", LETTER)])
def test_page_size_follows_the_practice(knee_hold, pdf_of, paper, size) -> None:
    reader = PdfReader(io.BytesIO(pdf_of(with_paper(knee_hold, paper), "sbar")))
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.5)


def test_every_page_is_numbered_x_of_y_and_carries_the_running_head(knee_cleared, pdf_of) -> None:
    reader = PdfReader(io.BytesIO(pdf_of(knee_cleared, "followup")))
    total = len(reader.pages)
    assert total >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {total}" in text
        assert "Confidential" in text
        if number > 1:
            assert "Margaret Ellis, born 12 Feb 1957 · Follow-up letter" in text


def test_followup_pdf_has_the_chart_and_the_questions(knee_cleared, pdf_of) -> None:
    text = _text(pdf_of(knee_cleared, "followup"))
    assert "Pain over time" in text
    assert "Session (before, after)" in text  # the chart legend, drawn as SVG text
    assert "Questions for you" in text
    assert "Please reply by Friday 27 March 2026" in text


def test_progress_pdf_renders(progress_doc, pdf_of) -> None:
    text = _text(pdf_of(progress_doc, "progress"))
    assert "Progress report" in text and "Helen Carter" in text and "Dr Tom Reilly" in text


def test_the_url_fetcher_refuses_the_network_and_files_outside_the_package() -> None:
    fetcher = url_fetcher()
    for url in ("http://example.com/a.css", "https://example.com/font.woff2", "ftp://x/y"):
        with pytest.raises((RefusedURL, ValueError)):
            fetcher.fetch(url)
    with pytest.raises(RefusedURL):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_a_letter_references_nothing_to_fetch(knee_cleared) -> None:
    html = render_html(compose(knee_cleared, "followup"))
    assert " src=" not in html and " href=" not in html and "url(" not in html
    assert "@import" not in html
