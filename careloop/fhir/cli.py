"""``careloop fhir``: FHIR R4 output.

    careloop fhir bundle EPISODE.json [-o OUT.json] [--patient-id ID]
    careloop fhir export -o DIR [--since DATE] [--practice ID ...] [--validate]

``bundle`` needs no database: it reads an exported episode document (``careloop episode
export``; "-" reads stdin) and writes the episode as a FHIR Bundle (JSON). ``export`` writes
the practices' records as NDJSON, one file per resource type, streamed. Bad input exits 2
with nothing written and one line per problem on stderr, ``dotted.path: what is wrong``.

Wired into the ``careloop`` command through ``careloop.cli.VERB_MODULES``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from careloop.core.jsoninput import print_problems
from careloop.fhir.bundle import bundle_from_document
from careloop.fhir.validation import FhirValidationError, validate_bundle
from careloop.record.parsing import DocumentError, load_document

EXIT_OK = 0
EXIT_FAILED = 1


def register(subparsers: Any) -> None:
    """Add the ``fhir`` verb to the ``careloop`` command's subparsers."""
    fhir = subparsers.add_parser("fhir", help="FHIR R4 output (see `careloop fhir --help`)")
    verbs = fhir.add_subparsers(dest="fhir_command", required=True)
    bundle = verbs.add_parser(
        "bundle",
        help="an episode document (JSON) as a FHIR R4 Bundle",
        description="Write an exported episode document as a FHIR R4 Bundle (collection). "
        "Needs no database.",
    )
    bundle.add_argument("episode", metavar="EPISODE.json", help='episode document; "-": stdin')
    bundle.add_argument("-o", "--output", metavar="OUT.json", help='file; "-" or none: stdout')
    bundle.add_argument(
        "--patient-id", metavar="ID", help="the Patient's id (default: from the episode id)"
    )
    bundle.set_defaults(func=run_bundle, needs_django=False)

    export = verbs.add_parser(
        "export",
        help="the practices' records as FHIR NDJSON, one file per resource type",
        description="Write Patient.ndjson, Observation.ndjson, ... and manifest.json into DIR, "
        "streaming (memory does not grow with the data). Needs the database.",
    )
    export.add_argument("-o", "--output", metavar="DIR", required=True, help="directory")
    export.add_argument(
        "--since", metavar="DATE", help="only records made or changed since (YYYY-MM-DD, UTC)"
    )
    export.add_argument(
        "--practice", metavar="ID", type=int, action="append", help="a practice (repeatable)"
    )
    export.add_argument(
        "--validate", action="store_true", help="check each resource with fhir.resources (slower)"
    )
    export.set_defaults(func=run_export, needs_django=True)


def run_bundle(args: argparse.Namespace) -> int:
    try:
        document = load_document(args.episode, sys.stdin)
    except DocumentError as exc:
        return print_problems(exc.problems)
    bundle = bundle_from_document(document, patient_id=args.patient_id)
    try:
        validate_bundle(bundle)
    except FhirValidationError as exc:  # a fault of ours, not of the input
        sys.stderr.write(f"the Bundle does not validate (please report):\n{exc}\n")
        return EXIT_FAILED
    text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"{args.output}: cannot be written: {exc.strerror}\n")
        return EXIT_FAILED
    print(f"Wrote {args.output} ({len(bundle['entry'])} resources)")
    return EXIT_OK


def parse_since(value: str | None) -> dt.datetime | None:
    """``YYYY-MM-DD`` (midnight UTC) or an ISO 8601 date-time with an offset."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), dt.UTC)
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date like 2026-03-10 or a date-time with an offset") from None
    if moment.tzinfo is None:
        raise ValueError("has no UTC offset; add Z or +hh:mm")
    return moment


def run_export(args: argparse.Namespace) -> int:
    # Imported here: these load Django models, set up only once the command line is parsed.
    from careloop.accounts.models import Practice  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)
    from careloop.fhir.export import export_ndjson  # noqa: PLC0415 - imported once django.setup() has run (the parser is built before)

    try:
        since = parse_since(args.since)
    except ValueError as exc:
        return print_problems([("--since", str(exc))])
    if args.practice:
        known = set(Practice.objects.filter(pk__in=args.practice).values_list("pk", flat=True))
        unknown = [p for p in args.practice if p not in known]
        if unknown:
            return print_problems([("--practice", f"no practice has id {unknown[0]}")])
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        return print_problems([("-o", f"{out} is not a directory")])
    started = time.perf_counter()
    counts = export_ndjson(out, practice_ids=args.practice, since=since, validate=args.validate)
    seconds = time.perf_counter() - started
    total = sum(counts.values())
    for kind, count in sorted(counts.items()):
        print(f"  {kind}.ndjson: {count:,}")
    print(f"Wrote {total:,} resources to {out} in {seconds:.1f} s")
    return EXIT_OK
