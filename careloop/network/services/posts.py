"""Threads and replies: every body passes the identifier guard, then the trust rules,
then is rendered (markdown-it + nh3) and published or held for a moderator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from careloop.accounts.access import active_membership
from careloop.audit.services import audit_log
from careloop.network import markdown
from careloop.network.access import require_poster
from careloop.network.guard import Finding, check, excuse
from careloop.network.models import (
    Bookmark,
    Category,
    GuardConfirmation,
    Helpful,
    Member,
    Post,
    PostRevision,
    Tag,
    Thread,
    Visibility,
)
from careloop.network.notify import notify_accepted, notify_published
from careloop.network.relations import blockers_among
from careloop.network.selectors import guard_vocabulary, members_by_handle

POSTS_PER_HOUR_NEW = 5
POSTS_PER_HOUR_TRUSTED = 30
MAX_TAGS = 5


class IdentifiersFound(ValidationError):
    """The guard found what must not be posted; `findings` says what (kind + the text)."""

    def __init__(self, findings: list[Finding], field: str = "body") -> None:
        self.findings = findings
        super().__init__(
            {field: "Please remove what could identify a person before posting (listed above)."}
        )


def _guard(*, member: Member, texts: list[str], not_client: Iterable[str] = ()) -> list[Finding]:
    """Refuse the post if any text holds an identifier the author has not confirmed to
    be something else (`not_client`: names only, see guard.CONFIRMABLE_KINDS). The
    refusal is audited in the author's practice chain (its records were read for the
    check), with kinds only. Returns the findings the author confirmed, for
    `_record_confirmation` once the post exists."""
    vocabulary = guard_vocabulary(member.user, member.country)
    findings: list[Finding] = []
    for text in texts:
        findings += check(text, vocabulary, links_allowed=member.is_trusted)
    refused, excused = excuse(findings, set(not_client))
    if refused:
        _audit_guard(member, "refused: " + _kinds(refused))
        raise IdentifiersFound(refused)
    return excused


def _kinds(findings: list[Finding]) -> str:
    return ", ".join(sorted({f.kind for f in findings}))


def _audit_guard(member: Member, detail: str) -> None:
    membership = active_membership(member.user)
    with transaction.atomic():
        audit_log(
            actor=member.user,
            practice=membership.practice if membership else None,
            action="network_guard",
            object_type="network.post",
            detail=detail,
        )


def _record_confirmation(post: Post, excused: list[Finding], now: dt.datetime) -> None:
    """The author confirmed a questioned name is not client information: the post goes
    out and waits in the review queue. Kinds only are kept and audited."""
    if not excused:
        return
    GuardConfirmation.objects.create(post=post, kinds=_kinds(excused), created_at=now)
    _audit_guard(post.author, "confirmed not client information: " + _kinds(excused))


def _refuse_blocked(
    *, member: Member, body: str, thread: Thread | None = None, reply_to: Post | None = None
) -> None:
    """A member who was blocked cannot reply to the blocker's threads, quote the blocker
    or mention them; each refusal names who and what, next to the text. Moderators are
    not held back: moderation must reach every member."""
    if member.is_moderator:
        return
    mentioned = members_by_handle(markdown.mentioned_handles(body))
    targets = {m.pk for m in mentioned.values()}
    if thread is not None:
        targets.add(thread.author_id)
    if reply_to is not None:
        targets.add(reply_to.author_id)
    blockers = {b.pk: b for b in blockers_among(member, targets)}
    if not blockers:
        return
    errors = []
    if thread is not None and thread.author_id in blockers:
        name = blockers[thread.author_id].display_name
        errors.append(f"{name} has blocked you: you cannot reply to their threads.")
    if reply_to is not None and reply_to.author_id in blockers:
        name = blockers[reply_to.author_id].display_name
        errors.append(f"{name} has blocked you: you cannot quote their posts.")
    for handle, mentioned_member in sorted(mentioned.items()):
        if mentioned_member.pk in blockers:
            errors.append(f"@{handle} has blocked you: please remove the mention.")
    raise ValidationError({"body": errors})


def _rate_limit(member: Member, now: dt.datetime) -> None:
    if member.is_moderator:
        return
    limit = POSTS_PER_HOUR_TRUSTED if member.is_trusted else POSTS_PER_HOUR_NEW
    recent = Post.objects.filter(author=member, created_at__gte=now - dt.timedelta(hours=1))
    if recent.count() >= limit:
        raise ValidationError(
            {"body": f"You can post {limit} times an hour; please wait a little and try again."}
        )


def _render(body: str) -> str:
    handles = markdown.mentioned_handles(body)
    known = members_by_handle(handles)

    def url(handle: str) -> str | None:
        found = known.get(handle)
        return reverse("network_member", kwargs={"member_id": found.pk}) if found else None

    return markdown.render(body, url)


def _tags(names: list[str]) -> list[Tag]:
    clean = []
    for name in names:
        slug = name.strip().lower().replace(" ", "-")
        if slug and slug not in clean:
            clean.append(slug[:40])
    if len(clean) > MAX_TAGS:
        raise ValidationError({"tags": f"At most {MAX_TAGS} tags."})
    return [Tag.objects.get_or_create(name=slug)[0] for slug in clean]


def _initial_status(member: Member) -> str:
    return Visibility.PUBLISHED if member.is_trusted else Visibility.PENDING


def thread_create(
    *,
    member: Member,
    category: Category,
    title: str,
    body: str,
    tags: list[str] | None = None,
    is_question: bool = False,
    not_client: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Thread:
    require_poster(member)
    now = now or timezone.now()
    title, body = title.strip(), body.strip()
    if not title:
        raise ValidationError({"title": "Give the thread a title."})
    if not body:
        raise ValidationError({"body": "Write something."})
    tag_words = " ".join(t.replace("-", " ") for t in tags or [])  # tags are text too
    _refuse_blocked(member=member, body=body)
    excused = _guard(member=member, texts=[title, body, tag_words], not_client=not_client)
    with transaction.atomic():
        _rate_limit(member, now)
        status = _initial_status(member)
        thread = Thread.objects.create(
            category=category,
            author=member,
            title=title,
            is_question=is_question,
            status=status,
            created_at=now,
            last_posted_at=now,
        )
        thread.tags.set(_tags(tags or []))
        post = Post.objects.create(
            thread=thread,
            author=member,
            number=1,
            headline=title,
            body=body,
            html=_render(body),
            status=status,
            created_at=now,
        )
        audit_log(actor=member.user, practice=None, action="network_post", obj=post)
        _record_confirmation(post, excused, now)
        if status == Visibility.PUBLISHED:
            notify_published(post)
    return thread


def reply_create(
    *,
    member: Member,
    thread: Thread,
    body: str,
    reply_to: Post | None = None,
    not_client: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Post:
    require_poster(member)
    if thread.is_locked and not member.is_moderator:
        raise PermissionDenied("This thread is locked.")
    now = now or timezone.now()
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write something."})
    if reply_to is not None and reply_to.thread_id != thread.pk:
        raise ValidationError({"body": "You can only quote a post of this thread."})
    _refuse_blocked(member=member, body=body, thread=thread, reply_to=reply_to)
    excused = _guard(member=member, texts=[body], not_client=not_client)
    with transaction.atomic():
        _rate_limit(member, now)
        # Lock the thread row so two replies at once get consecutive numbers.
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        number = (
            Post.objects.filter(thread=locked).order_by("-number").values_list("number", flat=True)
        ).first() or 0
        status = _initial_status(member)
        post = Post.objects.create(
            thread=locked,
            author=member,
            number=number + 1,
            reply_to=reply_to,
            body=body,
            html=_render(body),
            status=status,
            created_at=now,
        )
        if status == Visibility.PUBLISHED:
            _count_reply(locked, now)
            notify_published(post)
        audit_log(actor=member.user, practice=None, action="network_post", obj=post)
        _record_confirmation(post, excused, now)
    return post


def _count_reply(thread: Thread, now: dt.datetime) -> None:
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_posted_at=now)


def post_edit(
    *,
    member: Member,
    post: Post,
    body: str,
    title: str | None = None,
    reason: str = "",
    not_client: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Post:
    """The author edits; the previous text is kept as a revision everyone can see."""
    require_poster(member)
    if post.author_id != member.pk:
        raise PermissionDenied("Only the author can edit this post.")
    if post.thread.is_locked:
        raise PermissionDenied("This thread is locked.")
    now = now or timezone.now()
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write something."})
    texts = [body]
    if title is not None and post.number == 1:
        title = title.strip()
        if not title:
            raise ValidationError({"title": "Give the thread a title."})
        texts.insert(0, title)
    _refuse_blocked(member=member, body=body)
    excused = _guard(member=member, texts=texts, not_client=not_client)
    with transaction.atomic():
        _revise(post=post, editor=member, body=body, title=title, reason=reason, now=now)
        audit_log(actor=member.user, practice=None, action="network_edit", obj=post)
        _record_confirmation(post, excused, now)
    return post


def _revise(
    *, post: Post, editor: Member, body: str, title: str | None, reason: str, now: dt.datetime
) -> None:
    PostRevision.objects.create(
        post=post,
        body=post.body,
        headline=post.headline,
        editor=editor,
        reason=reason[:200],
        created_at=now,
    )
    post.body = body
    post.html = _render(body)
    post.edited_at = now
    fields = ["body", "html", "edited_at"]
    if title is not None and post.number == 1:
        post.headline = title
        fields.append("headline")
        Thread.objects.filter(pk=post.thread_id).update(title=title)
    post.save(update_fields=fields)


def post_helpful_toggle(*, member: Member, post: Post) -> bool:
    require_poster(member)
    if post.author_id == member.pk:
        raise ValidationError("You cannot mark your own post helpful.")
    with transaction.atomic():
        deleted, _ = Helpful.objects.filter(post=post, member=member).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
            return False
        Helpful.objects.create(post=post, member=member)
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
        return True


def post_accept(*, member: Member, post: Post) -> Thread:
    """The question's author accepts (or un-accepts) one reply as the answer."""
    require_poster(member)
    thread = post.thread
    if thread.author_id != member.pk and not member.is_moderator:
        raise PermissionDenied("Only the thread's author can accept an answer.")
    if not thread.is_question or post.number == 1:
        raise ValidationError("Only a reply to a question can be its accepted answer.")
    with transaction.atomic():
        thread.accepted_post = None if thread.accepted_post_id == post.pk else post
        thread.save(update_fields=["accepted_post"])
        if thread.accepted_post is not None:
            notify_accepted(post, by=member)
    return thread


def thread_bookmark_toggle(*, member: Member, thread: Thread) -> bool:
    with transaction.atomic():
        deleted, _ = Bookmark.objects.filter(member=member, thread=thread).delete()
        if deleted:
            return False
        Bookmark.objects.create(member=member, thread=thread)
        return True


def publish(post: Post, now: dt.datetime) -> None:
    """A held post goes live (a moderator approved it)."""
    post.status = Visibility.PUBLISHED
    post.save(update_fields=["status"])
    if post.number == 1:
        Thread.objects.filter(pk=post.thread_id).update(status=Visibility.PUBLISHED)
    else:
        _count_reply(post.thread, now)
    notify_published(post)
