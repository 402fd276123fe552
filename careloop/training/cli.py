"""This app's verbs of the `careloop` command."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _cmd_generate(args: argparse.Namespace) -> int:
    from careloop.training.generate import generate  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    def progress(done: int, total: int) -> None:
        print(f"  {done}/{total} clients", file=sys.stderr, flush=True)

    result = generate(
        clients=args.clients,
        sessions_per_client=args.sessions_per_client,
        practice_name=args.practice,
        seed=args.seed,
        progress=None if args.quiet else progress,
    )
    print(
        f"Added {result.clients} clients and {result.sessions} sessions to "
        f"{result.practice.name!r} in {result.seconds:.1f} s."
    )
    return 0


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def register(subparsers: Any) -> None:
    gen = subparsers.add_parser(
        "generate",
        help="fill the database with synthetic clients and sessions (benchmarks only)",
    )
    gen.add_argument("--clients", type=_non_negative, required=True)
    gen.add_argument("--sessions-per-client", type=_non_negative, required=True)
    gen.add_argument(
        "--practice", default="Synthetic Practice", help="practice name (created if new)"
    )
    gen.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    gen.add_argument("--quiet", action="store_true")
    gen.set_defaults(func=_cmd_generate, needs_django=True)
