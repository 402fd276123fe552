"""What every form shares: error messages that are whole sentences naming their field, and
a service's refusal put next to the fields it is about.

Every CareLoop form derives from `Form` or `ModelForm` here (or mixes in `NamedErrors`):
tests/test_it_words_errors_as_whole_sentences.py fails for one that does not.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.utils import pretty_name
from django.utils import timezone

from careloop.core.clock import FUTURE_TOLERANCE

# Django's own messages ("This field is required.", "Enter a whole number.") say nothing
# of which field they are about: read in the error summary at the top of a long form, or by
# a screen reader, they need the field's name. {label} is the field's label, quoted.
_CHOOSE = "Choose {label}."
_SENTENCES: dict[str, str] = {
    "required": "Fill in {label}.",
    "invalid": "Enter a valid value for {label}.",
    "invalid_choice": "Choose one of the options for {label}.",
    "invalid_list": "Choose one or more of the options for {label}.",
    "invalid_pk_value": "Choose one of the options for {label}.",
    "list": "Choose one or more of the options for {label}.",
    "max_length": "Shorten {label} to %(limit_value)d characters at most (it has %(show_value)d).",
    "min_length": "Write at least %(limit_value)d characters for {label} (it has %(show_value)d).",
    "max_value": "Enter at most %(limit_value)s for {label}.",
    "min_value": "Enter at least %(limit_value)s for {label}.",
    "step_size": "Enter a multiple of %(limit_value)s for {label}.",
    "max_digits": "Enter %(max)s digits at most for {label}.",
    "max_decimal_places": "Enter %(max)s decimal places at most for {label}.",
    "max_whole_digits": "Enter %(max)s digits at most before the decimal point for {label}.",
    "null_characters_not_allowed": "Remove the NUL characters from {label}.",
    "incomplete": "Fill in all of {label}.",
    "overflow": "Enter a date and time within range for {label}.",
}
# What "invalid" means, by the kind of field (checked in this order: subclasses first).
_INVALID: tuple[tuple[type[forms.Field], str], ...] = (
    (forms.DateTimeField, "Enter a valid date and time for {label}."),
    (forms.DateField, "Enter a valid date for {label}."),
    (forms.TimeField, "Enter a valid time for {label}."),
    (forms.IntegerField, "Enter a whole number for {label}."),
    (forms.DecimalField, "Enter a number for {label}."),
    (forms.FloatField, "Enter a number for {label}."),
    (forms.EmailField, "Enter a valid e-mail address for {label}."),
    (forms.URLField, "Enter a valid web address for {label}."),
)
# Django passes params (and so %-formats the message) only for these.
_WITH_PARAMS = {
    "invalid_choice",
    "invalid_pk_value",
    "max_length",
    "min_length",
    "max_value",
    "min_value",
    "step_size",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
}


def field_name_in_sentence(label: Any, name: str) -> str:
    """The label as it reads inside a sentence: quoted, without a trailing colon or a
    parenthesised scale ("Pain before (0-10)" -> “Pain before”)."""
    text = str(label) if label else pretty_name(name)
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text).strip().rstrip(":?").strip()
    return f"“{text}”"


def _django_default(field: forms.Field, code: str) -> Any:
    for klass in type(field).__mro__:
        defaults = getattr(klass, "default_error_messages", {})
        if code in defaults:
            return defaults[code]
    return None


def name_field_errors(field: forms.Field, name: str) -> None:
    """Replace Django's default messages of one field (those a form did not word itself)
    with sentences naming the field."""
    label = field_name_in_sentence(field.label, name)
    codes = [
        code for code, text in field.error_messages.items() if text == _django_default(field, code)
    ]
    # A validator's message is replaced through error_messages (Field.run_validators),
    # unless the validator was given its own wording.
    for validator in field.validators:
        code = getattr(validator, "code", None)
        message = getattr(validator, "message", None)
        if (
            code
            and code not in field.error_messages
            and message == getattr(type(validator), "message", None)
        ):
            codes.append(code)
    for code in codes:
        if code == "required" and isinstance(
            field, forms.ChoiceField | forms.ModelChoiceField | forms.DateField
        ):
            template = _CHOOSE if not isinstance(field, forms.DateField) else "Enter {label}."
        elif code == "required" and isinstance(field, forms.BooleanField):
            template = "Tick {label}."
        elif code == "invalid":
            template = next(
                (text for kind, text in _INVALID if isinstance(field, kind)), _SENTENCES[code]
            )
        else:
            template = _SENTENCES.get(code, "")
        if not template:
            continue
        safe = label.replace("%", "%%") if code in _WITH_PARAMS else label
        field.error_messages[code] = template.format(label=safe)


class NamedErrors:
    """Error messages of every field as whole sentences naming it. Done when the form is
    cleaned, so fields a form adds in its __init__ are named too."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            name_field_errors(field, name)
        super().full_clean()  # type: ignore[misc]


class Form(NamedErrors, forms.Form):
    pass


class ModelForm(NamedErrors, forms.ModelForm):
    pass


def refuse_future(form: BaseForm, name: str, message: str) -> None:
    """A time in the future refused in the form's clean(), with its other errors (the
    service checks again; without this the time is reported only once the rest is fixed)."""
    value = form.cleaned_data.get(name)
    if value is not None and value > timezone.now() + FUTURE_TOLERANCE:
        form.add_error(name, message)


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message next to the field it
    names, or above the form when it names none (or a field the form does not show)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)
