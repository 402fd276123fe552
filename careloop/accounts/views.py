from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from careloop.accounts import services
from careloop.accounts.access import membership_for_user, require_owner
from careloop.accounts.decorators import practice_view
from careloop.accounts.forms import (
    AcceptInvitationForm,
    EmailLoginForm,
    InvitationForm,
    PracticeForm,
)
from careloop.accounts.models import Invitation, Membership, User
from careloop.accounts.signin import membership_to_choose, practice_choose, sign_in_complete
from careloop.mfa.flow import second_factor_begin


class EmailLoginView(LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "signup_open": settings.SIGNUP_OPEN}

    def form_valid(self, form: EmailLoginForm) -> HttpResponse:  # type: ignore[override]
        # The password is right. With an authenticator app set up, the code page
        # (careloop.mfa) finishes the sign-in; without one the password completes it.
        second_step = second_factor_begin(
            self.request, form.get_user(), next_url=self.get_success_url()
        )
        if second_step is not None:
            return second_step
        sign_in_complete(self.request, form.get_user())  # type: ignore[arg-type]
        return HttpResponseRedirect(self.get_success_url())


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this when an e-mail address has too many failed logins."""
    form = EmailLoginForm(request)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked_out": True},
        status=429,
    )


@practice_view
def members(request: HttpRequest) -> HttpResponse:
    owner = require_owner(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                practice=owner.practice,
                invited_by=request.user,  # type: ignore[arg-type]
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("members")
    memberships = (
        Membership.objects.filter(practice=owner.practice)
        .select_related("user")
        .order_by("-is_active", "user__full_name")
    )
    invitations = owner.practice.invitations.filter(accepted_at__isnull=True).order_by(
        "-created_at"
    )
    return render(
        request,
        "accounts/members.html",
        {"form": form, "memberships": memberships, "invitations": invitations},
    )


@practice_view
@require_POST
def member_deactivate(request: HttpRequest, membership_id: int) -> HttpResponse:
    require_owner(request.user)
    membership = membership_for_user(request.user, membership_id)
    try:
        services.membership_deactivate(membership=membership, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membership.user.display_name} can no longer sign in here.")
    return redirect("members")


@practice_view
@require_POST
def member_reactivate(request: HttpRequest, membership_id: int) -> HttpResponse:
    require_owner(request.user)
    membership = membership_for_user(request.user, membership_id)
    services.membership_reactivate(membership=membership, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{membership.user.display_name} can sign in again.")
    return redirect("members")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join a practice with an e-mailed link. The link alone never signs anyone in: a new
    address chooses a password and then signs in; an address that already has an account
    joins only while signed in to that account (its own password, every factor)."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    account = services.invitation_account(invitation)
    if account is not None:
        return _invitation_accept_as_account(request, invitation, account)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept_new_account(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                credentials=form.cleaned_data["credentials"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Your account is ready. Sign in as {invitation.email} to start working in "
                f"{invitation.practice.name}.",
            )
            return redirect("login")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _invitation_accept_as_account(
    request: HttpRequest, invitation: Invitation, account: User
) -> HttpResponse:
    signed_in_as_account = request.user.is_authenticated and request.user.pk == account.pk
    if request.method == "POST" and signed_in_as_account:
        try:
            membership = services.invitation_accept_existing_account(
                invitation=invitation, user=account
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            practice_choose(request, membership)
            messages.success(
                request,
                f"You joined {invitation.practice.name} and are working in it now. "
                "Your other practices are in the menu.",
            )
            return redirect("dashboard")
    return render(
        request,
        "accounts/invitation_sign_in.html",
        {
            "invitation": invitation,
            "signed_in_as_account": signed_in_as_account,
            "login_url": f"{reverse('login')}?{urlencode({'next': request.path})}",
        },
        status=403 if request.method == "POST" and not signed_in_as_account else 200,
    )


# Not practice_view: this page is about the user's memberships, not one practice's data
# (it chooses which practice the other pages show).
@login_required
def practice_switch(request: HttpRequest) -> HttpResponse:
    """Choose which of one's practices to work in. A practice the user is not an active
    member of looks like a missing one: 404."""
    if request.method == "POST":
        membership = membership_to_choose(request.user, request.POST.get("practice"))
        if membership is None:
            raise Http404("No such practice")
        practice_choose(request, membership)
        messages.success(request, f"You are now working in {membership.practice.name}.")
        # Back to the dashboard: the page the switch came from belongs to the old practice.
        return redirect("dashboard")
    return render(request, "accounts/practice_switch.html")


@practice_view
def practice_settings(request: HttpRequest) -> HttpResponse:
    owner = require_owner(request.user)
    practice = owner.practice
    form = PracticeForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        services.practice_update(
            practice=practice,
            actor=request.user,  # type: ignore[arg-type]
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )
        messages.success(request, "Practice details saved.")
        return redirect("practice_settings")
    return render(request, "accounts/practice_settings.html", {"form": form})
