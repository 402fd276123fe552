"""This app's verb of the `careloop` command: `careloop worker`."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any


def _cmd_worker(args: argparse.Namespace) -> int:
    from careloop.jobs.worker import worker_run  # noqa: PLC0415 - imported once django.setup() has run

    logging.basicConfig(
        stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(name)s %(message)s"
    )
    print("CareLoop worker: sending e-mail and running the schedule (Ctrl+C stops)", flush=True)
    worker_run(interval=args.interval, once=args.once)
    return 0


def register(subparsers: Any) -> None:
    worker = subparsers.add_parser(
        "worker", help="run background tasks and scheduled jobs (docs/tasks.md)"
    )
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds to wait when the queue is empty"
    )
    worker.add_argument(
        "--once", action="store_true", help="run due jobs and every ready task, then exit"
    )
    worker.set_defaults(needs_django=True, func=_cmd_worker)
