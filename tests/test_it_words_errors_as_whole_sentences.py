"""Every error message a form can show is a whole sentence: a capital first letter, a full
stop at the end ("The start date is in the future.", never "is in the future."). Django's
own messages are reworded to name their field (careloop.core.forms.NamedErrors); the
messages we write ourselves, in forms, models and services, are read from the source."""

from __future__ import annotations

import ast
import copy
import importlib
from pathlib import Path

import pytest
from django import forms
from django.apps import apps

from careloop.core.forms import NamedErrors, name_field_errors

ROOT = Path(__file__).resolve().parents[1] / "careloop"


def _form_classes() -> set[type[forms.BaseForm]]:
    for config in apps.get_app_configs():
        if config.name.startswith("careloop."):
            try:
                importlib.import_module(f"{config.name}.forms")
            except ModuleNotFoundError:
                continue
    importlib.import_module("careloop.accounts.password_views")
    # Every view module, so a form declared beside its view is found whatever ran before.
    importlib.import_module("careloop.urls")
    found: set[type[forms.BaseForm]] = set()
    todo: list[type] = [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("careloop.") and sub.__module__ != "careloop.core.forms":
                found.add(sub)
    return found


def _is_sentence(text: str) -> bool:
    text = text.strip()
    first = next((c for c in text if c.isalpha()), "")
    return bool(text) and text[0] not in " ,;:" and first.isupper() and text.endswith(".")


def test_every_form_words_its_errors_through_named_errors():
    classes = _form_classes()
    assert len(classes) > 30
    plain = sorted(c.__qualname__ for c in classes if not issubclass(c, NamedErrors))
    assert plain == [], "derive from careloop.core.forms.Form/ModelForm: " + ", ".join(plain)


def _messages_of(form_class: type[forms.BaseForm]) -> list[tuple[str, str]]:
    """The messages each declared field would show, once NamedErrors has worded them."""
    found = []
    for name, declared in form_class.base_fields.items():
        field = copy.deepcopy(declared)
        name_field_errors(field, name)
        for code, message in field.error_messages.items():
            found.append((f"{form_class.__qualname__}.{name} [{code}]", str(message)))
    return found


def test_every_field_error_message_of_every_form_is_a_whole_sentence():
    messages = [m for c in _form_classes() for m in _messages_of(c)]
    assert len(messages) > 200
    bad = [f"{where}: {text!r}" for where, text in messages if not _is_sentence(text)]
    assert bad == [], "\n".join(bad)


def test_django_messages_name_their_field():
    field = forms.DateField(label="Start date")
    form = type("F", (NamedErrors, forms.Form), {"start": field})({"start": "not a date"})
    assert form.errors["start"] == ["Enter a valid date for “Start date”."]
    empty = type("F", (NamedErrors, forms.Form), {"start": field})({})
    assert empty.errors["start"] == ["Enter “Start date”."]


# Calls whose string arguments are error messages, and dict keys of ValidationError({...}).
def _literal_text(node: ast.AST) -> str | None:
    """A message as written: f-string holes become "X" (so the first letter and the
    ending are still checked)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "X" for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_text(node.left), _literal_text(node.right)
        return None if left is None or right is None else left + right
    return None


def _messages_in_source() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or "triage" in path.parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        where = str(path.relative_to(ROOT.parent))
        # Messages kept in a module constant (REASON_REQUIRED = "..."), used by name.
        constants = {
            node.targets[0].id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id.isupper()
        }
        for node in ast.walk(tree):
            candidates: list[ast.AST] = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name == "ValidationError" and node.args:
                    arg = node.args[0]
                    candidates += arg.values if isinstance(arg, ast.Dict) else [arg]
                    if isinstance(arg, ast.Call) and getattr(arg.func, "attr", "") == "fromkeys":
                        candidates += arg.args[1:]
                if name == "add_error" and len(node.args) > 1:
                    candidates.append(node.args[1])
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
                target = node.targets[0].value
                if isinstance(target, ast.Name) and target.id == "errors":
                    candidates.append(node.value)
            elif (
                isinstance(node, ast.keyword)
                and node.arg == "error_messages"
                and isinstance(node.value, ast.Dict)
            ):
                candidates += node.value.values
            for candidate in candidates:
                if isinstance(candidate, ast.Name) and candidate.id in constants:
                    candidate = constants[candidate.id]
                text = _literal_text(candidate)
                if text is not None:
                    found.append((f"{where}:{candidate.lineno}", text))
    return found


def test_every_error_message_written_in_the_source_is_a_whole_sentence():
    messages = _messages_in_source()
    assert len(messages) > 80
    bad = [f"{where}: {text!r}" for where, text in messages if not _is_sentence(text)]
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize("text", ["is in the future.", "only thresholds can be changed here"])
def test_a_fragment_is_not_a_sentence(text):
    assert not _is_sentence(text)
