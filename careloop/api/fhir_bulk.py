"""FHIR bulk export, the asynchronous way (FHIR Bulk Data Access 2.0, system level):
``GET /$export`` answers 202 with the status URL in Content-Location; the status URL
answers 202 while the worker writes, then the manifest; each file downloads as NDJSON;
DELETE on the status URL removes the files. docs/fhir.md."""

import datetime as dt
from typing import Annotated, Any

from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.params import Path as PathParam

from careloop.api.auth import caller
from careloop.api.bulk_export import (
    bulk_export_delete,
    bulk_export_for_caller,
    bulk_export_request,
    export_directory,
)
from careloop.api.common import Instant, ObjectId
from careloop.api.errors import ApiProblem, error_responses
from careloop.api.models import BulkExport
from careloop.audit.services import audit_log

router = Router(tags=["fhir"])

NDJSON = "application/fhir+ndjson"
RESOURCE_TYPE = r"^[A-Z][A-Za-z]{1,63}$"


class ManifestFile(Schema):
    type: str
    url: str
    count: int


class Manifest(Schema):
    transactionTime: dt.datetime  # the Bulk Data manifest's own field names
    request: str
    requiresAccessToken: bool
    output: list[ManifestFile]
    error: list[dict[str, Any]]


def _status_url(request: HttpRequest, export: BulkExport) -> str:
    return request.build_absolute_uri(f"/api/v1/exports/{export.pk}")


@router.get(
    "/$export",
    response={202: None, **error_responses()},
    summary="Start a FHIR bulk export of the practice",
)
def kick_off(
    request: HttpRequest, since: Annotated[Instant | None, Query(alias="_since")] = None
) -> HttpResponse:
    """Every resource of the practice (changed since ``_since`` when given) as NDJSON per
    resource type, written in the background. Poll the URL in Content-Location."""
    who = caller(request)
    export = bulk_export_request(who=who, since=since)
    response = HttpResponse(status=202)
    response["Content-Location"] = _status_url(request, export)
    return response


@router.get(
    "/exports/{export_id}",
    response={200: Manifest, 202: None, **error_responses(404, 409)},
    summary="The status of a bulk export, and its manifest when complete",
)
def export_status(request: HttpRequest, export_id: ObjectId) -> Any:
    who = caller(request)
    export = bulk_export_for_caller(who, export_id)
    if export.status in (BulkExport.Status.QUEUED, BulkExport.Status.RUNNING):
        response = HttpResponse(status=202)
        response["X-Progress"] = export.get_status_display()
        response["Retry-After"] = "5"
        return response
    if export.status == BulkExport.Status.FAILED:
        raise ApiProblem(409, export.error or "The export failed; ask again.")
    base = _status_url(request, export)
    query = f"?_since={export.since.isoformat()}" if export.since else ""
    return 200, {
        "transactionTime": export.requested_at,
        "request": request.build_absolute_uri(f"/api/v1/$export{query}"),
        "requiresAccessToken": True,
        "output": [
            {"type": kind, "url": f"{base}/{kind}.ndjson", "count": count}
            for kind, count in sorted(export.counts.items())
        ],
        "error": [],
    }


@router.delete(
    "/exports/{export_id}",
    response={202: None, **error_responses(404)},
    summary="Delete a bulk export and its files",
)
def export_delete(request: HttpRequest, export_id: ObjectId) -> HttpResponse:
    who = caller(request)
    bulk_export_delete(who=who, export=bulk_export_for_caller(who, export_id))
    return HttpResponse(status=202)


@router.get(
    "/exports/{export_id}/{resource_type}.ndjson",
    response={200: None, **error_responses(404)},
    openapi_extra={
        "responses": {
            "200": {
                "description": "One resource per line.",
                "content": {NDJSON: {"schema": {"type": "string"}}},
            }
        }
    },
    summary="One file of a complete bulk export",
)
def export_file(
    request: HttpRequest,
    export_id: ObjectId,
    resource_type: Annotated[str, PathParam(pattern=RESOURCE_TYPE)],
) -> FileResponse:
    who = caller(request)
    with transaction.atomic():
        export = bulk_export_for_caller(who, export_id)
        if export.status != BulkExport.Status.COMPLETE or resource_type not in export.counts:
            raise ApiProblem(404, "This export has no such file.")
        audit_log(
            actor=who.user,
            practice=who.practice,
            action="view",
            obj=export,
            detail=f"FHIR bulk export file {resource_type}",
        )
    path = export_directory(export) / f"{resource_type}.ndjson"
    return FileResponse(path.open("rb"), content_type=NDJSON)
