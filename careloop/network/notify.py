"""Notifications: in-app rows, immediate e-mail, digests and one-click unsubscribe.

In-app rows are written in the posting transaction. Immediate e-mails (replies to your
thread, mentions) go out on commit through Django's mail backend, the same path the
app's other e-mails use; digests are sent by `manage.py network_digest` from cron.
E-mails carry the thread's title and a link, never a post's text: a member's inbox is
outside the network.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careloop.network import markdown
from careloop.network.models import Follow, Member, MemberRelation, Notification, Post, Thread
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "careloop.network.unsubscribe"
IMMEDIATE_KINDS = {Notification.Kind.REPLY, Notification.Kind.MENTION}


def unsubscribe_token(member: Member) -> str:
    return signing.dumps({"m": member.pk}, salt=UNSUBSCRIBE_SALT)


def member_for_unsubscribe(token: str) -> Member | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Member.objects.filter(pk=data.get("m")).first()


def _blocked_by(recipient_ids: set[int], actor: Member) -> set[int]:
    """Recipients who muted or blocked the actor hear nothing from them; nor do the
    members the actor blocked (a block hides each one's posts from the other)."""
    rows = MemberRelation.objects.filter(
        Q(member_id__in=recipient_ids, other=actor)
        | Q(member=actor, other_id__in=recipient_ids, kind=MemberRelation.Kind.BLOCK)
    ).values_list("member_id", "other_id")
    return {owner if owner != actor.pk else other for owner, other in rows}


def notify_published(post: Post) -> list[Notification]:
    """Who hears about a newly published post: mentioned members, the thread's author
    (a reply), and followers of the thread, its category or one of its tags. One row
    per member, the most specific reason wins."""
    thread: Thread = post.thread
    actor = post.author
    reasons: dict[int, str] = {}
    handles = markdown.mentioned_handles(post.body)
    if handles:
        for member_id in Member.objects.filter(
            handle__in=handles, status=Member.Status.ACTIVE
        ).values_list("pk", flat=True):
            reasons.setdefault(member_id, Notification.Kind.MENTION)
    if post.number > 1:
        reasons.setdefault(thread.author_id, Notification.Kind.REPLY)
    followers = Follow.objects.filter(thread=thread) | Follow.objects.filter(
        category_id=thread.category_id
    )
    tag_ids = list(thread.tags.values_list("pk", flat=True))
    if tag_ids:
        followers = followers | Follow.objects.filter(tag_id__in=tag_ids)
    for member_id in followers.values_list("member_id", flat=True):
        reasons.setdefault(member_id, Notification.Kind.FOLLOWED)
    reasons.pop(actor.pk, None)
    for member_id in _blocked_by(set(reasons), actor):
        reasons.pop(member_id, None)
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(
                member_id=member_id,
                kind=kind,
                actor=actor,
                post=post,
                thread=thread,
                text=thread.title[:200],
                created_at=now,
            )
            for member_id, kind in reasons.items()
        ]
    )
    immediate = [n.member_id for n in rows if n.kind in IMMEDIATE_KINDS]
    if immediate:
        ids = list(
            Member.objects.filter(
                pk__in=immediate, email_immediate=True, status=Member.Status.ACTIVE
            ).values_list("pk", flat=True)
        )
        if ids:
            send_immediate(post.pk, ids)
    return rows


def notify_accepted(post: Post, *, by: Member) -> None:
    if post.author_id == by.pk:
        return
    Notification.objects.create(
        member_id=post.author_id,
        kind=Notification.Kind.ACCEPTED,
        actor=by,
        post=post,
        thread=post.thread,
        text=post.thread.title[:200],
        created_at=timezone.now(),
    )


def _link(path: str) -> str:
    return settings.SITE_URL + path


def _message(
    member: Member, subject: str, template: str, context: dict[str, object]
) -> EmailMessage:
    unsubscribe = _link(reverse("network_unsubscribe", kwargs={"token": unsubscribe_token(member)}))
    body = render_to_string(template, {**context, "member": member, "unsubscribe": unsubscribe})
    return EmailMessage(
        subject,
        body,
        None,
        [member.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_immediate(post_id: int, member_ids: list[int]) -> int:
    """One e-mail per member for a reply to their thread or a mention, queued in the
    caller's transaction (a worker sends them once it commits)."""
    notes = list(
        Notification.objects.filter(
            post_id=post_id, member_id__in=member_ids, emailed_at=None
        ).select_related("member__user", "actor", "thread", "post")
    )
    messages = []
    for note in notes:
        target = note.post.get_absolute_url() if note.post else None
        link = _link(target or reverse("network_thread", kwargs={"thread_id": note.thread_id}))
        subject = f"CareLoop network: {note.actor} {note.get_kind_display()}"
        messages.append(
            _message(
                note.member, subject, "network/email_immediate.txt", {"note": note, "link": link}
            )
        )
    with transaction.atomic():
        sent = _send(messages)
        if sent:
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(
                emailed_at=timezone.now()
            )
    return sent


def _send(messages: list[EmailMessage]) -> int:
    """Queue each message (the outbox retries and records failures)."""
    for message in messages:
        # The network spans practices: its e-mail belongs to no practice's list.
        email_queue(message=message, kind=OutgoingEmail.Kind.NETWORK)
    return len(messages)


DIGEST_PERIODS: dict[str, dt.timedelta] = {
    Member.Digest.DAILY: dt.timedelta(days=1),
    Member.Digest.WEEKLY: dt.timedelta(days=7),
}


def digest_send(*, now: dt.datetime | None = None) -> int:
    """E-mail each member whose digest is due the unread notifications since their last
    digest. Safe to run from cron as often as you like: a member's `last_digest_at`
    moves forward in the same transaction that selects their notifications."""
    now = now or timezone.now()
    messages = []
    with transaction.atomic():
        for member in (
            Member.objects.filter(status=Member.Status.ACTIVE, digest__in=list(DIGEST_PERIODS))
            .select_related("user")
            .select_for_update()
        ):
            period = DIGEST_PERIODS[member.digest]
            if member.last_digest_at and member.last_digest_at > now - period:
                continue
            since = member.last_digest_at or now - period
            notes = list(
                Notification.objects.filter(
                    member=member, read_at=None, created_at__gt=since
                ).select_related("actor", "thread")[:50]
            )
            member.last_digest_at = now
            member.save(update_fields=["last_digest_at"])
            if not notes:
                continue
            lines = [
                {
                    "note": n,
                    "link": _link(reverse("network_thread", kwargs={"thread_id": n.thread_id})),
                }
                for n in notes
            ]
            subject = f"CareLoop network: your {member.get_digest_display().lower()} digest"
            messages.append(_message(member, subject, "network/email_digest.txt", {"lines": lines}))
        _send(messages)
    return len(messages)


def unsubscribe(member: Member) -> None:
    with transaction.atomic():
        member.email_immediate = False
        member.digest = Member.Digest.NONE
        member.save(update_fields=["email_immediate", "digest"])
