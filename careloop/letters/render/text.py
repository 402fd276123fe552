"""Plain text for e-mail bodies: the same letter, wrapped at 78 columns.

Headings are underlined, tables become one bullet per row ("column: value"), and the pain
chart becomes its values in words.
"""

from __future__ import annotations

import textwrap

from careloop.letters.content import Block, LetterContent

WIDTH = 78


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first or indent]


def _heading(text: str, rule: str = "-") -> list[str]:
    return [text, rule * len(text)]


def _block(block: Block) -> list[str]:
    if block.kind == "paragraph":
        return _wrap(block.text)
    if block.kind == "bullets":
        lines: list[str] = []
        for item in block.items:
            lines += _wrap(item, indent="  ", first="- ")
        return lines
    if block.kind == "table":
        lines = _wrap(f"{block.caption}:") if block.caption else []
        for r, row in enumerate(block.rows):
            pairs = [f"{col}: {cell}" for col, cell in zip(block.columns, row, strict=False)]
            if r < len(block.notes) and block.notes[r]:
                pairs[-1] += f" ({block.notes[r]})"
            if len(block.rows) > 1 and len(row) > 1:
                # Many rows: the first column names the row ("Seated leg press. Prescribed: ...").
                text = f"{row[0]}. " + "; ".join(pairs[1:])
            else:
                text = "; ".join(pairs)
            lines += _wrap(text, indent="  ", first="- ")
        return lines
    lines = [f"{block.title}:"]
    lines += _wrap(block.summary, indent="  ", first="  ")
    return lines


def render_text(letter: LetterContent, *, draft: bool = False) -> str:
    head = letter.letterhead
    out: list[str] = ["*** DRAFT: not checked or sent ***", ""] if draft else []
    out.append(head.name)
    if head.tagline:
        out.append(head.tagline)
    if head.address_lines:
        out.append(", ".join(head.address_lines))
    if head.contact_lines:
        out += _wrap(" · ".join(head.contact_lines))
    out += ["", letter.date_text, ""]
    for i, line in enumerate(letter.recipient_lines):
        out += _wrap(line, indent="    ", first="To: " if i == 0 else "    ")
    out += [""]
    out += _heading(letter.title, "=")
    out += [""]
    out += _wrap(f"Re: {letter.re_line}", indent="    ", first="")
    out += ["", letter.salutation, ""]
    for section in letter.sections:
        out += _heading(section.heading)
        for block in section.blocks:
            out += _block(block)
            out.append("")
    if letter.request is not None:
        out += _heading("Request")
        out += _wrap(letter.request.question)
        if letter.request.respond_by_text:
            out += _wrap(f"Please reply by {letter.request.respond_by_text}.")
        if letter.request.how_to_reply:
            out += _wrap(letter.request.how_to_reply)
        out.append("")
    sig = letter.signature
    name = f"{sig.name}, {sig.credentials}" if sig.credentials else sig.name
    out += [sig.signoff, "", name]
    out += [", ".join(x for x in (sig.role, sig.practice) if x)]
    if sig.contact_lines:
        out.append(" · ".join(sig.contact_lines))
    if letter.footer_note:
        out += ["", "-- "]
        out += _wrap(letter.footer_note)
    return "\n".join(out).rstrip() + "\n"
