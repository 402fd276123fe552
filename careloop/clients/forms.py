"""Forms for the client record. Cross-field rules live in the models' clean(), which
ModelForm runs, so the forms and the services refuse the same things."""

from __future__ import annotations

from typing import Any

from django import forms

from careloop.accounts.models import Practice
from careloop.clients.models import (
    Client,
    Consent,
    Medication,
    Referral,
    ReferralProcedure,
    ReferralSource,
)
from careloop.clients.salutation import suggest_salutation
from careloop.clients.selectors import STATUS_FILTERS
from careloop.core.forms import Form, ModelForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class ReferralSourceForm(ModelForm):
    class Meta:
        model = ReferralSource
        fields = [
            "name",
            "credentials",
            "kind",
            "specialty",
            "organisation",
            "phone",
            "fax",
            "email",
            "address",
            "preferred_channel",
            "notes",
            "salutation",
            "salutation_confirmed",
        ]
        labels = {
            "salutation": "Greeting in letters",
            "salutation_confirmed": "This greeting is right",
            "kind": "Kind of clinician",
            "email": "E-mail",
            "preferred_channel": "Preferred way to reach them",
        }
        widgets = {
            "address": _rows(3),
            "notes": _rows(2),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "fax": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("salutation") and data.get("name"):
            data["salutation"] = suggest_salutation(data["name"])
        channel = data.get("preferred_channel")
        needed = {
            str(ReferralSource.Channel.EMAIL): ("email", "an e-mail address"),
            str(ReferralSource.Channel.FAX): ("fax", "a fax number"),
            str(ReferralSource.Channel.POST): ("address", "a postal address"),
            str(ReferralSource.Channel.PHONE): ("phone", "a phone number"),
        }.get(str(channel))
        if needed and not data.get(needed[0]) and needed[0] not in self.errors:
            self.add_error(needed[0], f"Give {needed[1]}, or choose another preferred way.")
        return data


class ClientForm(ModelForm):
    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "phone",
            "email",
            "address",
            "emergency_contact_name",
            "emergency_contact_phone",
            "language",
        ]
        labels = {
            "email": "E-mail",
            "emergency_contact_name": "Emergency contact",
            "emergency_contact_phone": "Emergency contact's phone",
        }
        widgets = {
            "date_of_birth": DateInput(),
            "address": _rows(2),
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.practice = practice
        # Left out (an older form, a script), the client keeps their language.
        self.fields["language"].required = False

    def clean_language(self) -> str:
        return str(self.cleaned_data.get("language") or self.instance.language or "en")


class SourceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        extra = obj.organisation or obj.specialty
        return f"{obj} ({extra})" if extra else str(obj)


class ReferralForm(ModelForm):
    source = SourceChoiceField(
        queryset=ReferralSource.objects.none(),
        label="Referral source",
        error_messages={"required": "Choose who referred the client."},
    )

    class Meta:
        model = Referral
        fields = [
            "source",
            "referral_date",
            "reason",
            "diagnosis",
            "region",
            "surgery_procedure",
            "surgery_region",
            "surgery_date",
            "client_identifier_system",
            "client_identifier",
            "precautions",
            "contraindications",
            "valid_until",
            "visits_authorised",
        ]
        labels = {
            "client_identifier_system": "Referrer's number for the client: kind",
            "client_identifier": "Referrer's number for the client",
            "reason": "Reason for referral",
            "region": "Body region",
            "surgery_procedure": "Surgery: procedure",
            "surgery_region": "Surgery: region",
            "surgery_date": "Surgery: date",
            "valid_until": "Referral valid until",
        }
        help_texts = {
            "reason": "Copy it as the referrer wrote it.",
            "diagnosis": "As written by the referrer. CareLoop never rewords it.",
            "precautions": "e.g. No flexion beyond 90° for 6 weeks.",
            "contraindications": "What the client must not do.",
            "surgery_procedure": "Leave the surgery fields empty if there was none.",
            "client_identifier_system": 'e.g. "MRN" or "NHS number"',
            "client_identifier": "Printed on letters so the referrer's office can file them.",
        }
        widgets = {
            "referral_date": DateInput(),
            "surgery_date": DateInput(),
            "valid_until": DateInput(),
            "reason": _rows(3),
            "precautions": _rows(2),
            "contraindications": _rows(2),
            "visits_authorised": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    def __init__(
        self, *args: Any, practice: Practice, client: Client | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = ReferralSource.objects.filter(practice=practice)  # type: ignore[attr-defined]
        self.instance.practice = practice
        if client is not None:
            self.instance.client = client
        self.fields["region"].empty_label = "Not stated"  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", "Not stated"), *self.fields["region"].choices[1:]]  # type: ignore[attr-defined]
        self.fields["surgery_region"].choices = [  # type: ignore[attr-defined]
            ("", "No surgery"),
            *self.fields["surgery_region"].choices[1:],  # type: ignore[attr-defined]
        ]

    def selected_source(self) -> ReferralSource | None:
        """The source to show as picked when the form is shown again."""
        value = self["source"].value()
        if not value:
            return None
        try:
            return self.fields["source"].queryset.filter(pk=int(value)).first()  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            return None


class ConsentForm(ModelForm):
    class Meta:
        model = Consent
        fields = ["given_on", "scope", "expires_on"]
        labels = {"given_on": "Consent given on", "expires_on": "Consent expires on"}
        help_texts = {"expires_on": "Leave empty if it does not expire."}
        widgets = {"given_on": DateInput(), "expires_on": DateInput(), "scope": _rows(2)}

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.practice = practice


class OptionalConsentForm(ConsentForm):
    """The consent part of the new-client form: empty means "not recorded yet"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = False

    def is_empty(self) -> bool:
        return not any(self.data.get(self.add_prefix(name), "").strip() for name in self.fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_empty():
            if not data.get("given_on") and "given_on" not in self.errors:
                self.add_error("given_on", "Give the date consent was given.")
            if not data.get("scope") and "scope" not in self.errors:
                self.add_error("scope", "Say what may be shared, and with whom.")
        return data

    def _post_clean(self) -> None:
        if not self.is_empty():
            super()._post_clean()  # type: ignore[misc]


class DischargeForm(Form):
    reason = forms.CharField(
        label="Reason for discharge",
        required=False,
        widget=_rows(2),
        help_text="e.g. Goals met; returned to independent training.",
    )


class ClientFilterForm(Form):
    q = forms.CharField(label="Search by name", required=False)
    status = forms.ChoiceField(label="Status", choices=STATUS_FILTERS, required=False)
    source = forms.TypedChoiceField(
        label="Referral source", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = ReferralSource.objects.filter(practice=practice).order_by("name")
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            ("", "Any referral source"),
            *((s.pk, str(s)) for s in sources.only("pk", "name", "credentials")),
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})


class ReferralProcedureForm(ModelForm):
    """A further surgery or procedure named in the referral."""

    class Meta:
        model = ReferralProcedure
        fields = ["procedure", "region", "date"]
        labels = {"procedure": "Surgery or procedure", "region": "Region", "date": "Date"}
        help_texts = {"date": "A planned procedure may be in the future."}
        widgets = {"date": DateInput()}

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.practice = referral.practice
        self.instance.referral = referral
        region: Any = self.fields["region"]
        region.choices = [("", "Choose a region"), *region.choices[1:]]


class MedicationForm(ModelForm):
    class Meta:
        model = Medication
        fields = ["name", "dose", "note", "source"]
        labels = {"name": "Medicine", "source": "Who says so"}
        widgets = {"source": forms.RadioSelect()}

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.practice = client.practice
        self.instance.client = client
