"""A question skipped because a warning sign was ticked (trend, swelling, daily activities)
is stored as not asked; the letter says so, and never prints the stored default ("no
swelling", "no limitation of daily activities") as if the client had said it."""

from __future__ import annotations

import pytest

from careloop.episodes.inputs import PainReportInput
from careloop.episodes.services import pain_report_create
from careloop.episodes.testing import knee_call
from careloop.letters import compose
from careloop.letters.testing import knee_client as make_knee_client
from careloop.letters.tests.conftest import letter_text
from careloop.record.build import episode_document
from careloop.record.document import EpisodeDocument


def _skipped(doc: EpisodeDocument) -> EpisodeDocument:
    last = doc.pain_reports[-1].model_copy(
        update={
            "not_asked": ["trend", "swelling", "adl_limitation"],
            "swelling": "none",
            "adl_limitation": "none",
        }
    )
    return doc.model_copy(update={"pain_reports": [*doc.pain_reports[:-1], last]})


def test_the_sbar_says_skipped_questions_were_not_asked(knee_hold) -> None:
    text = letter_text(compose(_skipped(knee_hold), "sbar"))
    for words in ("trend not asked", "swelling not asked", "daily activities not asked"):
        assert words in text
    assert "no swelling" not in text
    assert "no limitation of daily activities" not in text


def test_answers_given_are_still_printed_as_answers(knee_hold) -> None:
    last = knee_hold.pain_reports[-1].model_copy(
        update={"not_asked": [], "swelling": "none", "adl_limitation": "none"}
    )
    doc = knee_hold.model_copy(update={"pain_reports": [*knee_hold.pain_reports[:-1], last]})
    text = letter_text(compose(doc, "sbar"))
    assert "no swelling" in text and "no limitation of daily activities" in text
    assert "not asked" not in text


@pytest.mark.django_db
def test_the_built_document_carries_what_was_not_asked(personas) -> None:
    client = make_knee_client(personas)
    report = pain_report_create(
        client=client,
        recorded_by=personas.alice,
        report=PainReportInput(
            **knee_call(red_flags=["chest_pain_or_pressure"], not_asked=("trend", "swelling"))
        ),
    )
    doc = episode_document(report.episode, author=personas.alice)
    assert doc.pain_reports[-1].not_asked == ["swelling", "trend"]
