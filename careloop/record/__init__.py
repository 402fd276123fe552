"""The episode record: everything known about one episode (or one client's recent
training), as one typed, validated document that every output reads.

Letters, FHIR export, the practitioner network and the REST API read the record from here;
nothing here imports any of them (a test checks it), so each can change without the others.

``EpisodeDocument`` (:mod:`careloop.record.document`)
    The document: pydantic model, versioned; older versions are migrated when read. Its
    JSON Schema is committed as docs/schemas/episode.schema.json (:mod:`~.schema`).
``parse_document(data)`` / ``parse_document_json(text)`` / ``load_document(path)``
    Validate untrusted JSON; :class:`DocumentError` lists ``(dotted.path, message)``.
``episode_document(episode, *, author)`` / ``progress_document(client, *, author)``
    In :mod:`careloop.record.build`: the document from the stored records (needs Django).
``episode_export(episode_id=..., author_email=...)``
    In :mod:`careloop.record.export`: ``careloop episode export``, audited.

This module imports no Django, so ``careloop letter render`` runs without a database.
"""

from careloop.record.document import DOCUMENT_VERSION, DOCUMENT_VERSIONS, EpisodeDocument
from careloop.record.parsing import (
    DocumentError,
    load_document,
    parse_document,
    parse_document_json,
)

__all__ = [
    "DOCUMENT_VERSION",
    "DOCUMENT_VERSIONS",
    "DocumentError",
    "EpisodeDocument",
    "load_document",
    "parse_document",
    "parse_document_json",
]
