"""Mute and block between two members.

- Mute (one way): the muter no longer sees the muted member's threads in lists or their
  posts in search, their posts are folded on thread pages, and the muter gets no
  notifications from them.
- Block (both ways for what is seen, one way for what is done): neither member sees the
  other's threads in lists, posts in search or on profiles, and neither is notified of
  the other's posts; the blocked member cannot reply to the blocker's threads, mention
  them or quote them (and is told so, by name, where they try).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from careloop.network.models import Member, MemberRelation

BLOCK = MemberRelation.Kind.BLOCK


def hidden_authors_subqueries(member: Member) -> tuple[QuerySet, QuerySet]:
    """Two subqueries of member ids whose posts `member` does not see in lists: the
    members they muted or blocked, and the members who blocked them."""
    mine = MemberRelation.objects.filter(member=member).values("other_id")
    blockers = MemberRelation.objects.filter(other=member, kind=BLOCK).values("member_id")
    return mine, blockers


def hidden_author_ids(member: Member) -> set[int]:
    """The same as hidden_authors_subqueries, read in one query."""
    rows = MemberRelation.objects.filter(Q(member=member) | Q(other=member, kind=BLOCK))
    return {
        other if owner == member.pk else owner
        for owner, other in rows.values_list("member_id", "other_id")
    }


def blocked_between(a: Member, b: Member) -> str | None:
    """ "blocked" if a blocked b, "blocked_by" if b blocked a, else None."""
    rows = MemberRelation.objects.filter(
        Q(member=a, other=b) | Q(member=b, other=a), kind=BLOCK
    ).values_list("member_id", flat=True)
    owners = set(rows)
    if a.pk in owners:
        return "blocked"
    if b.pk in owners:
        return "blocked_by"
    return None


def blockers_among(member: Member, others: Iterable[int]) -> list[Member]:
    """Those of `others` (member ids) who blocked `member`."""
    ids = [pk for pk in others if pk != member.pk]
    if not ids:
        return []
    return list(
        Member.objects.filter(pk__in=ids, relations__other=member, relations__kind=BLOCK)
        .order_by("display_name")
        .distinct()
    )
