"""Renderers: a :class:`~careloop.letters.content.LetterContent` to HTML, PDF, DOCX or text.

``render(letter, fmt) -> bytes`` picks one by name. WeasyPrint, which takes seconds to load,
is imported only when a PDF is made (careloop.letters.render.pdf).
"""

from __future__ import annotations

from typing import Literal

from careloop.letters.content import LetterContent
from careloop.letters.render import docx as _docx
from careloop.letters.render import html as _html
from careloop.letters.render import pdf as _pdf
from careloop.letters.render import text as _text

Format = Literal["pdf", "docx", "html", "txt"]
FORMATS: tuple[Format, ...] = ("pdf", "docx", "html", "txt")
MEDIA_TYPES: dict[Format, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}


def render_html(letter: LetterContent, *, fragment: bool = False, draft: bool = False) -> str:
    return _html.render_html(letter, fragment=fragment, draft=draft)


def render_pdf(letter: LetterContent, *, draft: bool = False) -> bytes:
    return _pdf.render_pdf(letter, draft=draft)


def render_docx(letter: LetterContent, *, draft: bool = False) -> bytes:
    return _docx.render_docx(letter, draft=draft)


def render_text(letter: LetterContent, *, draft: bool = False) -> str:
    return _text.render_text(letter, draft=draft)


def render(letter: LetterContent, fmt: Format, *, draft: bool = False) -> bytes:
    """``draft=True`` marks every page DRAFT (a watermark in PDF and HTML, the header in
    DOCX, the first line in text), so a draft is never taken for the letter sent."""
    if fmt == "pdf":
        return render_pdf(letter, draft=draft)
    if fmt == "docx":
        return render_docx(letter, draft=draft)
    if fmt == "html":
        return render_html(letter, draft=draft).encode("utf-8")
    if fmt == "txt":
        return render_text(letter, draft=draft).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "Format",
    "render",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_text",
]
