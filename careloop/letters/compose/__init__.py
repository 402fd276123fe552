"""Compose a letter from an episode document.

``compose(document, kind, *, report_id=None) -> LetterContent`` where ``kind`` is
``"sbar"`` (the SBAR report to the referral source about one pain report), ``"followup"``
(the episode summary for the client's next physician visit) or ``"progress"`` (a periodic
report for a client without an episode). Raises :class:`ComposeError` when the document
lacks what the kind needs, with ``(path, message)`` problems like the parser's.

``letter_document(document)``: the document with what a letter asks the clinician (the
request, the questions, the follow-up labels) filled in where it carries none; letter
drafts store it so.
"""

from __future__ import annotations

from careloop.letters.compose.errors import ComposeError
from careloop.letters.compose.followup import compose_followup
from careloop.letters.compose.progress import compose_progress
from careloop.letters.compose.request import letter_document
from careloop.letters.compose.sbar import compose_sbar
from careloop.letters.content import LETTER_KINDS, LetterContent, LetterKind
from careloop.record.document import EpisodeDocument


def compose(
    document: EpisodeDocument, kind: LetterKind, *, report_id: str | None = None
) -> LetterContent:
    # The request and follow-up labels are letter wording: derived here when the record
    # does not carry them (compose/request.py).
    document = letter_document(document)
    if kind == "sbar":
        return compose_sbar(document, report_id=report_id)
    if kind == "followup":
        return compose_followup(document)
    if kind == "progress":
        return compose_progress(document)
    raise ComposeError([("kind", f"must be one of: {', '.join(LETTER_KINDS)}")])


__all__ = ["ComposeError", "compose", "letter_document"]
