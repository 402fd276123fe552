"""Access to shared cases: one function per way in, 404 for missing and foreign alike."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from careloop.accounts.access import get_in_practice
from careloop.cases.models import SharedCase
from careloop.network.access import _int, thread_for_member
from careloop.network.models import Member


def shared_case_for_user(user: Any, shared_case_id: Any) -> SharedCase:
    """A case shared from the user's practice (updates are posted from the episode)."""
    return get_in_practice(
        SharedCase.objects.select_related("thread", "episode__client", "author"),
        user,
        shared_case_id,
    )


def shared_case_to_withdraw(member: Member, shared_case_id: Any) -> SharedCase:
    """Its author or a moderator, and only if the thread is visible to them."""
    shared = SharedCase.objects.select_related("thread").filter(pk=_int(shared_case_id)).first()
    if shared is None or not (shared.author_id == member.pk or member.is_moderator):
        raise Http404("No such case")
    thread_for_member(member, shared.thread_id)
    return shared
