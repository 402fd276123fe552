"""This app's verbs of the `careloop` command."""

from __future__ import annotations

import argparse
from typing import Any


def _cmd_remind(args: argparse.Namespace) -> int:
    from careloop.episodes.services import reminders_send  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    run = reminders_send()
    print(f"{run.due} follow-ups due; {run.emails} reminder e-mails queued.")
    return 0


def register(subparsers: Any) -> None:
    remind = subparsers.add_parser(
        "remind",
        help="e-mail practitioners their due follow-ups (safe from cron; never twice)",
    )
    remind.set_defaults(needs_django=True, func=_cmd_remind)
