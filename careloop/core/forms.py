"""What every form shares: a service's refusal put next to the fields it is about."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


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
