"""Letters to the referral source: the episode document, composition and rendering.

The flow is ``EpisodeDocument`` (what the record says) -> :func:`compose` ->
``LetterContent`` (plain-text sections, editable) -> a renderer (HTML, PDF, DOCX, text).
Composing and rendering read only the document; the models, services and views of this
app store letters and deliver them.

``parse_document(data) -> EpisodeDocument`` / ``load_document(path)``
    Validate untrusted JSON; :class:`DocumentError` lists ``(dotted.path, message)``.
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
from careloop.letters.document import EpisodeDocument
from careloop.letters.parsing import (
    DocumentError,
    load_document,
    parse_document,
    parse_document_json,
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
    "DocumentError",
    "EpisodeDocument",
    "Format",
    "LetterContent",
    "LetterKind",
    "compose",
    "load_document",
    "parse_document",
    "parse_document_json",
    "render",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_text",
    "section_text",
    "with_section_text",
]
