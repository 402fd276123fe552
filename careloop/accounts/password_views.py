"""Password reset (by e-mailed link) and change: Django's auth views, audited.

The reset page answers the same whether or not the address has an account, so it never
tells who uses CareLoop. A reset link works once and expires (PASSWORD_RESET_TIMEOUT). It
never signs anyone in: the person signs in afterwards, through every factor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse_lazy

from careloop.accounts.access import active_membership
from careloop.accounts.models import User, normalise_email
from careloop.audit.services import audit_log
from careloop.core.forms import NamedErrors
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue


def _audit_password(user: User, detail: str) -> None:
    membership = active_membership(user)
    audit_log(
        actor=user,
        practice=membership.practice_id if membership else None,
        action="update",
        obj=user,
        detail=detail,
    )


class ResetRequestForm(NamedErrors, PasswordResetForm):
    def get_users(self, email: str) -> Iterator[Any]:
        # Unlike Django's default, an owner created by `careloop practice create` who has not
        # chosen a password yet (unusable password) may ask for a link too.
        return iter(User.objects.filter(email__iexact=normalise_email(email), is_active=True))

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the outbox (a worker sends it, with retries) instead of in the request."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        # An account, not a practice, asks: the e-mail belongs to no practice's list.
        email_queue(
            message=EmailMessage(subject, body, from_email, [to_email]),
            kind=OutgoingEmail.Kind.PASSWORD,
        )


class PasswordResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        return {
            "site_url": settings.SITE_URL,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }


class ChooseNewPasswordForm(NamedErrors, SetPasswordForm):
    pass


class ChangePasswordForm(NamedErrors, PasswordChangeForm):
    pass


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_set.html"
    form_class = ChooseNewPasswordForm
    post_reset_login = False
    success_url = reverse_lazy("login")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            _audit_password(form.user, "password reset by e-mailed link")
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form: Any) -> HttpResponse:
        # Django keeps this session signed in and ends every other session of the user.
        with transaction.atomic():
            response = super().form_valid(form)
            _audit_password(form.user, "password changed")
        messages.success(self.request, "Your password is changed. Other sessions are signed out.")
        return response
