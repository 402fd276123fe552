"""A practice's own triage thresholds: validated, versioned, audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from careloop.accounts.models import Practice
from careloop.audit.services import audit_log
from careloop.episodes.models import PracticeRuleset
from careloop.triage import DEFAULT_RULESET, Ruleset, RulesetError, ruleset_with_overrides

# Only thresholds: the name stays the default's and the version is set here, so that a
# stored triage result names exactly which practice version produced it.
ALLOWED_KEYS = ("definitions", "rules")


def _labelled(overrides: Mapping[str, Any], number: int) -> dict[str, Any]:
    return {**overrides, "version": f"{DEFAULT_RULESET.version}+practice.{number}"}


def ruleset_for_practice(practice: Practice | int) -> tuple[PracticeRuleset | None, Ruleset]:
    """The practice's active thresholds (or the defaults) as a ruleset for the engine."""
    practice_id: int = practice if isinstance(practice, int) else practice.pk
    active = PracticeRuleset.objects.filter(practice_id=practice_id, active=True).first()
    if active is None or not active.overrides:
        return active, DEFAULT_RULESET
    return active, ruleset_with_overrides(
        DEFAULT_RULESET, _labelled(active.overrides, active.version)
    )


def practice_ruleset_create(
    *, practice: Practice, created_by: Any, overrides: Mapping[str, Any], note: str = ""
) -> PracticeRuleset:
    """Make ``overrides`` the practice's thresholds, as a new version.

    Raises ValidationError keyed by the override's path (``rules.H2.pain_now_min``) for
    every value the engine refuses, so the form can show each next to its field.
    """
    unknown = [key for key in overrides if key not in ALLOWED_KEYS]
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Only thresholds can be changed here."))
    try:
        ruleset = ruleset_with_overrides(DEFAULT_RULESET, overrides)
    except RulesetError as exc:
        errors: dict[str, list[str]] = {}
        for path, message in exc.problems:
            # The engine words a problem after its key ("must be an integer from 1 to
            # 10"); next to the field it reads as a sentence about this threshold.
            errors.setdefault(path, []).append(f"This threshold {message.rstrip('.')}.")
        raise ValidationError(errors) from None
    # Store only what differs from the defaults, in the engine's own nested shape.
    stored: dict[str, Any] = {}
    for key, value in ruleset.overrides.items():
        owner, name = key.split(".", 1)
        if owner == "definitions":
            stored.setdefault("definitions", {})[name] = value
        else:
            stored.setdefault("rules", {}).setdefault(owner, {})[name] = value
    with transaction.atomic():
        current = list(
            PracticeRuleset.objects.select_for_update().filter(practice=practice, active=True)
        )
        number = (
            PracticeRuleset.objects.filter(practice=practice).aggregate(n=Max("version"))["n"] or 0
        ) + 1
        PracticeRuleset.objects.filter(pk__in=[r.pk for r in current]).update(active=False)
        created = PracticeRuleset.objects.create(
            practice=practice,
            version=number,
            overrides=stored,
            note=note.strip(),
            created_by=created_by,
            active=True,
        )
        changed = sorted(ruleset.overrides)
        audit_log(
            actor=created_by,
            practice=practice,
            action="create",
            obj=created,
            detail=f"version {number}; changed: {', '.join(changed) or 'none (defaults)'}",
        )
    return created
