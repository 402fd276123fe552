"""`careloop audit verify` and `careloop audit seal` (run both from cron, see docs/audit.md).

Exit codes: 0 the trail is intact, 1 it is broken (each broken chain is named with its
first bad event or its missing tail), 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from careloop.audit.roles import app_role_grants


# The commands import models, so they are loaded only once the CLI has set Django up.
def _cmd_verify(args: argparse.Namespace) -> int:
    from careloop.audit.commands import cmd_verify  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    return cmd_verify(args)


def _cmd_seal(args: argparse.Namespace) -> int:
    from careloop.audit.commands import cmd_seal  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    return cmd_seal(args)


def _cmd_app_role_sql(args: argparse.Namespace) -> int:
    try:
        statements = app_role_grants(
            app_role=args.app_role, owner_role=args.owner_role, database=args.database
        )
    except ValueError as exc:
        print(f"careloop audit app-role-sql: {exc}", file=sys.stderr)
        return 2
    for sql in statements:
        print(f"{sql};")
    return 0


def register(subparsers: Any) -> None:
    audit = subparsers.add_parser("audit", help="audit trail tools (see docs/audit.md)")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser(
        "verify", help="check every practice's chain, and each against the newest seal"
    )
    verify.set_defaults(func=_cmd_verify, needs_django=True)
    seal = audit_sub.add_parser(
        "seal", help="verify, then record each chain's head in AUDIT_SEAL_DIR"
    )
    seal.add_argument(
        "--email-owners",
        action="store_true",
        help="also e-mail each practice's owners their own chain's head",
    )
    seal.set_defaults(func=_cmd_seal, needs_django=True)
    role_sql = audit_sub.add_parser(
        "app-role-sql",
        help="print the GRANTs for the app's PostgreSQL role (docs/database-roles.md)",
    )
    role_sql.add_argument("--app-role", required=True, help="the role the app connects as")
    role_sql.add_argument("--owner-role", required=True, help="the role that runs migrations")
    role_sql.add_argument("--database", required=True)
    role_sql.set_defaults(func=_cmd_app_role_sql, needs_django=False)
