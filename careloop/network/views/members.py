from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from careloop.accounts.access import active_membership
from careloop.accounts.models import Membership
from careloop.core.forms import add_service_errors
from careloop.network import selectors, services
from careloop.network.access import member_of, profile_for_member, require_moderator
from careloop.network.forms import JoinForm, ProfileForm
from careloop.network.models import Member, MemberRelation, Notification
from careloop.network.notify import member_for_unsubscribe, unsubscribe
from careloop.network.relations import blocked_between
from careloop.network.views.common import network_view, page_of


# home, join and badge are for any signed-in user (joining is how one becomes a member);
# not practice_view: the network shows no practice's data (see network_view).
@login_required
def home(request: HttpRequest) -> HttpResponse:
    member = member_of(request.user)
    if member is None or member.status == Member.Status.REMOVED:
        return render(request, "network/welcome.html", {"removed": member is not None})
    request.network_member = member  # type: ignore[attr-defined]
    page = page_of(request, selectors.thread_list(member))
    context = {"page": page, "categories": selectors.categories_with_counts()}
    return render(request, "network/home.html", context)


def conduct(request: HttpRequest) -> HttpResponse:
    return render(request, "network/conduct.html")


@login_required
def join(request: HttpRequest) -> HttpResponse:
    if member_of(request.user) is not None:
        return redirect("network_home")
    user = request.user
    initial = {
        "display_name": getattr(user, "full_name", ""),
        "credentials": getattr(user, "credentials", ""),
    }
    form = JoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_join(
                user=user,
                accept_conduct=form.cleaned_data["accept_conduct"],
                show_practice=form.cleaned_data["show_practice"],
                **form.profile(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Welcome to the network.")
            return redirect("network_home")
    return render(request, "network/join.html", {"form": form})


@network_view
def profile_edit(request: HttpRequest) -> HttpResponse:
    member = request.network_member  # type: ignore[attr-defined]
    initial = {"show_practice": bool(member.shown_practice_name)}
    form = ProfileForm(request.POST or None, instance=member, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                member=Member.objects.get(pk=member.pk),
                show_practice=form.cleaned_data["show_practice"],
                **form.profile(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect("network_member", member_id=member.pk)
    return render(request, "network/profile_form.html", {"form": form})


def _can_vouch(request: HttpRequest, profile: Member) -> bool:
    owner = active_membership(request.user)
    if owner is None or not owner.is_owner or profile.user_id == request.user.pk:
        return False
    if profile.is_verified:
        return False
    return Membership.objects.filter(
        practice=owner.practice, user_id=profile.user_id, is_active=True
    ).exists()


@network_view
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = request.network_member  # type: ignore[attr-defined]
    profile = profile_for_member(viewer, member_id)
    relation = MemberRelation.objects.filter(member=viewer, other=profile).first()
    context = {
        "block_state": blocked_between(viewer, profile) if profile.pk != viewer.pk else None,
        "profile": profile,
        "posts": selectors.member_posts(viewer, profile),
        "relation": relation.kind if relation else None,
        "can_vouch": _can_vouch(request, profile),
    }
    return render(request, "network/member_detail.html", context)


@network_view
@require_POST
def member_relation(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = request.network_member  # type: ignore[attr-defined]
    profile = profile_for_member(viewer, member_id)
    kind = request.POST.get("kind") or None
    if kind not in {None, *MemberRelation.Kind.values}:
        kind = None
    try:
        services.member_relation_set(member=viewer, other=profile, kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("network_member", member_id=profile.pk)


@network_view
@require_POST
def member_verify(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = request.network_member  # type: ignore[attr-defined]
    require_moderator(viewer)
    profile = profile_for_member(viewer, member_id)
    try:
        services.member_verify(moderator=viewer, member=profile)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("network_member", member_id=profile.pk)


@network_view
@require_POST
def member_vouch(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = request.network_member  # type: ignore[attr-defined]
    profile = profile_for_member(viewer, member_id)
    services.member_vouch(owner=request.user, member=profile)
    messages.success(request, f"You vouched for {profile.display_name}.")
    return redirect("network_member", member_id=profile.pk)


@login_required
def badge(request: HttpRequest) -> HttpResponse:
    """The unread count next to the menu link, loaded by htmx after the page (so pages of
    the rest of the app pay no query for it)."""
    member = member_of(request.user)
    count = selectors.unread_count(member) if member is not None else 0
    return render(request, "network/_badge.html", {"count": count})


@network_view
def notifications(request: HttpRequest) -> HttpResponse:
    member = request.network_member  # type: ignore[attr-defined]
    items = selectors.notifications(member)
    unread = [n.pk for n in items if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "network/notifications.html", {"items": items, "unread": set(unread)})


@csrf_exempt  # the signed token is the credential; mail clients POST without a form
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """One click from the e-mail: GET asks, POST (also what mail clients send for
    List-Unsubscribe-Post) turns all network e-mail off. No sign-in needed."""
    member = member_for_unsubscribe(token)
    if member is None:
        return render(request, "network/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        unsubscribe(member)
        done = True
    return render(request, "network/unsubscribe.html", {"member": member, "done": done})
