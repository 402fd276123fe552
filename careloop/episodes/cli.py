"""This app's verbs of the `careloop` command."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    return None
