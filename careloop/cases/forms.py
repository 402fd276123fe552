from __future__ import annotations

from django import forms

from careloop.core.forms import Form


class ShareForm(Form):
    title = forms.CharField(
        max_length=150,
        help_text='What the case is about, e.g. "Pain after step-downs, 16 weeks after TKR".',
    )
    question = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you would like the network's view on (the discussion starts here).",
    )
    confirm = forms.BooleanField(
        required=False,
        label="I have read the case: nothing in it identifies the client.",
    )


class ConsentForm(Form):
    given_on = forms.DateField(
        label="Consent to de-identified case sharing given on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class SettingForm(Form):
    consent_required = forms.BooleanField(
        required=False,
        label="Ask for the client's consent before sharing a de-identified case",
    )
    reason = forms.CharField(
        required=False,
        max_length=300,
        help_text="If consent is not required: which rule of your jurisdiction says so.",
    )


class UpdateForm(Form):
    text = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What happened next",
        help_text="Your words; the episode's later course is added from the record.",
    )
