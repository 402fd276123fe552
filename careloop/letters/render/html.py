"""HTML for a letter: the in-app preview, and the input of the PDF renderer.

Django's template engine is used standalone (``Engine(dirs=[...])``, autoescaping on), so
rendering needs no settings, no database and no installed app: the CLI can call it
anywhere. Every value in the context is text from the letter, escaped by the engine; the
only markup inserted as is comes from :func:`chart_svg`, which escapes its own texts.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.safestring import mark_safe

from careloop.letters.content import Block, LetterContent
from careloop.letters.render.chart import chart_svg

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
# letter.css is a static file, so the app's letter page can link it (the Content-Security-
# Policy allows no inline <style>); standalone letters and the PDF read the same file.
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# A paragraph or bullet that opens with one of these labels shows the label in bold, so
# what the client said and what was observed stand apart at a glance.
_LABEL = re.compile(r"^(Client reports|Observed(?: \([^)]{1,80}\))?|Decision|Triage):\s")
_LABEL_CLASS = {"Client reports": "statement", "Observed": "observation"}


@functools.lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine(dirs=[str(TEMPLATE_DIR), str(STATIC_DIR)], autoescape=True, debug=False)


def _labelled(text: str) -> dict[str, str]:
    match = _LABEL.match(text)
    if match is None:
        return {"label": "", "text": text, "css": ""}
    label = match[1]
    css = _LABEL_CLASS.get(label.split(" (")[0], "")
    return {"label": label + ":", "text": text[match.end() :], "css": css}


def _block(block: Block) -> dict[str, Any]:
    if block.kind == "paragraph":
        return {"kind": "paragraph", **_labelled(block.text)}
    if block.kind == "bullets":
        return {"kind": "bullets", "items": [_labelled(item) for item in block.items]}
    if block.kind == "table":
        return {
            "kind": "table",
            "caption": block.caption,
            "columns": block.columns,
            "rows": [
                {"cells": row, "note": block.notes[i] if i < len(block.notes) else ""}
                for i, row in enumerate(block.rows)
            ],
            "widths": block.widths,
        }
    return {
        "kind": "chart",
        "title": block.title,
        "caption": block.caption,
        "summary": block.summary,
        "svg": mark_safe(chart_svg(block)),
    }


DRAFT_WORDS = "DRAFT: not checked or sent"


def letter_context(
    letter: LetterContent, *, for_print: bool = False, draft: bool = False
) -> dict[str, Any]:
    return {
        "letter": letter,
        "draft": draft,
        "draft_words": DRAFT_WORDS,
        "paper": "letter" if letter.paper_size == "Letter" else "a4",
        "sections": [
            {
                "key": s.key,
                "heading": s.heading,
                "blocks": [_block(b) for b in s.blocks],
            }
            for s in letter.sections
        ],
        "for_print": for_print,
        # Phone and fax on one line, e-mail and website on the next.
        "contact_rows": [
            row
            for row in (letter.letterhead.contact_lines[:2], letter.letterhead.contact_lines[2:])
            if row
        ],
    }


def render_html(
    letter: LetterContent, *, fragment: bool = False, for_print: bool = False, draft: bool = False
) -> str:
    """The letter as a standalone HTML page, or (``fragment=True``) as an ``<article>`` to
    embed in an app page (which links the static letters/letter.css, scoped under
    ``.cl-letter``)."""
    name = "letters/letter_fragment.html" if fragment else "letters/letter.html"
    template = engine().get_template(name)
    # use_l10n/use_tz off: the letter holds only preformatted text, and reading Django's
    # settings for them would need a configured project.
    context = Context(
        letter_context(letter, for_print=for_print, draft=draft), use_l10n=False, use_tz=False
    )
    return template.render(context)
