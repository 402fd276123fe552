"""Make a network member a moderator (the first one; later ones are appointed in the app)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careloop.network.categories import ensure_default_categories
from careloop.network.models import Member
from careloop.network.services import member_appoint


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the member's sign-in e-mail address")

    def handle(self, *args: Any, **options: Any) -> None:
        member = Member.objects.filter(user__email__iexact=options["email"]).first()
        if member is None:
            raise CommandError(f"email: no network member signs in as {options['email']!r}")
        ensure_default_categories()
        member_appoint(moderator=None, member=member)
        self.stdout.write(f"{member.display_name} (@{member.handle}) is now a moderator")
