"""Issue 9 hole 5: a NUL character anywhere in a request is a clear 400, never a 500.

PostgreSQL refuses text holding NUL (``/client-called/?q=%00`` was a 500 there). This walks
every URL pattern, so a new page is covered the day it is added: a query string, a POST
field, a path segment or a cookie holding NUL gets the 400 page on SQLite and PostgreSQL
(run with DATABASE_URL set for the second). Form fields refuse NUL too.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careloop.testing.objects import OBJECT_MAKERS

NUL = "\x00"
PARAMS = "?q=%00&source_q=%00&status=%00&page=%00"


def _walk(patterns: list) -> Iterator[URLPattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api":
            continue  # the REST API: careloop/api/tests walk it with API tokens
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


PATTERNS = [(p.name, sorted(p.pattern.converters)) for p in _walk(get_resolver().url_patterns)]


def _url(personas, name: str, kwargs: list[str], text: str = "tok") -> str:
    values = {k: OBJECT_MAKERS[k](personas) if k in OBJECT_MAKERS else text for k in kwargs}
    return reverse(name, kwargs=values)


def test_the_walk_finds_the_pages_that_were_500s():
    names = {name for name, _ in PATTERNS}
    assert {"client_called", "referral_source_list", "referral_source_picker"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_it_answers_400_to_nul_in_any_query_or_form_field(
    personas, alice_client, client, name, kwargs
):
    url = _url(personas, name, kwargs)
    # The same page without NUL is no 400 (the probe reaches a real page).
    assert alice_client.get(url + "?q=Patel").status_code not in {400, 500}, url
    got = {
        "signed in GET": alice_client.get(url + PARAMS),
        "signed in POST": alice_client.post(url, {"q": NUL, "name": f"Pat{NUL}el"}),
        "POST key": alice_client.post(url, {f"na{NUL}me": "Patel"}),
        "signed out GET": Client().get(url + PARAMS),
    }
    statuses = {how: response.status_code for how, response in got.items()}
    assert set(statuses.values()) == {400}, f"{url}: {statuses}"
    assert b"NUL character" in got["signed in GET"].content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [p for p in PATTERNS if set(p[1]) - set(OBJECT_MAKERS)],
    ids=[p[0] for p in PATTERNS if set(p[1]) - set(OBJECT_MAKERS)],
)
def test_it_answers_400_to_nul_in_a_path_segment(personas, alice_client, name, kwargs):
    url = _url(personas, name, kwargs, text=f"ab{NUL}cd")
    assert "%00" in url
    assert alice_client.get(url).status_code == 400
    assert Client().post(url, {"password": "x"}).status_code == 400


@pytest.mark.django_db
def test_it_answers_400_to_nul_in_a_cookie(personas):
    browser = Client()
    browser.cookies["sessionid"] = f"abcdefgh{NUL}ijkl"
    assert browser.get("/clients/").status_code == 400


def _form_classes() -> set[type[forms.BaseForm]]:
    for config in apps.get_app_configs():
        if config.name.startswith("careloop."):
            try:
                importlib.import_module(f"{config.name}.forms")
            except ModuleNotFoundError:
                continue
    found: set[type[forms.BaseForm]] = set()
    todo: list[type[forms.BaseForm]] = [forms.Form, forms.ModelForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("careloop."):
                found.add(sub)
    return found


@pytest.mark.django_db
def test_every_form_field_refuses_nul_or_drops_it(personas):
    """For data that reaches a form another way than a request (the middleware's 400)."""
    classes = _form_classes()
    assert len(classes) > 10
    checked = 0
    for form_class in classes:
        for field_name, field in form_class.base_fields.items():
            value: object = f"Pat{NUL}el"
            if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
                value = [value]
            try:
                cleaned = field.clean(value)
            except ValidationError:
                checked += 1
                continue
            assert NUL not in repr(cleaned), f"{form_class.__name__}.{field_name}"
    assert checked > 30
