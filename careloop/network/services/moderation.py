"""Flags and the moderators' actions. Every action lands in the moderation log (which
members see in outline) and in the audit trail's system chain."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from careloop.audit.services import audit_log
from careloop.network.access import require_poster
from careloop.network.models import (
    Flag,
    GuardConfirmation,
    Member,
    ModerationAction,
    Post,
    Thread,
    Visibility,
)
from careloop.network.services.posts import _revise, publish

HIDE_AFTER_FLAGS = 3


def _require(moderator: Member) -> None:
    if not moderator.is_moderator:
        raise PermissionDenied("Only moderators can do this.")


def _log(
    kind: str,
    *,
    moderator: Member | None,
    post: Post | None = None,
    thread: Thread | None = None,
    member: Member | None = None,
    reason: str = "",
) -> None:
    if post is not None:
        thread = thread or post.thread
        member = member or post.author
    ModerationAction.objects.create(
        kind=kind,
        moderator=moderator,
        post=post,
        thread=thread,
        member=member,
        reason=reason[:200],
        created_at=timezone.now(),
    )
    target = post or thread or member
    audit_log(
        actor=moderator.user if moderator else None,
        practice=None,
        action=f"network_{kind}"[:20],
        obj=target,
    )


def _set_status(post: Post, status: str, reason: str = "") -> None:
    post.status = status
    post.hidden_reason = reason if status == Visibility.HIDDEN else ""
    post.save(update_fields=["status", "hidden_reason"])
    if post.number == 1:
        Thread.objects.filter(pk=post.thread_id).update(status=status)


def post_flag(*, member: Member, post: Post, reason: str, note: str = "") -> Flag:
    """A "contains client information" flag hides the post at once; so do three flags
    of any kind. Either way it waits in the moderators' queue."""
    require_poster(member)
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": "Choose a reason."})
    if post.author_id == member.pk:
        raise ValidationError("You cannot flag your own post.")
    with transaction.atomic():
        if Flag.objects.filter(post=post, member=member).exists():
            raise ValidationError("You have already flagged this post.")
        flag = Flag.objects.create(
            post=post, member=member, reason=reason, note=note[:300], created_at=timezone.now()
        )
        Post.objects.filter(pk=post.pk).update(flag_count=F("flag_count") + 1)
        post.refresh_from_db(fields=["flag_count", "status"])
        open_flags = Flag.objects.filter(post=post, resolved_at=None).count()
        audit_log(actor=member.user, practice=None, action="network_flag", obj=post)
        hide = reason == Flag.Reason.CLIENT_INFO or open_flags >= HIDE_AFTER_FLAGS
        if hide and post.status == Visibility.PUBLISHED:
            why = (
                "Flagged as containing client information"
                if reason == Flag.Reason.CLIENT_INFO
                else f"{open_flags} flags"
            )
            _set_status(post, Visibility.HIDDEN, why + "; waiting for a moderator.")
            _log(ModerationAction.Kind.AUTO_HIDE, moderator=None, post=post, reason=why)
    return flag


def _resolve_flags(post: Post, now: dt.datetime, moderator: Member | None = None) -> None:
    """A moderator's decision on a post settles its open flags and its author's
    confirmations to the identifier guard alike."""
    Flag.objects.filter(post=post, resolved_at=None).update(resolved_at=now)
    GuardConfirmation.objects.filter(post=post, reviewed_at=None).update(
        reviewed_at=now, reviewed_by=moderator
    )


def post_guard_clear(*, moderator: Member, post: Post, reason: str = "") -> Post:
    """The moderator read a post whose author confirmed a questioned name is not client
    information, and agrees: it stays published and leaves the queue."""
    _require(moderator)
    if not GuardConfirmation.objects.filter(post=post, reviewed_at=None).exists():
        raise ValidationError("No confirmation of this post is waiting for review.")
    with transaction.atomic():
        _resolve_flags(post, timezone.now(), moderator)
        _log(ModerationAction.Kind.GUARD_CLEAR, moderator=moderator, post=post, reason=reason)
    return post


def post_hide(*, moderator: Member, post: Post, reason: str) -> Post:
    _require(moderator)
    if not reason.strip():
        raise ValidationError({"reason": "Say why (members see this in the moderation log)."})
    with transaction.atomic():
        _set_status(post, Visibility.HIDDEN, reason.strip())
        _resolve_flags(post, timezone.now(), moderator)
        _log(ModerationAction.Kind.HIDE, moderator=moderator, post=post, reason=reason)
    return post


def post_restore(*, moderator: Member, post: Post, reason: str = "") -> Post:
    """Publish again a hidden post (flags dismissed)."""
    _require(moderator)
    with transaction.atomic():
        _set_status(post, Visibility.PUBLISHED)
        _resolve_flags(post, timezone.now(), moderator)
        _log(ModerationAction.Kind.RESTORE, moderator=moderator, post=post, reason=reason)
    return post


def post_approve(*, moderator: Member, post: Post) -> Post:
    """A new member's held post goes live; enough approvals make the member trusted."""
    _require(moderator)
    if post.status != Visibility.PENDING:
        raise ValidationError("This post is not waiting for approval.")
    with transaction.atomic():
        publish(post, timezone.now())
        Member.objects.filter(pk=post.author_id).update(approved_posts=F("approved_posts") + 1)
        _log(ModerationAction.Kind.APPROVE, moderator=moderator, post=post)
    return post


def post_edit_out(*, moderator: Member, post: Post, body: str, reason: str) -> Post:
    """A moderator removes part of a post (e.g. a client's details); the previous text
    stays in the revision history for moderators only."""
    _require(moderator)
    if not reason.strip():
        raise ValidationError({"reason": "Say why (members see this in the moderation log)."})
    if not body.strip():
        raise ValidationError({"body": "A post cannot be empty; hide it instead."})
    now = timezone.now()
    with transaction.atomic():
        _revise(post=post, editor=moderator, body=body.strip(), title=None, reason=reason, now=now)
        _set_status(post, Visibility.PUBLISHED)
        _resolve_flags(post, now, moderator)
        _log(ModerationAction.Kind.EDIT_OUT, moderator=moderator, post=post, reason=reason)
    return post


def thread_lock_toggle(*, moderator: Member, thread: Thread, reason: str = "") -> Thread:
    _require(moderator)
    with transaction.atomic():
        thread.locked_at = None if thread.locked_at else timezone.now()
        thread.save(update_fields=["locked_at"])
        kind = ModerationAction.Kind.LOCK if thread.locked_at else ModerationAction.Kind.UNLOCK
        _log(kind, moderator=moderator, thread=thread, member=thread.author, reason=reason)
    return thread


MEMBER_ACTIONS = {
    "suspend": (Member.Status.SUSPENDED, ModerationAction.Kind.SUSPEND),
    "remove": (Member.Status.REMOVED, ModerationAction.Kind.REMOVE),
    "reinstate": (Member.Status.ACTIVE, ModerationAction.Kind.REINSTATE),
}


def member_moderate(*, moderator: Member, member: Member, action: str, reason: str) -> Member:
    _require(moderator)
    if action not in MEMBER_ACTIONS:
        raise ValidationError({"action": "Unknown action."})
    if member.pk == moderator.pk:
        raise ValidationError("You cannot moderate yourself.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why (members see this in the moderation log)."})
    status, kind = MEMBER_ACTIONS[action]
    with transaction.atomic():
        member.status = status
        member.save(update_fields=["status"])
        _log(kind, moderator=moderator, member=member, reason=reason)
    return member
