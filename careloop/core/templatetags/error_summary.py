"""`{% error_summary form other_form formset %}`: after a refused submit, one summary at the
top of the page saying nothing was saved, with a link to each field in error (errors about
the whole form stay where each page shows them, above the form).

base.html calls it with the page's `form`; a page whose forms have other names overrides
the `error_summary` block. careloop/static/careloop/forms.js then moves focus to the first
field in error, so a long page does not reload at its top with the error out of sight.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS

from careloop.core.forms import field_name_in_sentence

register = template.Library()

# Widgets drawn as a group of inputs: the first input carries the "_0" id.
_GROUPED = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _anchor(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, forms.HiddenInput):
        return ""
    if isinstance(widget, _GROUPED):
        return f"{bound.auto_id}_0"
    return str(bound.auto_id or "")


def _form_errors(form: Any) -> list[dict[str, str]]:
    if form is None or not getattr(form, "is_bound", False):
        return []
    # Errors about the whole form are shown above it by each page (role="alert"), and
    # forms.js lands there when no field is in error: the summary lists the fields.
    if isinstance(form, forms.BaseFormSet):
        found: list[dict[str, str]] = []
        for sub in form.forms:
            found += _form_errors(sub)
        return found
    if not isinstance(form, forms.BaseForm) or not form.errors:
        return []
    found = []
    # In the form's order (a check in clean() adds its error after the fields' own).
    order = list(form.fields)
    for name, messages in sorted(
        form.errors.items(), key=lambda item: order.index(item[0]) if item[0] in order else -1
    ):
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        name_in_text = field_name_in_sentence(bound.label, name).strip("“”").lower()
        for message in messages:
            # A message that names its field reads alone; one that does not (a form's own
            # wording, e.g. "Pain is rated from 0 to 10.") is led by the field's label.
            named = name_in_text in str(message).lower()
            label = "" if named else str(bound.label)
            found.append({"anchor": _anchor(bound), "label": label, "message": str(message)})
    return found


@register.inclusion_tag("_error_summary.html")
def error_summary(*forms_on_page: Any) -> dict[str, Any]:
    errors: list[dict[str, str]] = []
    for form in forms_on_page:
        errors += _form_errors(form)
    return {"errors": errors}
