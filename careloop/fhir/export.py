"""``careloop fhir export``: the practices' records as FHIR R4 NDJSON, one file per
resource type, streamed (the FHIR Bulk Data layout: ``Patient.ndjson``, ...,
and a ``manifest.json`` listing them with their counts).

Memory stays flat whatever the size of the practice: each reader
(:mod:`careloop.fhir.sources`, :mod:`careloop.fhir.sources_episodes`) reads one chunk of
rows at a time and each resource is written as soon as it is built. The API's asynchronous
``$export`` can run :func:`export_ndjson` in a background job the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from careloop.accounts.models import Practice
from careloop.audit.services import audit_log
from careloop.fhir import sources as s
from careloop.fhir import sources_episodes as e
from careloop.fhir.validation import validate_resource

# The readers, in the order the files are written; each yields resources of its types.
READERS: tuple[Callable[[s.Scope], Iterator[dict[str, Any]]], ...] = (
    s.organizations,
    s.practitioners,
    s.patients,
    s.referrals,
    s.care_plans,
    s.sessions,
    e.pain_reports,
    e.holds,
    e.follow_ups,
    e.communications,
    e.decisions,
)
DEFAULT_URL_BASE = "/api/v1"


def iter_resources(
    *, practice_ids: Sequence[int], since: dt.datetime | None = None, url_base: str = ""
) -> Iterator[dict[str, Any]]:
    """Every resource of the practices (records made or changed since ``since``), one at
    a time. A generator: nothing is read before it is asked for."""
    scope = s.Scope(list(practice_ids), since)
    for reader in READERS:
        yield from reader(scope)
    yield from e.letters(scope, url_base or DEFAULT_URL_BASE)


class _Files:
    """One NDJSON file per resource type, opened when its first resource comes."""

    def __init__(self, out_dir: Path, stack: ExitStack) -> None:
        self.out_dir = out_dir
        self.stack = stack
        self.files: dict[str, IO[str]] = {}
        self.counts: dict[str, int] = {}

    def write(self, resource: dict[str, Any]) -> None:
        kind = resource["resourceType"]
        handle = self.files.get(kind)
        if handle is None:
            path = self.out_dir / f"{kind}.ndjson"
            handle = self.stack.enter_context(path.open("w", encoding="utf-8", newline="\n"))
            self.files[kind] = handle
            self.counts[kind] = 0
        handle.write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")))
        handle.write("\n")
        self.counts[kind] += 1


def export_ndjson(
    out_dir: str | Path,
    *,
    practice_ids: Sequence[int] | None = None,
    since: dt.datetime | None = None,
    validate: bool = False,
    url_base: str = "",
    actor: Any = None,
) -> dict[str, int]:
    """Write the NDJSON files and ``manifest.json`` into ``out_dir`` (created if need be);
    returns the count per resource type. ``practice_ids``: all practices when None.
    ``validate`` checks each resource against the R4B models first (slower). One audit
    event per practice records the export (never what it held)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ids = (
        list(Practice.objects.order_by("pk").values_list("pk", flat=True))
        if practice_ids is None
        else list(practice_ids)
    )
    started = timezone.now()
    with ExitStack() as stack:
        files = _Files(out, stack)
        for resource in iter_resources(practice_ids=ids, since=since, url_base=url_base):
            if validate:
                validate_resource(resource, f"{resource['resourceType']}/{resource['id']}")
            files.write(resource)
    counts = dict(files.counts)
    manifest = {
        "transactionTime": started.isoformat().replace("+00:00", "Z"),
        "request": f"careloop fhir export{f' --since {since.isoformat()}' if since else ''}",
        "requiresAccessToken": False,
        "output": [
            {"type": kind, "url": f"{kind}.ndjson", "count": count}
            for kind, count in counts.items()
        ],
        "error": [],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    with transaction.atomic():
        for practice_id in ids:
            audit_log(
                actor=actor,
                practice=practice_id,
                action="export",
                object_type="fhir",
                detail="FHIR bulk export (NDJSON)",
            )
    return counts
