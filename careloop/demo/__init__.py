"""`careloop demo`: seed a demo practice, idempotently. Each app adds its part below."""

from __future__ import annotations

import importlib

from django.db import transaction

from careloop.demo.people import DEMO_PASSWORD, seed_people

__all__ = ["DEMO_PASSWORD", "demo_seed"]


# Seeders run in this order; each takes the practice and its people and must be idempotent.
SEEDERS: list[str] = [
    "careloop.clients.demo",
    "careloop.training.demo",
    "careloop.episodes.demo",
    "careloop.letters.demo",
    "careloop.network.demo",
]


def demo_seed() -> list[tuple[str, str, str]]:
    with transaction.atomic():
        people = seed_people()
        for name in SEEDERS:
            importlib.import_module(name).seed(people)
    return [
        (people.owner.email, DEMO_PASSWORD, "owner"),
        (people.practitioner.email, DEMO_PASSWORD, "practitioner"),
    ]
