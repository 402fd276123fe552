"""Turn a rendered (unbound) form or formset into the POST data a browser would send unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _value(bf: Any) -> Any:
    value = bf.value()
    if isinstance(value, dt.datetime):
        return (
            bf.field.widget.format_value(value)
            if hasattr(bf.field.widget, "format_value")
            else value
        )
    return value


def as_post(*forms: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for form in forms:
        if hasattr(form, "management_form"):
            data.update(as_post(form.management_form))
            for sub in form.forms:
                data.update(as_post(sub))
            continue
        for bf in form:
            value = _value(bf)
            if (
                bf.field.widget.input_type == "checkbox"
                if hasattr(bf.field.widget, "input_type")
                else False
            ):
                if value:
                    data[bf.html_name] = "on"
                continue
            if value is None:
                continue
            data[bf.html_name] = value
    return data
