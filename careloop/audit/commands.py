"""What `careloop audit verify` and `careloop audit seal` do (parsers in audit/cli.py).

Exit codes: 0 the trail is intact, 1 it is broken (each broken chain is named with its
first bad event or its missing tail), 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from django.conf import settings

from careloop.audit.seal import audit_seal
from careloop.audit.sealfile import SealError, seal_latest
from careloop.audit.verify import VerifyResult, audit_verify

EXIT_OK, EXIT_BROKEN, EXIT_USAGE = 0, 1, 2


def _report_broken(result: VerifyResult) -> int:
    # The count first and one line per broken chain after it, so the last line (what
    # `careloop restore` quotes) always names a chain and its event.
    print(
        f"{len(result.problems)} chain(s) broken; {result.checked} events verified",
        file=sys.stderr,
    )
    for problem in result.problems:
        print(f"audit trail BROKEN: {problem}", file=sys.stderr)
    return EXIT_BROKEN


def _seal_dir() -> Path | None:
    directory = Path(settings.AUDIT_SEAL_DIR)
    if directory.exists() and not directory.is_dir():
        print(f"AUDIT_SEAL_DIR: {directory} is not a directory", file=sys.stderr)
        return None
    return directory


def cmd_verify(args: argparse.Namespace) -> int:
    directory = _seal_dir()
    if directory is None:
        return EXIT_USAGE
    try:
        seal = seal_latest(directory=directory, key=settings.AUDIT_KEY)
    except SealError as exc:
        print(f"audit trail BROKEN: {exc}", file=sys.stderr)
        return EXIT_BROKEN
    result = audit_verify(seal=seal)
    if not result.ok:
        return _report_broken(result)
    intact = f"audit trail intact: {result.checked} events in {len(result.heads)} chains verified"
    if seal is None:
        print(intact)
        print(
            f"warning: no seal in {directory} yet, so deleted newest events cannot be "
            "detected: run `careloop audit seal` from cron (see docs/audit.md)",
            file=sys.stderr,
        )
    else:
        # One line, so cron mail and `careloop restore` can quote it whole.
        print(f"{intact}, each reaching its head sealed at {seal.sealed_at} ({seal.path})")
    return EXIT_OK


def cmd_seal(args: argparse.Namespace) -> int:
    if _seal_dir() is None:
        return EXIT_USAGE
    try:
        outcome = audit_seal(email_owners=args.email_owners)
    except SealError as exc:
        print(f"audit trail BROKEN: {exc}; not sealed", file=sys.stderr)
        return EXIT_BROKEN
    if outcome.path is None:
        _report_broken(outcome.verify)
        print("not sealed: investigate the broken chains first", file=sys.stderr)
        return EXIT_BROKEN
    print(f"sealed {len(outcome.verify.heads)} chains into {outcome.path}")
    if args.email_owners:
        print(f"e-mailed {outcome.emails_sent} practices' owners their chain head")
    return EXIT_OK
