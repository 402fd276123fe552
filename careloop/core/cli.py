"""`careloop backup FILE` and `careloop restore FILE`.

Exit status: 0 done; 1 the backup or restore failed, or the restored audit trail does not
verify; 2 refused (file exists, not a backup, database not empty without --force...).
Every outcome is one line: success on standard output, anything else on standard error.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from careloop.core.backup import BackupFailed, BackupRefused, backup_create, backup_restore


def _cmd_backup(args: argparse.Namespace) -> int:
    try:
        result = backup_create(path=Path(args.file), force=args.force)
    except BackupRefused as exc:
        print(f"backup refused: {exc}", file=sys.stderr)
        return 2
    except BackupFailed as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"backup written: {result.path} ({result.vendor}, {result.size} bytes)")
    return 0


def _audit_verify() -> subprocess.CompletedProcess[str]:
    """Run `careloop audit verify` as its own process on the restored database.

    The same command an operator runs, so whatever it checks (the hash chain, and the
    seals once they exist) is checked here too, against a fresh connection.
    """
    return subprocess.run(
        [sys.executable, "-m", "careloop.cli", "audit", "verify"],
        capture_output=True,
        text=True,
        check=False,
    )


def _cmd_restore(args: argparse.Namespace) -> int:
    try:
        vendor = backup_restore(path=Path(args.file), force=args.force)
    except BackupRefused as exc:
        print(f"restore refused: {exc}", file=sys.stderr)
        return 2
    except BackupFailed as exc:
        print(f"restore failed: {exc}", file=sys.stderr)
        return 1
    verify = _audit_verify()
    said = (verify.stdout.strip() or verify.stderr.strip()).splitlines()
    summary = said[-1] if said else f"exit status {verify.returncode}"
    if verify.returncode != 0:
        print(f"restored {args.file} ({vendor}), but {summary}", file=sys.stderr)
        return 1
    print(f"restored {args.file} ({vendor}); {summary}")
    return 0


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help="write a consistent backup of the database to FILE (safe while serving)"
    )
    backup.add_argument("file", metavar="FILE")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(needs_django=True, func=_cmd_backup)

    restore = subparsers.add_parser(
        "restore", help="replace the database with the backup in FILE, then verify the audit trail"
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument(
        "--force", action="store_true", help="replace a database that already holds data"
    )
    restore.set_defaults(needs_django=True, func=_cmd_restore)
