"""A stored episode as a FHIR Bundle (needs Django): what ``GET /api/v1/episodes/{id}/fhir``
returns. Builds the episode document (:mod:`careloop.record.build`), gathers the episode's
final letters with their PDFs, and hands both to :func:`bundle_from_document`, so the
Bundle says exactly what ``careloop fhir bundle`` says of the exported document, plus the
letters. Reading only: the caller (the API view) audits the view as it audits every call.
"""

from __future__ import annotations

from typing import Any

from careloop.episodes.models import Episode
from careloop.fhir.bundle import FinalLetter, bundle_from_document
from careloop.letters.models import Letter
from careloop.letters.render import render as render_letter
from careloop.letters.services import letter_content
from careloop.record.build import episode_document

LETTER_TITLES = dict(Letter.Kind.choices)


def final_letters(episode: Episode, *, with_pdf: bool = True) -> list[FinalLetter]:
    """The episode's letters that are no longer drafts, oldest first; each with its PDF
    (rendered from its frozen wording, as the download gives it) when ``with_pdf``."""
    letters = Letter.objects.filter(episode=episode).exclude(status=Letter.Status.DRAFT)
    return [
        FinalLetter(
            id=str(letter.pk),
            title=f"{LETTER_TITLES[letter.kind]}, version {letter.version}",
            finalised_at=letter.finalised_at,  # type: ignore[arg-type]
            sent_at=letter.sent_at,
            superseded=letter.superseded_at is not None,
            pdf=render_letter(letter_content(letter), "pdf", draft=False) if with_pdf else None,
            url=f"/api/v1/letters/{letter.pk}/pdf",
        )
        for letter in letters.order_by("finalised_at", "pk")
    ]


def episode_bundle(episode: Episode, *, author: Any, with_pdf: bool = True) -> dict[str, Any]:
    """The stored episode as a Bundle; ``author`` signs the document (a practice member)."""
    document = episode_document(episode, author=author)
    return bundle_from_document(
        document,
        patient_id=f"client-{episode.client_id}",
        letters=final_letters(episode, with_pdf=with_pdf),
    )
