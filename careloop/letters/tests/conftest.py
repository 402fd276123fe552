"""Shared fixtures: the example documents, and PDFs rendered once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careloop.demo import demo_seed
from careloop.demo.people import seed_people
from careloop.letters import compose, render_pdf, render_text
from careloop.letters.content import LetterContent, LetterKind
from careloop.record import EpisodeDocument, load_document
from careloop.testing.personas import PASSWORD

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KNEE_HOLD = EXAMPLES / "episode-knee-hold.json"
KNEE_CLEARED = EXAMPLES / "episode-knee-cleared.json"
BACK_MODIFY = EXAMPLES / "episode-back-modify.json"
PROGRESS = EXAMPLES / "progress-knee-oa.json"


def with_paper(doc: EpisodeDocument, paper: str) -> EpisodeDocument:
    practice = doc.practice.model_copy(update={"paper_size": paper})
    return doc.model_copy(update={"practice": practice})


@pytest.fixture(scope="session")
def knee_hold() -> EpisodeDocument:
    return load_document(KNEE_HOLD)


@pytest.fixture(scope="session")
def knee_cleared() -> EpisodeDocument:
    return load_document(KNEE_CLEARED)


@pytest.fixture(scope="session")
def back_modify() -> EpisodeDocument:
    return load_document(BACK_MODIFY)


@pytest.fixture(scope="session")
def progress_doc() -> EpisodeDocument:
    return load_document(PROGRESS)


@pytest.fixture(scope="session")
def pdf_of() -> Callable[[EpisodeDocument, LetterKind], bytes]:
    """Render each (document, kind) once; several tests read the same PDF."""
    cache: dict[tuple[str, str], bytes] = {}

    def make(doc: EpisodeDocument, kind: LetterKind) -> bytes:
        key = (doc.model_dump_json(), kind)
        if key not in cache:
            cache[key] = render_pdf(compose(doc, kind))
        return cache[key]

    return make


def letter_text(letter: LetterContent) -> str:
    """Every word of a composed letter, for assertions on wording."""
    return " ".join(render_text(letter).split())


@pytest.fixture
def demo(transactional_db: Any) -> Any:
    """The demo practice, its people signed in with the personas' password (browser tests)."""
    demo_seed()
    people = seed_people()
    for user in (people.owner, people.practitioner):
        user.set_password(PASSWORD)  # page_factory signs in with the personas' password
        user.save()
    return people
