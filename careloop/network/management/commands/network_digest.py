"""Send the network's daily and weekly digests that are due (run from cron, e.g. hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from careloop.network.notify import digest_send


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digest_send()
        self.stdout.write(f"{sent} digest e-mail{'s' if sent != 1 else ''} sent")
