from __future__ import annotations

from django import forms

from careloop.core.forms import Form, ModelForm
from careloop.mfa.models import PracticeTwoFactorPolicy

_CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "autocapitalize": "off",
    "spellcheck": "false",
    "autofocus": True,
}


class SignInCodeForm(Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="The six digits your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )


class AppCodeForm(Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=12,
        help_text="The six digits the app shows for CareLoop.",
        widget=forms.TextInput(attrs={**_CODE_ATTRS, "inputmode": "numeric"}),
    )


class PasswordForm(Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PracticeTwoFactorForm(ModelForm):
    class Meta:
        model = PracticeTwoFactorPolicy
        fields = ["required_for_everyone"]
        # The card explains it in a sentence; beside a checkbox help text gets cramped.
        help_texts = {"required_for_everyone": ""}
