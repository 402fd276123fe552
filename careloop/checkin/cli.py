"""This app's verb of the `careloop` command: `careloop checkin send-due`."""

from __future__ import annotations

import argparse
from typing import Any


def _cmd_send_due(args: argparse.Namespace) -> int:
    from careloop.checkin.schedule import checkin_send_due  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    run = checkin_send_due()
    print(
        f"{run.follow_ups} follow-up check-ins and {run.mornings} morning-after check-ins "
        f"sent; {run.reminders} reminders; {run.calls} now need a call."
    )
    return 0


def register(subparsers: Any) -> None:
    checkin = subparsers.add_parser("checkin", help="client check-in links (docs/checkin.md)")
    checkin_sub = checkin.add_subparsers(dest="checkin_command", required=True)
    send_due = checkin_sub.add_parser(
        "send-due",
        help="send due check-ins, remind once, then ask for a call (safe from cron)",
    )
    send_due.set_defaults(needs_django=True, func=_cmd_send_due)
