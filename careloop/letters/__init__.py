"""Letters to the referral source: composition, rendering, drafting and delivery.

The flow is ``EpisodeDocument`` (what the record says, from :mod:`careloop.record`) ->
:func:`compose` -> ``LetterContent`` (plain-text sections, editable) -> a renderer (HTML,
PDF, DOCX, text). Composing and rendering need no database; the services
(:mod:`careloop.letters.services`) draft, finalise and send letters kept in it.

``compose(document, kind, *, report_id=None) -> LetterContent``
    ``kind`` is ``"sbar"``, ``"followup"`` or ``"progress"``; :class:`ComposeError` when
    the document lacks what the kind needs.
``render_html(letter, *, fragment=False) -> str``, ``render_pdf(letter) -> bytes``,
``render_docx(letter) -> bytes``, ``render_text(letter) -> str``, ``render(letter, fmt)``
    In :mod:`careloop.letters.render`; each loads its library on first use.
``section_text(section)`` / ``with_section_text(letter, key, text)``
    Edit a letter's wording as plain text and keep its tables and chart.
"""

from careloop.letters.compose import ComposeError, compose
from careloop.letters.content import (
    LETTER_KINDS,
    LetterContent,
    LetterKind,
    section_text,
    with_section_text,
)
from careloop.letters.render import (
    FORMATS,
    MEDIA_TYPES,
    Format,
    render,
    render_docx,
    render_html,
    render_pdf,
    render_text,
)

__all__ = [
    "FORMATS",
    "LETTER_KINDS",
    "MEDIA_TYPES",
    "ComposeError",
    "Format",
    "LetterContent",
    "LetterKind",
    "compose",
    "render",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_text",
    "section_text",
    "with_section_text",
]
