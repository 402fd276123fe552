from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careloop.core.forms import add_service_errors
from careloop.network import selectors, services
from careloop.network.access import (
    post_for_member,
    profile_for_member,
    require_moderator,
    thread_for_member,
)
from careloop.network.forms import (
    AppointForm,
    EditOutForm,
    MemberActionForm,
    ReasonForm,
    UnappointForm,
)
from careloop.network.models import Member
from careloop.network.views.common import network_view


def _moderator(request: HttpRequest) -> Member:
    member: Member = request.network_member  # type: ignore[attr-defined]
    require_moderator(member)
    return member


@network_view
def queue(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    return render(request, "network/queue.html", selectors.moderation_queue())


@network_view
def log(request: HttpRequest) -> HttpResponse:
    """The moderation log, in outline, for every member."""
    return render(request, "network/moderation_log.html", {"actions": selectors.moderation_log()})


@network_view
def post_moderate(request: HttpRequest, post_id: int) -> HttpResponse:
    """Hide, restore or approve a post (the form names the action), with a reason."""
    moderator = _moderator(request)
    post = post_for_member(moderator, post_id)
    form = ReasonForm(request.POST or None)
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action in {"approve", "clear"}:
            form = ReasonForm({"reason": request.POST.get("reason") or "approved"})
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            try:
                if action == "hide":
                    services.post_hide(moderator=moderator, post=post, reason=reason)
                elif action == "restore":
                    services.post_restore(moderator=moderator, post=post, reason=reason)
                elif action == "approve":
                    services.post_approve(moderator=moderator, post=post)
                elif action == "clear":
                    services.post_guard_clear(moderator=moderator, post=post, reason=reason)
                else:
                    raise ValidationError("Choose hide, restore, approve or looks fine.")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Done.")
                return redirect("network_queue")
    flags = list(post.flags.select_related("member").order_by("created_at"))
    context = {
        "post": post,
        "form": form,
        "flags": flags,
        "confirmations": selectors.open_confirmations(post),
    }
    return render(request, "network/post_moderate.html", context)


@network_view
def post_edit_out(request: HttpRequest, post_id: int) -> HttpResponse:
    moderator = _moderator(request)
    post = post_for_member(moderator, post_id)
    form = EditOutForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit_out(
                moderator=moderator,
                post=post,
                body=form.cleaned_data["body"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Edited; the post is published again.")
            return redirect("network_queue")
    return render(request, "network/post_edit_out.html", {"post": post, "form": form})


@network_view
@require_POST
def thread_lock(request: HttpRequest, thread_id: int) -> HttpResponse:
    moderator = _moderator(request)
    thread = thread_for_member(moderator, thread_id)
    services.thread_lock_toggle(
        moderator=moderator, thread=thread, reason=request.POST.get("reason", "")[:200]
    )
    return redirect("network_thread", thread_id=thread.pk)


@network_view
def member_moderate(request: HttpRequest, member_id: int) -> HttpResponse:
    moderator = _moderator(request)
    profile = profile_for_member(moderator, member_id)
    form = MemberActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_moderate(
                moderator=moderator,
                member=profile,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Done.")
            return redirect("network_member", member_id=profile.pk)
    return render(request, "network/member_moderate.html", {"profile": profile, "form": form})


@network_view
def moderators(request: HttpRequest) -> HttpResponse:
    """Moderators appoint and remove moderators; each change is in the moderation log.
    A POST carries `action` = appoint (by @handle) or unappoint (a listed moderator)."""
    moderator = _moderator(request)
    action = request.POST.get("action") if request.method == "POST" else None
    appoint = AppointForm(request.POST if action == "appoint" else None)
    unappoint = UnappointForm(request.POST if action == "unappoint" else None)
    status = 200
    if action == "appoint" and appoint.is_valid():
        member = selectors.member_by_handle(appoint.cleaned_data["handle"])
        if member is None:
            appoint.add_error("handle", "No member has this handle.")
        else:
            try:
                services.member_appoint(
                    moderator=moderator, member=member, reason=appoint.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(appoint, exc)
            else:
                messages.success(request, f"{member.display_name} is now a moderator.")
                return redirect("network_moderators")
    elif action == "unappoint" and unappoint.is_valid():
        member = profile_for_member(moderator, unappoint.cleaned_data["member"])
        try:
            services.member_unappoint(
                moderator=moderator, member=member, reason=unappoint.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(unappoint, exc)
        else:
            messages.success(request, f"{member.display_name} is no longer a moderator.")
            return redirect("network_moderators")
    if action and (appoint.errors or unappoint.errors):
        status = 400
    context = {
        "moderators": selectors.moderators(),
        "appoint": appoint,
        "unappoint": unappoint,
        "unappoint_member": request.POST.get("member") if action == "unappoint" else None,
    }
    return render(request, "network/moderators.html", context, status=status)
