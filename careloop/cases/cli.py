"""``careloop case deidentify``: a de-identified case from an exported episode document.

    careloop case deidentify EPISODE.json [-o CASE.json]

Needs no database. Without ``-o`` (or with ``-o -``) the case goes to standard output;
``EPISODE.json`` may be ``-`` for standard input. The case lists what was removed (kind and
placeholder, never the text). Bad input exits 2 with nothing written and one line per
problem on stderr, ``dotted.path: what is wrong``, as ``careloop letter render`` does.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from careloop.cases.build import build_case
from careloop.core.jsoninput import print_problems
from careloop.record.parsing import DocumentError, load_document

EXIT_OK = 0
EXIT_FAILED = 1


def register(subparsers: Any) -> None:
    """Add the ``case`` verb to the ``careloop`` command's subparsers."""
    verb = subparsers.add_parser(
        "case", help="de-identified cases (see `careloop case deidentify --help`)"
    )
    verbs = verb.add_subparsers(dest="case_command", required=True)
    cmd = verbs.add_parser(
        "deidentify",
        help="build the de-identified case document from an episode document (JSON)",
        description="Read an exported episode document and write its de-identified case "
        "document (JSON), with the list of what was removed. Needs no database.",
    )
    cmd.add_argument("episode", metavar="EPISODE.json", help='episode document; "-" reads stdin')
    cmd.add_argument(
        "-o", "--output", metavar="CASE.json", help='file to write; "-" or none: stdout'
    )
    cmd.set_defaults(func=run_deidentify, needs_django=False)


def run_deidentify(args: Any) -> int:
    try:
        document = load_document(args.episode, sys.stdin)
    except DocumentError as exc:
        return print_problems(exc.problems)
    case = build_case(document)
    text = json.dumps(case.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"{args.output}: cannot be written: {exc.strerror}\n")
        return EXIT_FAILED
    kinds = Counter(r.kind for r in case.removals)
    summary = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())) or "nothing"
    print(f"Wrote {args.output} ({len(case.removals)} removals: {summary})")
    return EXIT_OK
