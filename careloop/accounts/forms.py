from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password

from careloop.accounts.models import Membership, Practice, normalise_email
from careloop.core.forms import Form, ModelForm, NamedErrors


class EmailLoginForm(NamedErrors, AuthenticationForm):
    # One message for every failure, so it never tells whether the e-mail exists.
    error_messages = {
        "invalid_login": "That e-mail and password do not match an account. Please try again.",
        "inactive": "That e-mail and password do not match an account. Please try again.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "inputmode": "email"}
        )

    def clean_username(self) -> str:
        # The same normalised address the lockout counts under (careloop.accounts.signin).
        return normalise_email(self.cleaned_data.get("username"))


class InvitationForm(Form):
    email = forms.EmailField(label="Colleague's e-mail")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.PRACTITIONER)


class ChoosePasswordForm(Form):
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; not a common password.",
    )
    password2 = forms.CharField(
        label="Repeat the password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        # Both checks, independently: a weak password and a mistyped repeat are reported
        # together, not one after the other.
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords differ.")
        if p1:
            try:
                validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class AcceptInvitationForm(ChoosePasswordForm):
    full_name = forms.CharField(label="Your full name", max_length=150)
    credentials = forms.CharField(
        label="Credentials (optional)",
        max_length=100,
        required=False,
        help_text="Shown after your name in letters, e.g. MS, CES.",
    )
    field_order = ["full_name", "credentials", "password1", "password2"]


class SignupForm(Form):
    practice_name = forms.CharField(label="Practice name", max_length=200)
    owner_name = forms.CharField(label="Your full name", max_length=150)
    email = forms.EmailField(
        label="Your e-mail",
        help_text="We send a link to this address; you choose your password there.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


class PracticeForm(ModelForm):
    class Meta:
        model = Practice
        fields = [
            "name",
            "address",
            "phone",
            "fax",
            "email",
            "website",
            "letterhead_tagline",
            "letter_signoff",
            "time_zone",
            "units",
            "paper_size",
            "fax_gateway_pattern",
            "letter_answer_days",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
