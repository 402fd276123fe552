"""``careloop episode export ID [-o FILE]``: the episode document of a stored episode (JSON),
for ``careloop letter render`` or any other reader of the record.

Wired into the ``careloop`` command through ``careloop.cli.VERB_MODULES``. Bad input exits
2 with one line per problem on stderr, ``name: what is wrong``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError

from careloop.core.jsoninput import print_problems

EXIT_OK = 0
EXIT_FAILED = 1


def register(subparsers: Any) -> None:
    """Add the ``episode`` verb to the ``careloop`` command's subparsers."""
    episode = subparsers.add_parser(
        "episode", help="episodes as documents (see `careloop episode export --help`)"
    )
    episode_verbs = episode.add_subparsers(dest="episode_command", required=True)
    export = episode_verbs.add_parser(
        "export",
        help="write an episode's document (JSON) for `careloop letter render`",
        description="Write the episode document of a stored episode as JSON: everything a "
        "letter about it may say. Needs the database.",
    )
    export.add_argument("episode_id", metavar="ID", type=int, help="the episode's id")
    export.add_argument("-o", "--output", metavar="FILE", help='file to write; "-" or none: stdout')
    export.add_argument(
        "--author", metavar="EMAIL", default="", help="who signs (default: who opened it)"
    )
    export.set_defaults(func=run_export, needs_django=True)


def run_export(args: argparse.Namespace) -> int:
    # Imported here: these load Django models, set up only once the command line is parsed.
    from careloop.record.build_who import BuildError  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)
    from careloop.record.export import episode_export  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    try:
        text = episode_export(episode_id=args.episode_id, author_email=args.author)
    except ObjectDoesNotExist:
        return print_problems([("ID", f"no episode has id {args.episode_id}")])
    except BuildError as exc:
        return print_problems(exc.problems)
    except ValidationError as exc:
        return print_problems([(k, " ".join(v)) for k, v in exc.message_dict.items()])
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"{args.output}: cannot be written: {exc.strerror}\n")
        return EXIT_FAILED
    print(f"Wrote {args.output} (episode {args.episode_id}, {len(text):,} characters)")
    return EXIT_OK
