"""Thin views for the code step, enrolment, recovery codes, removal and the policy.

Enrolment, recovery codes and removal are the signed-in user's own account, whatever
practice they work in: login_required, not practice_view (which is for pages showing a
practice's data). The practice's policy is a practice page: practice_view."""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.accounts.access import require_owner
from careloop.accounts.decorators import practice_view
from careloop.core.forms import add_service_errors
from careloop.mfa import services
from careloop.mfa.flow import (
    NO_DEVICE,
    VERIFIED,
    mark_session,
    pending_cancel,
    pending_record_failure,
    pending_sign_in,
    second_factor_complete,
)
from careloop.mfa.forms import AppCodeForm, PasswordForm, PracticeTwoFactorForm, SignInCodeForm
from careloop.mfa.selectors import (
    confirmed_totp_device,
    recovery_device,
    second_factor_required,
)


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in. Nobody is signed in until the code is right."""
    pending = pending_sign_in(request)
    if pending is None:
        messages.error(request, "Please sign in with your e-mail and password first.")
        return redirect("login")
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.second_factor_verify(user=pending.user, code=form.cleaned_data["code"])
        if check.ok:
            second_factor_complete(request, pending)
            if check.with_recovery_code:
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {check.recovery_codes_left} left. "
                    "If you lost your phone, set up the app again under Two-factor sign-in.",
                )
            return redirect(pending.next_url or settings.LOGIN_REDIRECT_URL)
        if pending_record_failure(request) >= settings.MFA_MAX_CODE_FAILURES:
            pending_cancel(request)
            messages.error(request, "Too many wrong codes. Sign in again with your password.")
            return redirect("login")
        form.add_error(
            "code",
            services.THROTTLED_MESSAGE
            if check.outcome is services.Outcome.THROTTLED
            else services.WRONG_CODE_MESSAGE,
        )
    return render(request, "mfa/verify.html", {"form": form})


@never_cache
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if confirmed_totp_device(user) is not None:
        return redirect("mfa_overview")
    device = services.totp_enrolment_start(user=user)  # type: ignore[arg-type]
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_enrolment_confirm(device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            mark_session(request, VERIFIED)
            return render(request, "mfa/recovery_codes.html", {"codes": codes, "first": True})
    return render(
        request,
        "mfa/enrol.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": _secret_for_people(device),
            "required": second_factor_required(request.user),
        },
    )


@never_cache
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return _overview(request, AppCodeForm(), PasswordForm())


@never_cache
@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    form = AppCodeForm(request.POST)
    if form.is_valid():
        try:
            codes = services.recovery_codes_regenerate(
                user=request.user,  # type: ignore[arg-type]
                code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "mfa/recovery_codes.html", {"codes": codes, "first": False})
    return _overview(request, form, PasswordForm(), status=400)


@never_cache
@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Remove the app and the recovery codes: asks for the password again."""
    form = PasswordForm(request.POST)
    user = request.user
    if form.is_valid():
        # authenticate(), not check_password(): wrong passwords here count towards the
        # same lockout as on the sign-in page.
        again = authenticate(
            request,
            username=user.get_username(),
            password=form.cleaned_data["password"],
        )
        if again is None or again.pk != user.pk:
            form.add_error("password", "That password is not right.")
        else:
            services.two_factor_remove(user=user, actor=user, reason="removed by the user")  # type: ignore[arg-type]
            mark_session(request, NO_DEVICE)
            messages.success(request, "Two-factor sign-in is removed.")
            return redirect("mfa_overview")
    return _overview(request, AppCodeForm(), form, status=400)


@practice_view
@require_POST
def practice_policy(request: HttpRequest) -> HttpResponse:
    owner = require_owner(request.user)
    form = PracticeTwoFactorForm(request.POST)
    if form.is_valid():
        required = bool(form.cleaned_data["required_for_everyone"])
        services.practice_two_factor_set(
            practice=owner.practice,
            actor=request.user,  # type: ignore[arg-type]
            required_for_everyone=required,
        )
        messages.success(
            request,
            "Everyone now needs two-factor sign-in."
            if required
            else "Only owners now need two-factor sign-in.",
        )
    return redirect("practice_settings")


def _overview(
    request: HttpRequest, code_form: Form, password_form: Form, status: int = 200
) -> HttpResponse:
    device = confirmed_totp_device(request.user)
    recovery = recovery_device(request.user) if device else None
    return render(
        request,
        "mfa/overview.html",
        {
            "device": device,
            "codes_left": recovery.codes_left() if recovery else 0,
            "code_form": code_form,
            "password_form": password_form,
            "required": second_factor_required(request.user),
        },
        status=status,
    )


def _qr_svg(device: TOTPDevice) -> str:
    # segno draws the otpauth:// link as SVG here: no image service, nothing fetched.
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title="QR code for your authenticator app"
    )
    return mark_safe(svg)  # SVG drawn by segno from our own otpauth:// link


def _secret_for_people(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
