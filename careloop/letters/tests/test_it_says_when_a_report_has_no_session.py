"""Rules 2026.2: a pain report not linked to a session. Letters say so plainly, instead of
timing the pain from a session or comparing it with a pre-session rating."""

from __future__ import annotations

import io

from pypdf import PdfReader

from careloop.letters import compose
from careloop.letters.content import Table
from careloop.letters.tests.conftest import letter_text
from careloop.record import EpisodeDocument


def _unlinked(doc: EpisodeDocument, *, sessions: bool = True) -> EpisodeDocument:
    reports = [r.model_copy(update={"session_id": None}) for r in doc.pain_reports]
    update: dict[str, object] = {"pain_reports": reports}
    if not sessions:
        update["sessions"] = []
    return doc.model_copy(update=update)


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_sbar_says_the_report_was_not_linked_to_a_session(knee_hold, pdf_of) -> None:
    linked_text = letter_text(compose(knee_hold, "sbar"))
    assert "after an exercise session with us" in linked_text
    doc = _unlinked(knee_hold)
    letter = compose(doc, "sbar")
    text = letter_text(letter)
    assert "The report was not linked to an exercise session" in text
    assert "after an exercise session with us" not in text
    assert "pain before the session" not in text
    assert "the most recent session before it was on Tue 10 Mar 2026" in text
    assert "reported on" in letter.re_line
    pain = next(
        b
        for b in letter.section("assessment").blocks
        if isinstance(b, Table) and b.caption.startswith("Pain rating")
    )
    assert pain.columns == ["Now"]
    pdf = _pdf_text(pdf_of(doc, "sbar"))
    assert "not linked to an exercise session" in pdf
    assert "Before session" not in pdf


def test_the_sbar_for_a_client_with_no_session_yet(knee_hold) -> None:
    text = letter_text(compose(_unlinked(knee_hold, sessions=False), "sbar"))
    assert "had no exercise session with us before this report" in text


def test_the_follow_up_letter_says_the_first_report_was_not_linked(knee_cleared) -> None:
    text = letter_text(compose(_unlinked(knee_cleared), "followup"))
    assert "(not linked to an exercise session)" in text
    assert "after an exercise session on" not in text.split("Sessions")[0]
