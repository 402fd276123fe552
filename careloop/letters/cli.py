"""``careloop letter render``: a letter from an exported episode document, no database needed.
(``careloop episode export`` writes one: careloop.record.cli.)

    careloop letter render EPISODE.json --kind sbar|followup|progress \\
        --format pdf|docx|html|txt -o OUT

``--format`` may be left out when OUT ends in .pdf, .docx, .html or .txt. Without ``-o``
(or with ``-o -``) html and txt go to standard output. ``EPISODE.json`` may be ``-`` for
standard input. Bad input exits 2 with nothing written and one line per problem on
stderr, ``dotted.path: what is wrong`` (e.g. ``sessions.0.pain_before: must be an integer
from 0 to 10``), at most 20 and then "... and N more". The document is read with
careloop.core.jsoninput: at most 5 MB, 64 levels deep, no repeated keys.

Wired into the ``careloop`` command through ``careloop.cli.VERB_MODULES``; also runnable as
``python -m careloop.letters.cli letter render ...``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import django

from careloop.core.jsoninput import print_problems
from careloop.letters.compose import ComposeError, compose
from careloop.letters.content import LETTER_KINDS, LetterKind
from careloop.letters.render import FORMATS, Format, render
from careloop.record.parsing import DocumentError, load_document

EXIT_OK = 0
EXIT_FAILED = 1


def register(subparsers: Any) -> None:
    """Add the ``letter`` verb to the ``careloop`` command's subparsers."""
    letter = subparsers.add_parser(
        "letter", help="letters to the referral source (see `careloop letter render --help`)"
    )
    verbs = letter.add_subparsers(dest="letter_command", required=True)
    cmd = verbs.add_parser(
        "render",
        help="render a letter from an episode document (JSON)",
        description="Render an SBAR report, a follow-up letter or a progress report from an "
        "episode document, as PDF, DOCX, HTML or plain text. Needs no database.",
    )
    cmd.add_argument("episode", metavar="EPISODE.json", help='episode document; "-" reads stdin')
    cmd.add_argument("--kind", choices=LETTER_KINDS, required=True, help="which letter")
    cmd.add_argument("--format", choices=FORMATS, help="output format (default: OUT's extension)")
    cmd.add_argument(
        "-o", "--output", metavar="OUT", help='file to write; "-" or none: stdout (html, txt)'
    )
    cmd.add_argument(
        "--report", metavar="ID", help="the pain report an SBAR is about (default: the latest)"
    )
    cmd.set_defaults(func=run_render, needs_django=False)


def _format(args: argparse.Namespace) -> Format | None:
    if args.format:
        return cast(Format, args.format)
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower().lstrip(".")
        suffix = {"htm": "html", "text": "txt"}.get(suffix, suffix)
        if suffix in FORMATS:
            return cast(Format, suffix)
    return None


def run_render(args: argparse.Namespace) -> int:
    fmt = _format(args)
    if fmt is None:
        return print_problems([("--format", f"is required (one of: {', '.join(FORMATS)})")])
    to_stdout = args.output in (None, "-")
    if to_stdout and fmt in ("pdf", "docx"):
        return print_problems([("-o", f"is required for {fmt} output (a file name)")])
    try:
        document = load_document(args.episode, sys.stdin)
        letter = compose(document, cast(LetterKind, args.kind), report_id=args.report)
    except (DocumentError, ComposeError) as exc:
        return print_problems(exc.problems)
    data = render(letter, fmt)
    if to_stdout:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:  # a text-only stream (html and txt are UTF-8 text)
            sys.stdout.write(data.decode("utf-8"))
        return EXIT_OK
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        sys.stderr.write(f"{args.output}: cannot be written: {exc.strerror}\n")
        return EXIT_FAILED
    print(f"Wrote {args.output} ({args.kind}, {fmt}, {len(data):,} bytes)")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """The ``letter`` verb on its own, as ``careloop`` would run it."""
    parser = argparse.ArgumentParser(prog="careloop")
    register(parser.add_subparsers(dest="command", required=True))
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse reports usage errors with status 2
        return int(exc.code or 0)
    if getattr(args, "needs_django", False):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careloop.settings")
        django.setup()
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
