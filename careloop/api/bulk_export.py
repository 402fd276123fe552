"""The API's asynchronous FHIR bulk export ($export, FHIR Bulk Data Access): a token asks,
the worker writes NDJSON files with careloop.fhir.export, the status URL lists them.

Files live under settings.FHIR_EXPORT_DIR/<export pk>/ until the caller deletes the export.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import Http404

from careloop.api.auth import ApiCaller
from careloop.api.models import BulkExport
from careloop.audit.services import audit_log


def export_directory(export: BulkExport) -> Path:
    return Path(settings.FHIR_EXPORT_DIR) / str(export.pk)


def bulk_export_for_caller(who: ApiCaller, export_id: int) -> BulkExport:
    """The caller's practice's export, or 404 (another practice's looks like a missing one)."""
    try:
        return BulkExport.objects.get(pk=export_id, practice=who.practice)
    except BulkExport.DoesNotExist:
        raise Http404("Not found") from None


def bulk_export_request(*, who: ApiCaller, since: dt.datetime | None) -> BulkExport:
    """Record the request and queue the export once the request commits."""
    # Imported here, as careloop/outbox does: a task binds its backend when it is defined,
    # and this module is imported before the tests choose theirs.
    from careloop.api.tasks import run_bulk_export  # noqa: PLC0415

    with transaction.atomic():
        export = BulkExport.objects.create(practice=who.practice, token=who.token, since=since)
        audit_log(
            actor=who.user,
            practice=who.practice,
            action="export",
            obj=export,
            detail="FHIR bulk export requested",
        )
        # The backend enqueues once this transaction commits (django-tasks' enqueue_on_commit),
        # so a worker never looks for an export that is not there yet.
        run_bulk_export.enqueue(export.pk)
    return export


def bulk_export_delete(*, who: ApiCaller, export: BulkExport) -> None:
    """Remove the files and the export (FHIR Bulk Data: DELETE on the status URL)."""
    with transaction.atomic():
        audit_log(
            actor=who.user,
            practice=who.practice,
            action="delete",
            obj=export,
            detail="FHIR bulk export deleted",
        )
        directory = export_directory(export)
        export.delete()
        transaction.on_commit(lambda: shutil.rmtree(directory, ignore_errors=True))
