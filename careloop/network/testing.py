"""Test factories for the network, and the URL makers for the cross-practice URL walker
(tests/test_it_answers_404_to_another_practice_on_every_url.py).

The network is not a practice's, so the cross-practice walker probes it as a
non-member: charlie has not joined, and must get 404 for every member-only URL; alice
(a member and moderator here, so every page is hers to reach) gets the page.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from careloop.network.categories import ensure_default_categories
from careloop.network.models import Category, Member, Post, Tag, Thread
from careloop.network.services import reply_create, thread_create
from careloop.testing.personas import Personas


def make_member(
    user: Any, *, handle: str | None = None, trusted: bool = True, **extra: Any
) -> Member:
    """A member who joined (trusted by default, so posts publish at once)."""
    existing = Member.objects.filter(user=user).first()
    if existing is not None:
        return existing
    handle = handle or user.email.split("@")[0].replace("+", "-").lower()
    defaults: dict[str, Any] = {
        "display_name": user.full_name or handle,
        "credentials": "MES",
        "conduct_accepted_at": timezone.now(),
        "approved_posts": 3 if trusted else 0,
    }
    defaults.update(extra)
    return Member.objects.create(user=user, handle=handle, **defaults)


def category(slug: str = "cases") -> Category:
    ensure_default_categories()
    return Category.objects.get(slug=slug)


def make_thread(
    member: Member,
    title: str = "Knee pain the day after squats",
    body: str = "What would you do?",
    **extra: Any,
) -> Thread:
    return thread_create(
        member=member,
        category=extra.pop("category", None) or category(),
        title=title,
        body=body,
        **extra,
    )


def _alice(p: Personas) -> Member:
    return make_member(p.alice, handle="alice", role=Member.Role.MODERATOR)


def _thread(p: Personas) -> Thread:
    alice = _alice(p)
    thread = Thread.objects.filter(author=alice).first()
    return thread or make_thread(alice, tags=["knee"], is_question=True)


def _post(p: Personas) -> int:
    thread = _thread(p)
    reply = Post.objects.filter(thread=thread, number__gt=1).first()
    if reply is None:
        reply = reply_create(member=_alice(p), thread=thread, body="Check the load first.")
    return reply.pk


OBJECT_MAKERS = {
    "member_id": lambda p: _alice(p).pk,
    "thread_id": lambda p: _thread(p).pk,
    "post_id": _post,
    "category_slug": lambda p: (_alice(p), category().slug)[1],
    "tag_name": lambda p: (_thread(p), Tag.objects.get(name="knee").name)[1],
}
