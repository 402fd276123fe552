from __future__ import annotations

from django import forms

from careloop.api.models import ApiToken
from careloop.core.forms import Form


class ApiTokenForm(Form):
    name = forms.CharField(
        max_length=100, label="Name", help_text="What will use it, e.g. Booking system."
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        label="Access",
    )
