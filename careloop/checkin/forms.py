"""The client's check-in form: plain questions whose answers map onto the engine's codes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError

from careloop.checkin.models import CheckinLink, CheckinSettings
from careloop.checkin.questions import (
    ADL_CHOICES,
    FEELS_LIKE,
    RED_FLAG_QUESTIONS,
    REGION_NAMES,
    SWELLING_CHOICES,
    TREND_CHOICES,
    YES_NO,
)
from careloop.core.forms import Form, ModelForm
from careloop.episodes.inputs import PainReportInput, form_errors

PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]
# Yes/no questions besides the red flags: name -> question.
PLAIN_YES_NO = {
    "at_rest": _("Does it hurt when you are resting?"),
    "at_night": _("Does the pain wake you at night?"),
    "limp_or_giving_way": _("Are you limping, or does a joint give way?"),
    "numbness_or_tingling": _("Do you have numbness or pins and needles?"),
}
CHOOSE_ONE = _("Please choose one answer.")


def red_flag_field(code: str) -> str:
    return f"flag_{code}"


class CheckinForm(Form):
    """Every question but "feels like" and the client's own words needs an answer: an
    unanswered warning-sign question is never read as "no"."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)
    pain_now = forms.TypedChoiceField(
        label=_("How bad is the pain right now?"),
        help_text=_("0 is no pain. 10 is the worst pain you can imagine."),
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ONE},
    )
    region = forms.ChoiceField(
        label=_("Where is the pain?"),
        choices=list(REGION_NAMES.items()),
        error_messages={"required": CHOOSE_ONE},
    )
    trend = forms.ChoiceField(
        label=_("Compared with before your session, is the pain:"),
        choices=TREND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ONE},
    )
    character = forms.MultipleChoiceField(
        label=_("What does it feel like?"),
        help_text=_("Tick all that fit, or none."),
        choices=list(FEELS_LIKE.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    swelling = forms.ChoiceField(
        label=_("Is it swollen?"),
        choices=SWELLING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ONE},
    )
    adl_limitation = forms.ChoiceField(
        label=_("What can you still do?"),
        choices=ADL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ONE},
    )
    client_statement = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, region: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if region:
            self.fields["region"].initial = region
        for name, plain in PLAIN_YES_NO.items():
            self.fields[name] = self._yes_no(plain)
        for code, flag in RED_FLAG_QUESTIONS.items():
            self.fields[red_flag_field(code)] = self._yes_no(flag)
        # The client's own words come last.
        self.order_fields([n for n in self.fields if n != "client_statement"])

    @staticmethod
    def _yes_no(question: Any) -> forms.ChoiceField:
        return forms.ChoiceField(
            label=question,
            choices=YES_NO,
            widget=forms.RadioSelect,
            error_messages={"required": CHOOSE_ONE},
        )

    @property
    def plain_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PLAIN_YES_NO]

    @property
    def red_flag_fields(self) -> list[forms.BoundField]:
        return [self[red_flag_field(code)] for code in RED_FLAG_QUESTIONS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                self.report_input = PainReportInput.from_fields(
                    {"source": "check_in_link", **self._report_fields(data)}
                )
            except PydanticValidationError as exc:
                for name, messages in form_errors(exc, self.fields).items():
                    for message in messages:
                        self.add_error(None if name == NON_FIELD_ERRORS else name, message)
        return data

    # The typed report (set by a valid form): the same object the practitioner's form
    # builds, which pain_report_create records and triages.
    report_input: PainReportInput

    @staticmethod
    def _report_fields(data: dict[str, Any]) -> dict[str, Any]:
        """The answers as the report's fields: yes/no to booleans, the warning signs
        answered "yes" to red-flag codes."""
        return {
            "pain_now": data["pain_now"],
            "region": data["region"],
            "trend": data["trend"],
            "character": list(data["character"]),
            "swelling": data["swelling"],
            "adl_limitation": data["adl_limitation"],
            **{name: data[name] == "yes" for name in PLAIN_YES_NO},
            "red_flags": [
                code for code in RED_FLAG_QUESTIONS if data[red_flag_field(code)] == "yes"
            ],
            "client_statement": data["client_statement"].strip(),
        }


# The practitioner's side.
class NewLinkForm(Form):
    channel = forms.ChoiceField(
        label="Send the link by",
        choices=CheckinLink.Channel.choices,
        widget=forms.RadioSelect,
        initial=CheckinLink.Channel.EMAIL,
    )


class SettingsForm(ModelForm):
    class Meta:
        model = CheckinSettings
        fields = ["emergency_number", "morning_after", "sms_gateway_pattern"]
        labels = {
            "emergency_number": "Emergency number",
            "morning_after": "Check in the morning after every session",
            "sms_gateway_pattern": "E-mail-to-SMS address",
        }
