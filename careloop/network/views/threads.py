from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careloop.core.forms import add_service_errors
from careloop.network import selectors, services
from careloop.network.access import (
    category_for_member,
    post_for_member,
    tag_for_member,
    thread_for_member,
)
from careloop.network.forms import EditForm, FlagForm, ReplyForm, ThreadForm
from careloop.network.models import Follow, Member, Post, Thread
from careloop.network.services import IdentifiersFound
from careloop.network.views.common import network_view, page_of


def _member(request: HttpRequest) -> Member:
    member: Member = request.network_member  # type: ignore[attr-defined]
    return member


def _not_client(request: HttpRequest) -> list[str]:
    """The names the author ticked as "not client information" on the guard's list."""
    return [term[:150] for term in request.POST.getlist("not_client")[:20]]


def _tell_if_confirmed(request: HttpRequest, post: Post) -> None:
    if request.POST.getlist("not_client") and post.guard_confirmations.exists():
        messages.info(
            request,
            "Posted. You confirmed a name is not client information, "
            "so a moderator will also read the post.",
        )


def _refusal(form: Any, exc: ValidationError) -> list[Any]:
    add_service_errors(form, exc)
    return exc.findings if isinstance(exc, IdentifiersFound) else []


@network_view
def category_detail(request: HttpRequest, category_slug: str) -> HttpResponse:
    member = _member(request)
    category = category_for_member(member, category_slug)
    following = Follow.objects.filter(member=member, category=category).exists()
    page = page_of(request, selectors.thread_list(member, category=category))
    context = {"category": category, "page": page, "following": following}
    return render(request, "network/category.html", context)


@network_view
def tag_detail(request: HttpRequest, tag_name: str) -> HttpResponse:
    member = _member(request)
    tag = tag_for_member(member, tag_name)
    following = Follow.objects.filter(member=member, tag=tag).exists()
    page = page_of(request, selectors.thread_list(member, tag=tag))
    return render(request, "network/tag.html", {"tag": tag, "page": page, "following": following})


@network_view
def bookmarks(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.bookmarks(_member(request)))
    return render(request, "network/bookmarks.html", {"page": page})


@network_view
def thread_create(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    initial = {}
    if request.GET.get("category"):
        initial["category"] = (
            selectors.categories_with_counts().filter(slug=request.GET["category"]).first()
        )
    form = ThreadForm(request.POST or None, initial=initial)
    findings: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                member=member,
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tags=form.tag_names(),
                is_question=form.cleaned_data["is_question"],
                not_client=_not_client(request),
            )
        except ValidationError as exc:
            findings = _refusal(form, exc)
        else:
            if thread.status != "published":
                messages.info(request, "Thanks: a moderator will publish your post shortly.")
            _tell_if_confirmed(request, thread.posts.get(number=1))
            return redirect("network_thread", thread_id=thread.pk)
    return render(request, "network/thread_form.html", {"form": form, "findings": findings})


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", 1))
    except ValueError:
        return 1


def _quote(posts: list[Post], post_id: str | None) -> dict[str, Any]:
    quoted = next((p for p in posts if str(p.pk) == post_id), None)
    if quoted is None or getattr(quoted, "muted", None) == "blocked_me":
        return {}
    lines = "\n".join("> " + line for line in quoted.body.splitlines()[:12])
    return {"body": f"@{quoted.author.handle} wrote:\n{lines}\n\n", "reply_to": quoted.pk}


@network_view
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    member = _member(request)
    thread = thread_for_member(member, thread_id)
    page = selectors.thread_page(member, thread, _page_number(request))
    form = ReplyForm(initial=_quote(page.posts, request.GET.get("quote")))
    return render(request, "network/thread.html", _thread_context(member, page, form, []))


def _thread_context(member: Member, page: Any, form: Any, findings: list[Any]) -> dict[str, Any]:
    blocked_by_author = page.relations.get(page.thread.author_id) == "blocked_me"
    return {
        "blocked_by_author": blocked_by_author,
        "thread": page.thread,
        "view": page,
        "form": form,
        "findings": findings,
        "tags": list(page.thread.tags.all()),
        "flag_form": FlagForm(),
        "can_reply": member.is_active_member
        and not blocked_by_author
        and (not page.thread.is_locked or member.is_moderator),
    }


