from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careloop.accounts import services
from careloop.accounts.access import membership_for_user, require_owner
from careloop.accounts.forms import (
    AcceptInvitationForm,
    EmailLoginForm,
    InvitationForm,
    PracticeForm,
)
from careloop.accounts.models import Membership
from careloop.mfa.flow import second_factor_begin


class EmailLoginView(LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        # With an authenticator app set up, the password alone does not sign in.
        second_step = second_factor_begin(
            self.request, form.get_user(), next_url=self.get_success_url()
        )
        return second_step or super().form_valid(form)


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


@login_required
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


@login_required
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


@login_required
@require_POST
def member_reactivate(request: HttpRequest, membership_id: int) -> HttpResponse:
    require_owner(request.user)
    membership = membership_for_user(request.user, membership_id)
    services.membership_reactivate(membership=membership, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{membership.user.display_name} can sign in again.")
    return redirect("members")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                credentials=form.cleaned_data["credentials"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.practice.name}.")
            return redirect("dashboard")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@login_required
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
