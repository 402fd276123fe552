"""Makers for the API's tests: tokens, and this app's OBJECT_MAKERS entry."""

from __future__ import annotations

from typing import Any

from careloop.api.models import ApiToken
from careloop.api.services import api_token_create
from careloop.testing.personas import ObjectMaker, Personas


def make_token(owner: Any, practice: Any, *, scope: str = ApiToken.Scope.READ_WRITE) -> str:
    """A live token of ``practice`` made by ``owner``; returns its secret."""
    _, secret = api_token_create(practice=practice, actor=owner, name="Tests", scope=scope)
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _token(p: Personas) -> object:
    token, _ = api_token_create(practice=p.practice, actor=p.alice, name="Booking", scope="read")
    return token.pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {"token_id": _token}
