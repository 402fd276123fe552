"""Access to exercises, program versions and sessions: 404 for missing and foreign alike.

Clients are reached through `careloop.clients.access.client_for_user` only.
"""

from __future__ import annotations

from typing import Any

from careloop.accounts.access import get_in_practice
from careloop.clients.access import client_for_user
from careloop.clients.models import Client
from careloop.training.models import Exercise, ProgramTemplate, ProgramVersion, Session

__all__ = [
    "client_for_user",
    "exercise_for_user",
    "program_template_for_user",
    "program_version_for_user",
    "session_for_user",
]


def exercise_for_user(user: Any, exercise_id: Any) -> Exercise:
    return get_in_practice(Exercise.objects.all(), user, exercise_id)


def program_version_for_user(user: Any, client: Client, version_id: Any) -> ProgramVersion:
    """A version of this client's program (a version id under another client is a 404)."""
    return get_in_practice(
        ProgramVersion.objects.select_related("created_by", "program").filter(
            program__client=client
        ),
        user,
        version_id,
    )


def session_for_user(user: Any, client: Client, session_id: Any) -> Session:
    return get_in_practice(
        Session.objects.select_related("practitioner", "program_version").filter(client=client),
        user,
        session_id,
    )


def program_template_for_user(user: Any, template_id: Any) -> ProgramTemplate:
    return get_in_practice(ProgramTemplate.objects.all(), user, template_id)