@network_view
@require_POST
def reply_create(request: HttpRequest, thread_id: int) -> HttpResponse:
    member = _member(request)
    thread = thread_for_member(member, thread_id)
    form = ReplyForm(request.POST)
    findings: list[Any] = []
    if form.is_valid():
        reply_to = None
        if form.cleaned_data.get("reply_to"):
            reply_to = post_for_member(member, form.cleaned_data["reply_to"])
        try:
            post = services.reply_create(
                member=member,
                thread=thread,
                body=form.cleaned_data["body"],
                reply_to=reply_to,
                not_client=_not_client(request),
            )
        except ValidationError as exc:
            findings = _refusal(form, exc)
        else:
            if post.status != "published":
                messages.info(request, "Thanks: a moderator will publish your reply shortly.")
            _tell_if_confirmed(request, post)
            return redirect(post.get_absolute_url())
    page = selectors.thread_page(member, thread, 10**6)  # the last page, where replies go
    context = _thread_context(member, page, form, findings)
    return render(request, "network/thread.html", context, status=400)


@network_view
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    member = _member(request)
    post = post_for_member(member, post_id)
    if post.author_id != member.pk:
        raise PermissionDenied("Only the author can edit this post.")
    initial = {"body": post.body, "title": post.thread.title}
    form = EditForm(request.POST or None, initial=initial)
    if post.number != 1:
        del form.fields["title"]
    findings: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                member=member,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title") if post.number == 1 else None,
                reason=form.cleaned_data["reason"],
                not_client=_not_client(request),
            )
        except ValidationError as exc:
            findings = _refusal(form, exc)
        else:
            return redirect(post.get_absolute_url())
    context = {"form": form, "post": post, "findings": findings}
    return render(request, "network/post_edit.html", context)


@network_view
def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    member = _member(request)
    post = post_for_member(member, post_id)
    revisions = list(post.revisions.select_related("editor"))
    # What a moderator edited out (e.g. a client's details) stays out of sight.
    hidden_from_members = {r.pk for r in revisions if r.editor_id != post.author_id}
    context = {
        "post": post,
        "revisions": revisions,
        "hidden": set() if member.is_moderator else hidden_from_members,
    }
    return render(request, "network/post_history.html", context)


def _back_to(post: Post) -> HttpResponse:
    return redirect(post.get_absolute_url())


@network_view
@require_POST
def post_helpful(request: HttpRequest, post_id: int) -> HttpResponse:
    member = _member(request)
    post = post_for_member(member, post_id)
    try:
        services.post_helpful_toggle(member=member, post=post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to(post)


@network_view
@require_POST
def post_accept(request: HttpRequest, post_id: int) -> HttpResponse:
    member = _member(request)
    post = post_for_member(member, post_id)
    try:
        services.post_accept(member=member, post=post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to(post)


@network_view
def post_flag(request: HttpRequest, post_id: int) -> HttpResponse:
    member = _member(request)
    post = post_for_member(member, post_id)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_flag(
                member=member,
                post=post,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Thank you: moderators will review the post.")
            return _back_to(post)
    return render(request, "network/post_flag.html", {"form": form, "post": post})


@network_view
@require_POST
def thread_bookmark(request: HttpRequest, thread_id: int) -> HttpResponse:
    member = _member(request)
    thread = thread_for_member(member, thread_id)
    services.thread_bookmark_toggle(member=member, thread=thread)
    return redirect("network_thread", thread_id=thread.pk)


@network_view
@require_POST
def thread_follow(request: HttpRequest, thread_id: int) -> HttpResponse:
    member = _member(request)
    thread: Thread = thread_for_member(member, thread_id)
    services.follow_toggle(member=member, thread=thread)
    return redirect("network_thread", thread_id=thread.pk)


@network_view
@require_POST
def category_follow(request: HttpRequest, category_slug: str) -> HttpResponse:
    member = _member(request)
    category = category_for_member(member, category_slug)
    services.follow_toggle(member=member, category=category)
    return redirect("network_category", category_slug=category.slug)


@network_view
@require_POST
def tag_follow(request: HttpRequest, tag_name: str) -> HttpResponse:
    member = _member(request)
    tag = tag_for_member(member, tag_name)
    services.follow_toggle(member=member, tag=tag)
    return redirect("network_tag", tag_name=tag.name)
