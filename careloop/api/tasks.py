"""The API's background work: the FHIR bulk export ($export) behind careloop/api/fhir_bulk.py."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from careloop.api.bulk_export import export_directory
from careloop.api.models import BulkExport
from careloop.fhir.export import export_ndjson

log = logging.getLogger(__name__)


@task()
def run_bulk_export(export_id: int) -> str:
    """Write the files; a second run of the same export (a retried task) does nothing."""
    with transaction.atomic():
        export = BulkExport.objects.select_for_update().select_related("token").get(pk=export_id)
        if export.status != BulkExport.Status.QUEUED:
            return export.status
        export.status = BulkExport.Status.RUNNING
        export.save(update_fields=["status"])
    try:
        counts = export_ndjson(
            export_directory(export),
            practice_ids=[export.practice_id],
            since=export.since,
            actor=export.token,
        )
    except Exception as exc:  # recorded for the caller by kind only: no clinical values
        log.exception("FHIR bulk export %s failed", export.pk)
        export.status = BulkExport.Status.FAILED
        export.error = f"The export failed ({type(exc).__name__}); ask again."
    else:
        export.status = BulkExport.Status.COMPLETE
        export.counts = counts
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "counts", "error", "finished_at"])
    return export.status
