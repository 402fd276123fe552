"""Makers for the API's tests: tokens, and this app's OBJECT_MAKERS entry."""

from __future__ import annotations

from typing import Any

from careloop.api.bulk_export import export_directory
from careloop.api.models import ApiToken, BulkExport
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


def _bulk_export(p: Personas) -> object:
    """A complete bulk export of alice's practice with one file on disk."""
    token, _ = api_token_create(practice=p.practice, actor=p.alice, name="Export", scope="read")
    export = BulkExport.objects.create(
        practice=p.practice, token=token, status=BulkExport.Status.COMPLETE, counts={"Patient": 1}
    )
    directory = export_directory(export)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "Patient.ndjson").write_text('{"resourceType":"Patient","id":"client-1"}\n')
    return export.pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {
    "token_id": _token,
    "export_id": _bulk_export,
    # Not an object: the file name of an export's resource type (the maker above writes it).
    "resource_type": lambda p: "Patient",
}
