"""Reads for the network's pages. Each list costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from careloop.accounts.access import active_membership
from careloop.clients.models import Client, ReferralSource
from careloop.network.access import visible_posts, visible_threads
from careloop.network.guard import Vocabulary, client_name_forms, name_words
from careloop.network.models import (
    POSTS_PER_PAGE,
    Bookmark,
    Category,
    Flag,
    Follow,
    GuardConfirmation,
    Helpful,
    Member,
    MemberRelation,
    ModerationAction,
    Notification,
    Post,
    PostRevision,
    Tag,
    Thread,
    Visibility,
)
from careloop.network.relations import blocked_between, hidden_authors_subqueries


def guard_vocabulary(user: Any, country: str = "") -> Vocabulary:
    """The author's own practice's client and referral-source names and clients' dates
    of birth, for the identifier guard only: scoped to the author's current practice,
    never rendered, never logged."""
    membership = active_membership(user)
    regions = [country.upper()] if country.upper() in phonenumbers.SUPPORTED_REGIONS else []
    regions += [r for r in ("GB", "US") if r not in regions]
    if membership is None:
        return Vocabulary(phone_regions=tuple(regions))
    practice = membership.practice
    client_names: set[tuple[str, ...]] = set()
    dobs = set()
    for first, last, dob in Client.objects.filter(practice=practice).values_list(
        "first_name", "last_name", "date_of_birth"
    ):
        client_names |= client_name_forms(first, last)
        dobs.add(dob)
    source_names = set()
    for (name,) in ReferralSource.objects.filter(practice=practice).values_list("name"):
        words = name_words(name)
        if len(words) >= 2:
            source_names.add(words)
            source_names.add((words[0], words[-1]))
    return Vocabulary(
        client_names=frozenset(client_names),
        source_names=frozenset(source_names),
        client_dobs=frozenset(dobs),
        phone_regions=tuple(regions),
    )


def _thread_list_qs(member: Member) -> QuerySet[Thread]:
    mine, blockers = hidden_authors_subqueries(member)
    return (
        visible_threads(member)
        .exclude(author_id__in=mine)
        .exclude(author_id__in=blockers)
        .select_related("category", "author")
        .prefetch_related("tags")
        .order_by("-last_posted_at", "-pk")
    )


def thread_list(
    member: Member, *, category: Category | None = None, tag: Tag | None = None
) -> QuerySet[Thread]:
    threads = _thread_list_qs(member)
    if category is not None:
        threads = threads.filter(category=category)
    if tag is not None:
        threads = threads.filter(tags=tag)
    return threads


def categories_with_counts() -> QuerySet[Category]:
    return Category.objects.annotate(
        thread_count=Count("threads", filter=Q(threads__status=Visibility.PUBLISHED))
    )


@dataclass
class ThreadPage:
    thread: Thread
    posts: list[Post]
    helpful_ids: set[int]
    relations: dict[int, str]
    bookmarked: bool
    following: bool
    flagged_ids: set[int]
    page: int = 1
    pages: int = 1


def thread_page(member: Member, thread: Thread, page: int = 1) -> ThreadPage:
    """One page of the thread's posts the member may see (by number: see
    POSTS_PER_PAGE), with what the member did to each: the same queries whatever the
    thread's length."""
    marks = Thread.objects.filter(pk=thread.pk).annotate(
        bookmarked=Exists(Bookmark.objects.filter(member=member, thread=OuterRef("pk"))),
        following=Exists(Follow.objects.filter(member=member, thread=OuterRef("pk"))),
        last=Subquery(
            Post.objects.filter(thread=OuterRef("pk")).order_by("-number").values("number")[:1]
        ),
    )
    mark = marks.values("bookmarked", "following", "last").get()
    pages = ((mark["last"] or 1) - 1) // POSTS_PER_PAGE + 1
    page = min(max(page, 1), pages)
    first = (page - 1) * POSTS_PER_PAGE
    # Counted per post by a subquery: a join + GROUP BY would group on every column,
    # bodies included.
    revisions = (
        PostRevision.objects.filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    posts: list[Post] = list(
        visible_posts(member)
        .filter(thread=thread, number__gt=first, number__lte=first + POSTS_PER_PAGE)
        .select_related("author", "reply_to__author")
        .annotate(revision_count=Subquery(revisions))
        .order_by("number")
    )
    ids = [p.pk for p in posts]
    helpful = set(
        Helpful.objects.filter(member=member, post_id__in=ids).values_list("post_id", flat=True)
    )
    flagged = set(
        Flag.objects.filter(member=member, post_id__in=ids).values_list("post_id", flat=True)
    )
    relations: dict[int, str] = {}
    for owner, other, kind in MemberRelation.objects.filter(
        Q(member=member) | Q(other=member, kind=MemberRelation.Kind.BLOCK)
    ).values_list("member_id", "other_id", "kind"):
        # "mute"/"block": what the viewer did; "blocked_me": the author blocked the viewer.
        if owner == member.pk:
            relations[other] = kind
        elif not member.is_moderator:  # moderators read every post they moderate
            relations.setdefault(owner, "blocked_me")
    for post in posts:
        # What the viewer did to each post, for the template.
        post.marked_helpful = post.pk in helpful  # type: ignore[attr-defined]
        post.flagged_by_me = post.pk in flagged  # type: ignore[attr-defined]
        post.muted = relations.get(post.author_id)  # type: ignore[attr-defined]
    return ThreadPage(
        thread=thread,
        posts=posts,
        helpful_ids=helpful,
        relations=relations,
        bookmarked=mark["bookmarked"],
        following=mark["following"],
        flagged_ids=flagged,
        page=page,
        pages=pages,
    )


def member_posts(viewer: Member, profile: Member, limit: int = 30) -> list[Post]:
    """The profile's threads and replies; none across a block, either way."""
    if profile.pk != viewer.pk and blocked_between(viewer, profile):
        return []
    return list(
        visible_posts(viewer)
        .filter(author=profile)
        .select_related("thread")
        .order_by("-created_at", "-pk")[:limit]
    )


def bookmarks(member: Member) -> QuerySet[Thread]:
    _, blockers = hidden_authors_subqueries(member)
    return (
        visible_threads(member)
        .exclude(author_id__in=blockers)
        .filter(pk__in=Bookmark.objects.filter(member=member).values("thread_id"))
        .select_related("category", "author")
        .prefetch_related("tags")
        .order_by("-last_posted_at")
    )


def unread_count(member: Member) -> int:
    return Notification.objects.filter(member=member, read_at__isnull=True).count()


def notifications(member: Member, limit: int = 50) -> list[Notification]:
    return list(
        Notification.objects.filter(member=member)
        .select_related("actor", "thread", "post")
        .order_by("-created_at", "-pk")[:limit]
    )


def moderation_queue() -> dict[str, Any]:
    open_flags = Flag.objects.filter(resolved_at__isnull=True).select_related("member")
    flagged = (
        Post.objects.filter(
            Exists(Flag.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True))
        )
        .select_related("thread", "author")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .order_by("created_at")
    )
    pending = (
        Post.objects.filter(status=Visibility.PENDING)
        .select_related("thread", "author")
        .order_by("created_at")
    )
    open_confirmations = GuardConfirmation.objects.filter(reviewed_at=None)
    confirmed = (
        Post.objects.filter(Exists(open_confirmations.filter(post=OuterRef("pk"))))
        .select_related("thread", "author")
        .order_by("created_at")
    )
    return {"flagged": list(flagged), "pending": list(pending), "confirmed": list(confirmed)}


def open_confirmations(post: Post) -> list[GuardConfirmation]:
    return list(post.guard_confirmations.filter(reviewed_at=None).order_by("created_at"))


def moderation_log(limit: int = 100) -> list[ModerationAction]:
    return list(
        ModerationAction.objects.select_related("moderator", "member", "thread", "post")[:limit]
    )


def members_by_handle(handles: list[str]) -> dict[str, Member]:
    if not handles:
        return {}
    return {
        m.handle: m
        for m in Member.objects.filter(handle__in=handles).exclude(status=Member.Status.REMOVED)
    }


def member_by_handle(handle: str) -> Member | None:
    return Member.objects.filter(handle=handle).exclude(status=Member.Status.REMOVED).first()


def moderators() -> list[Member]:
    return list(
        Member.objects.filter(role=Member.Role.MODERATOR)
        .select_related("user")
        .order_by("display_name")
    )
