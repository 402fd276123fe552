"""The vital-signs form: the model's checks (plausible ranges, both blood pressure numbers,
at least one measurement) put their whole-sentence messages next to the fields."""

from __future__ import annotations

from django import forms

from careloop.core.forms import ModelForm
from careloop.episodes.forms import DATETIME_FORMAT, LocalDateTimeInput
from careloop.episodes.vitals import NO_MEASUREMENT, VALUE_FIELDS, VitalSigns


def _number(placeholder: str) -> forms.NumberInput:
    return forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": placeholder})


class VitalSignsForm(ModelForm):
    measured_at = forms.DateTimeField(
        label="When measured",
        widget=LocalDateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )

    class Meta:
        model = VitalSigns
        fields = ["measured_at", "heart_rate", "systolic", "diastolic", "spo2", "context"]
        labels = {
            "heart_rate": "Heart rate (beats per minute)",
            "systolic": "Blood pressure: systolic (mmHg)",
            "diastolic": "Blood pressure: diastolic (mmHg)",
            "spo2": "SpO2 (%)",
            "context": "Circumstances",
        }
        help_texts = {
            "heart_rate": "Fill in what you measured; leave the rest empty.",
            "context": "",
        }
        widgets = {
            "heart_rate": _number("e.g. 72"),
            "systolic": _number("e.g. 120"),
            "diastolic": _number("e.g. 80"),
            "spo2": _number("e.g. 97"),
            "context": forms.TextInput(attrs={"placeholder": "e.g. at rest, seated, 5 min"}),
        }

    def _post_clean(self) -> None:
        refused = any(name in self.errors for name in VALUE_FIELDS)
        super()._post_clean()  # type: ignore[misc]
        # A number refused as typed ("-5") reaches the model as empty: the field's own
        # message says what is wrong, not "enter at least one measurement".
        if refused and NO_MEASUREMENT in self.errors.get("heart_rate", []):
            rest = [str(e) for e in self.errors["heart_rate"] if e != NO_MEASUREMENT]
            if rest:
                self.errors["heart_rate"] = self.error_class(rest)
            else:
                del self.errors["heart_rate"]
