"""Who may see and do what in the network. One function per protected object.

The network is not a practice's: its objects are not looked up through the practice,
but through the viewer's network membership. A signed-in user who has not joined (or
was removed) gets 404 for every member-only page, exactly as for a missing object.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from careloop.network.models import Category, Member, Post, Tag, Thread, Visibility


def member_of(user: Any) -> Member | None:
    """The user's network membership, or None (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_network_member"):
        user._network_member = Member.objects.filter(user=user).first()
    member: Member | None = user._network_member
    return member


def require_member(user: Any) -> Member:
    """A member who may read: active or suspended (404 for everyone else)."""
    member = member_of(user)
    if member is None or member.status == Member.Status.REMOVED:
        raise Http404("Not a network member")
    return member


def require_poster(member: Member) -> None:
    if member.status != Member.Status.ACTIVE:
        raise PermissionDenied("Your network membership is suspended: you cannot post.")


def require_moderator(member: Member) -> None:
    if not member.is_moderator:
        raise Http404("Not found")


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("Not found") from None


def visible_threads(member: Member) -> QuerySet[Thread]:
    """Published threads, plus the member's own waiting ones; moderators see all."""
    if member.is_moderator:
        return Thread.objects.all()
    return Thread.objects.filter(Q(status=Visibility.PUBLISHED) | Q(author=member))


def visible_posts(member: Member) -> QuerySet[Post]:
    if member.is_moderator:
        return Post.objects.all()
    return Post.objects.filter(
        Q(status=Visibility.PUBLISHED, thread__status=Visibility.PUBLISHED) | Q(author=member)
    )


def thread_for_member(member: Member, thread_id: Any) -> Thread:
    thread = (
        visible_threads(member)
        .select_related("category", "author", "accepted_post")
        .filter(pk=_int(thread_id))
        .first()
    )
    if thread is None:
        raise Http404("Not found")
    return thread


def post_for_member(member: Member, post_id: Any) -> Post:
    post = visible_posts(member).select_related("thread", "author").filter(pk=_int(post_id)).first()
    if post is None:
        raise Http404("Not found")
    return post


def profile_for_member(member: Member, member_id: Any) -> Member:
    profiles = Member.objects.all()
    if not member.is_moderator:
        profiles = profiles.exclude(status=Member.Status.REMOVED)
    profile = profiles.filter(pk=_int(member_id)).first()
    if profile is None:
        raise Http404("Not found")
    return profile


def category_for_member(member: Member, slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404("Not found")
    return category


def tag_for_member(member: Member, name: str) -> Tag:
    tag = Tag.objects.filter(name=name).first()
    if tag is None:
        raise Http404("Not found")
    return tag
