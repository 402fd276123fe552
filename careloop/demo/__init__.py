"""`careloop demo`: seed a demo practice, idempotently. Each app adds its part below."""

from __future__ import annotations

import importlib

from django.db import transaction

DEMO_PASSWORD = "careloop-demo"  # noqa: S105 - a published demo login, on demo data only

# Seeders run in this order; each takes the practice and its people and must be idempotent.
SEEDERS: list[str] = [
    "careloop.clients.demo",
    "careloop.training.demo",
    "careloop.episodes.demo",
    "careloop.letters.demo",
    "careloop.network.demo",
]


def demo_seed() -> list[tuple[str, str, str]]:
    from careloop.demo.people import seed_people

    with transaction.atomic():
        people = seed_people()
        for name in SEEDERS:
            importlib.import_module(name).seed(people)
    return [
        (people.owner.email, DEMO_PASSWORD, "owner"),
        (people.practitioner.email, DEMO_PASSWORD, "practitioner"),
    ]
