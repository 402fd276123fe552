"""Forms of the letters pages: every field labelled, errors next to the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from careloop.core.forms import Form, refuse_future
from careloop.episodes.models import Clearance
from careloop.letters.models import (
    CLEARING_KINDS,
    CLEARING_KINDS_MESSAGE,
    Communication,
    Delivery,
    Letter,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class SectionForm(Form):
    section = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text. A blank line starts a new paragraph; lines starting with "
        '"- " are a list. Keep [[table 1]] or [[chart 1]] lines to keep the table or chart.',
    )


class SendForm(Form):
    channel = forms.ChoiceField(
        label="How",
        choices=Delivery.Channel.choices,
        widget=forms.RadioSelect(attrs={"class": "segmented"}),
    )
    to_address = forms.CharField(
        label="To (e-mail address or fax number)",
        required=False,
        max_length=254,
        help_text="Leave empty to send to the referral source's e-mail address or fax number "
        "on record. Another address needs the box below ticked.",
    )
    confirm_other_address = forms.BooleanField(
        label="Send to the address I typed, not the one on record",
        required=False,
    )
    note = forms.CharField(label="Note for the log", required=False, max_length=300)


class CommunicationForm(Form):
    KINDS = [c for c in Communication.Kind.choices if c[0] != Communication.Kind.LETTER_SENT]

    kind = forms.ChoiceField(
        label="What", choices=KINDS, widget=forms.RadioSelect(attrs={"class": "segmented"})
    )
    channel = forms.ChoiceField(
        label="How",
        choices=Communication.Channel.choices,
        initial=Communication.Channel.PHONE,
        help_text="Set for you for phone calls and fax confirmations.",
    )
    direction = forms.ChoiceField(
        label="Direction",
        choices=Communication.Direction.choices,
        initial=Communication.Direction.INCOMING,
        help_text="Set for you for calls, fax confirmations and replies.",
    )
    at = forms.DateTimeField(
        label="When", widget=LocalDateTimeInput(), input_formats=[DATETIME_FORMAT]
    )
    party = forms.CharField(
        label="With whom", required=False, max_length=200, help_text="e.g. Dr Patel's secretary"
    )
    summary = forms.CharField(
        label="What was said or agreed", widget=forms.Textarea(attrs={"rows": 3})
    )
    letter = forms.TypedChoiceField(
        label="Answers the letter", required=False, coerce=int, empty_value=None
    )
    record_clearance = forms.BooleanField(
        label="The clinician cleared the client to resume (lifts the hold)", required=False
    )
    cleared_by_name = forms.CharField(label="Cleared by", required=False, max_length=150)
    cleared_by_role = forms.CharField(label="Their role", required=False, max_length=120)
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='Shown on the program, e.g. "resume, no loaded knee flexion past 90 degrees".',
    )

    def __init__(
        self,
        *args: Any,
        letters: Sequence[Letter] = (),
        can_clear: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["letter"]
        field.choices = [("", "None")] + [  # type: ignore[attr-defined]
            (x.pk, f"{x.get_kind_display()} v{x.version} ({x.get_status_display().lower()})")
            for x in letters
            if not x.is_draft
        ]
        if not can_clear:
            for name in ("record_clearance", "cleared_by_name", "cleared_by_role", "conditions"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_future(self, "at", "The time of the contact is in the future.")
        if data.get("record_clearance"):
            if data.get("kind") not in CLEARING_KINDS:
                self.add_error("record_clearance", CLEARING_KINDS_MESSAGE)
            # A call's channel is the phone whatever the select says (the service sets it).
            is_call = data.get("kind") in (
                Communication.Kind.CALL_MADE,
                Communication.Kind.CALL_RECEIVED,
            )
            if not is_call and data.get("channel") not in Clearance.Channel.values:
                self.add_error(
                    "channel", "A clearance is given by phone, fax, e-mail, letter or in person."
                )
            if not (data.get("cleared_by_name") or "").strip():
                self.add_error(
                    "cleared_by_name", "Enter the name of the clinician who cleared the client."
                )
        return data
