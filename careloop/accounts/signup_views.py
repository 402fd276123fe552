"""Sign-up pages (404 unless SIGNUP_OPEN)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from careloop.accounts import signup as services
from careloop.accounts.forms import ChoosePasswordForm, SignupForm
from careloop.accounts.models import PracticeSignup, User
from careloop.accounts.signin import practice_choose


def _signup_open(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.SIGNUP_OPEN:
            raise Http404("Sign-up is closed")
        return view(request, *args, **kwargs)

    return wrapper


@_signup_open
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pending = services.signup_request(
            practice_name=form.cleaned_data["practice_name"],
            owner_name=form.cleaned_data["owner_name"],
            email=form.cleaned_data["email"],
        )
        # The same page whether or not the address has an account (no enumeration).
        return render(request, "accounts/signup_sent.html", {"email": pending.email})
    return render(request, "accounts/signup.html", {"form": form})


@_signup_open
def signup_verify(request: HttpRequest, token: str) -> HttpResponse:
    signup = services.signup_for_token(token)
    if signup is None:
        return render(request, "accounts/signup_invalid.html", status=404)
    account = services.signup_account(signup)
    if account is not None:
        return _signup_as_account(request, signup, account)
    form = ChoosePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_complete_new_account(
                signup=signup, password=form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"{signup.practice_name} is ready. Sign in as {signup.email} to start.",
            )
            return redirect("login")
    return render(request, "accounts/signup_verify.html", {"form": form, "signup": signup})


def _signup_as_account(request: HttpRequest, signup: PracticeSignup, account: User) -> HttpResponse:
    signed_in_as_account = request.user.is_authenticated and request.user.pk == account.pk
    if request.method == "POST" and signed_in_as_account:
        try:
            membership = services.signup_complete_existing_account(signup=signup, user=account)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            practice_choose(request, membership)
            messages.success(request, f"{signup.practice_name} is ready; you are working in it.")
            return redirect("dashboard")
    return render(
        request,
        "accounts/signup_sign_in.html",
        {
            "signup": signup,
            "signed_in_as_account": signed_in_as_account,
            "login_url": f"{reverse('login')}?{urlencode({'next': request.path})}",
        },
        status=403 if request.method == "POST" and not signed_in_as_account else 200,
    )
