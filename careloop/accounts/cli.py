"""``careloop practice create``: start a practice on a self-hosted install.

    careloop practice create --name "Knee Clinic" --owner-email owner@example.com \\
        --owner-name "Olive Owner"

Prints a one-time link where a new owner chooses their password (it expires after
PASSWORD_RESET_HOURS; "Forgot your password?" sends a fresh one). An address that already
has an account only gains the owner membership; its password is never reset. Bad input
exits 2 with one line naming the flag; nothing is saved.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse

EXIT_OK = 0
EXIT_BAD_INPUT = 2
NAME_MAX = 200
OWNER_NAME_MAX = 150


def _problem(flag: str, message: str) -> int:
    print(f"careloop practice create: {flag}: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _cmd_practice_create(args: argparse.Namespace) -> int:

    from careloop.accounts.models import normalise_email  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)
    from careloop.accounts.services import password_setup_link, practice_start  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    name, owner_name = args.name.strip(), args.owner_name.strip()
    email = normalise_email(args.owner_email)
    if not name:
        return _problem("--name", "must not be empty")
    if len(name) > NAME_MAX:
        return _problem("--name", f"at most {NAME_MAX} characters")
    try:
        validate_email(email)
    except ValidationError:
        return _problem("--owner-email", f"{args.owner_email!r} is not a valid e-mail address")
    if not owner_name:
        return _problem("--owner-name", "must not be empty")
    if len(owner_name) > OWNER_NAME_MAX:
        return _problem("--owner-name", f"at most {OWNER_NAME_MAX} characters")

    practice, owner, is_new = practice_start(name=name, owner_email=email, owner_name=owner_name)
    print(f"Practice {practice.name!r} created (id {practice.pk}); owner {owner.email}.")
    if is_new:
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        print(f"Send this one-time link to the owner to choose a password (valid {hours} h):")
        print(f"  {password_setup_link(owner)}")
    else:
        print("That address already has an account: its password is unchanged. The owner signs")
        print("in as usual and picks the new practice with 'Switch practice' in the menu:")
        print(f"  {settings.SITE_URL}{reverse('login')}")
    return EXIT_OK


def register(subparsers: Any) -> None:
    practice = subparsers.add_parser("practice", help="practices (see `careloop practice --help`)")
    verbs = practice.add_subparsers(dest="practice_command", required=True)
    create = verbs.add_parser(
        "create",
        help="create a practice and its owner; prints the owner's one-time link",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    create.add_argument("--name", required=True, help="the practice's name")
    create.add_argument("--owner-email", required=True, help="the owner's e-mail address")
    create.add_argument("--owner-name", required=True, help="the owner's full name")
    create.set_defaults(needs_django=True, func=_cmd_practice_create)
