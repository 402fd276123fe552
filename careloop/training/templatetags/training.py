"""`{% load training %}{% training_panel client %}`: the training part of the client page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from careloop.training.panel import panel_context
from careloop.training.programs import describe_minutes

register = template.Library()


@register.inclusion_tag("training/_panel.html", takes_context=True)
def training_panel(context: template.Context, client: Any) -> dict[str, Any]:
    request = context.get("request")
    wanted = request.GET.get("exercise") if request is not None else None
    data = panel_context(client, wanted)
    data["request"] = request
    return data


@register.filter
def nprs_badge(value: int | None) -> str:
    """A badge class for a pain rating: 0-2 ok, 3-5 warn, 6-10 danger."""
    if value is None:
        return ""
    if value <= 2:
        return "badge-ok"
    if value <= 5:
        return "badge-warn"
    return "badge-danger"


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


@register.filter
def iso_local(value: str | None) -> Any:
    """An ISO datetime kept in a revision's JSON, as an aware datetime for |date."""
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed


@register.filter
def minutes(seconds: int | None) -> str:
    """A stored duration in seconds, shown in minutes like every duration ("10 min")."""
    return describe_minutes(seconds)
