"""``careloop mfa reset EMAIL``: remove a locked-out person's two-factor sign-in.

For an owner who lost both their phone and their recovery codes. Whoever can run this
command already controls the server; the reset is audited (actor: none, detail says it
came from the command line). The person signs in with their password and, if they must
have two-factor sign-in, sets it up again straight away.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    mfa = subparsers.add_parser("mfa", help="two-factor sign-in (see `careloop mfa --help`)")
    verbs = mfa.add_subparsers(dest="mfa_command", required=True)
    reset = verbs.add_parser(
        "reset",
        help="remove a person's authenticator app and recovery codes",
        description="Remove the two-factor sign-in of the account with this e-mail address "
        "(for someone who lost their phone and their recovery codes). Audited.",
    )
    reset.add_argument("email", metavar="EMAIL")
    reset.set_defaults(func=run_reset, needs_django=True)


def run_reset(args: argparse.Namespace) -> int:
    from careloop.accounts.models import User  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)
    from careloop.mfa.services import two_factor_remove  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    user = User.objects.filter(email__iexact=args.email.strip()).first()
    if user is None:
        print(f"email: no account with the address {args.email!r}", file=sys.stderr)
        return EXIT_BAD_INPUT
    removed = two_factor_remove(user=user, actor=None, reason="reset from the command line")
    if removed:
        print(
            f"Two-factor sign-in removed for {user.email}. They sign in with their password "
            "and set it up again."
        )
    else:
        print(f"{user.email} had no two-factor sign-in; nothing changed.")
    return EXIT_OK
