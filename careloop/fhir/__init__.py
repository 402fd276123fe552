"""FHIR R4 export of episodes: one episode as a Bundle, and the bulk export as NDJSON.

``bundle_from_document(document, *, patient_id=None, letters=())``
    In :mod:`careloop.fhir.bundle`: the episode document as a Bundle (a dict). Needs no
    database; ``careloop fhir bundle EPISODE.json`` runs it.
``validate_resource(resource)`` / ``validate_bundle(bundle)``
    In :mod:`careloop.fhir.validation`: each resource against fhir.resources' R4B models.
``export_ndjson(out_dir, since=..., practice_ids=...)``
    In :mod:`careloop.fhir.export` (needs Django): NDJSON per resource type, streamed.

Resources are built as plain dicts by :mod:`careloop.fhir.resources` and
:mod:`careloop.fhir.workflow`, shared by the Bundle and the bulk export. See docs/fhir.md.
"""
