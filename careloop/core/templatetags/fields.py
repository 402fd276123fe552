"""`{% load fields %}`: what careloop/templates/_field.html needs to draw any field."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms import BoundField
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# A 0-10 rating drawn as tiles (careloop/templates/_scale_picker.html): a radio widget
# marked with this class.
SCALE_CLASS = "scale-picker"


@register.filter
def widget_kind(bound: BoundField) -> str:
    """How _field.html lays a field out: "scale", "radio", "checklist", "checkbox" or
    "input"."""
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "scale" if SCALE_CLASS in widget.attrs.get("class", "").split() else "radio"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checklist"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def widget(bound: BoundField) -> str:
    """A field's input, written directly rather than through the form renderer's widget
    templates (a session form has some sixty inputs; template rendering was most of its
    server time). Covers the widgets these forms use; anything else falls back to Django."""
    w = bound.field.widget
    attrs: dict[str, Any] = {**w.attrs, **bound.build_widget_attrs({}, w)}
    if bound.auto_id and "id" not in attrs:
        attrs["id"] = bound.auto_id
    if bound.help_text:
        attrs["aria-describedby"] = f"{bound.auto_id}_helptext"
    if bound.errors:
        attrs["aria-invalid"] = "true"
    value = bound.value()
    name = bound.html_name
    if isinstance(w, forms.RadioSelect | forms.SelectMultiple | forms.CheckboxSelectMultiple):
        return str(bound)
    if isinstance(w, forms.Select):
        current = "" if value is None else str(value)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), _options(w.choices, current)
        )
    if isinstance(w, forms.CheckboxInput):
        attrs["checked"] = bool(w.check_test(value))
        return format_html('<input type="checkbox" name="{}"{}>', name, flatatt(attrs))
    if isinstance(w, forms.Textarea):
        text = w.format_value(value) or ""
        return format_html('<textarea name="{}"{}>\n{}</textarea>', name, flatatt(attrs), text)
    if isinstance(w, Input):
        formatted = w.format_value(value)
        if formatted is not None:
            attrs["value"] = formatted
        return format_html('<input type="{}" name="{}"{}>', w.input_type, name, flatatt(attrs))
    return str(bound)


def _options(choices: Any, current: str) -> str:
    def option(value: Any, label: Any) -> str:
        value = "" if value is None else str(value)
        selected = mark_safe(" selected") if value == current else ""
        return format_html('<option value="{}"{}>{}</option>', value, selected, label)

    parts: list[str] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            inner = "".join(option(v, lab) for v, lab in label)
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', value, mark_safe(inner)))
        else:
            parts.append(option(value, label))
    return mark_safe("".join(parts))
