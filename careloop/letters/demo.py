"""This app's part of `careloop demo` (idempotent)."""

from __future__ import annotations

from careloop.demo.people import DemoPeople


def seed(people: DemoPeople) -> None:
    return None
