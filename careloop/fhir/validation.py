"""Validation of CareLoop's FHIR output against fhir.resources' R4B models.

fhir.resources 8 ships R5 at its top level and R4B (4.3.0) under ``fhir.resources.R4B``;
R4B is wire-compatible with R4 (4.0.1) for every resource CareLoop writes (see
docs/fhir.md for the few differences that matter elsewhere), so its models check R4 JSON.
They check structure, cardinality, data types and formats (ids, dateTimes, URIs); they do
not check that a code belongs to its value set, so the tests check the codes CareLoop uses.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError


class FhirValidationError(ValueError):
    """A resource the R4B models refuse; ``problems`` lists ``(path, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{path}: {message}" for path, message in problems))


def validate_resource(resource: dict[str, Any], where: str = "") -> None:
    """Raise :class:`FhirValidationError` unless ``resource`` is a valid R4B resource."""
    kind = resource.get("resourceType", "")
    prefix = where or kind or "resource"
    try:
        model = get_fhir_model_class(kind)
    except KeyError:
        raise FhirValidationError([(prefix, f"unknown resourceType {kind!r}")]) from None
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        raise FhirValidationError(
            [(".".join([prefix, *(str(p) for p in e["loc"])]), e["msg"]) for e in exc.errors()]
        ) from None


def validate_bundle(bundle: dict[str, Any]) -> None:
    """The Bundle itself and each entry's resource (each reported at ``entry.N``)."""
    validate_resource(bundle, "Bundle")
    for i, entry in enumerate(bundle.get("entry", [])):
        validate_resource(entry["resource"], f"entry.{i}.resource")
