"""The practice's exercise library: the standard exercises it starts from, and adding or
editing its own."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from careloop.accounts.models import Practice
from careloop.audit.services import audit_log
from careloop.training.models import Exercise

SEED_FILE = Path(__file__).parent / "data" / "exercises.json"


@cache
def standard_library() -> tuple[dict[str, str], ...]:
    """The standard exercises (data/exercises.json): name, body_area, category, description."""
    return tuple(json.loads(SEED_FILE.read_text(encoding="utf-8")))


def exercise_library_seed(*, practice: Practice, actor: Any = None) -> int:
    """Add the standard exercises the practice does not have yet (matched by name, so a
    renamed or deactivated one is left alone). Returns how many were added."""
    with transaction.atomic():
        have = {
            n.lower()
            for n in Exercise.objects.filter(practice=practice).values_list("name", flat=True)
        }
        new = [
            Exercise(practice=practice, **entry)
            for entry in standard_library()
            if entry["name"].lower() not in have
        ]
        if new:
            # ignore_conflicts: two first visits at once must not fail on the unique name.
            Exercise.objects.bulk_create(new, ignore_conflicts=True)
            audit_log(
                actor=actor,
                practice=practice,
                action="create",
                object_type="training.exercise",
                detail=f"standard library: {len(new)} exercises",
            )
    return len(new)


def exercise_library_ensure(*, practice: Practice) -> None:
    """Seed lazily: a practice whose library is empty gets the standard one."""
    if not Exercise.objects.filter(practice=practice).exists():
        exercise_library_seed(practice=practice)


def _exercise_save(exercise: Exercise, actor: Any, action: str) -> Exercise:
    exercise.name = (exercise.name or "").strip()
    same_name = Exercise.objects.filter(practice=exercise.practice, name__iexact=exercise.name)
    if exercise.pk:
        same_name = same_name.exclude(pk=exercise.pk)
    if exercise.name and same_name.exists():
        raise ValidationError({"name": "The library already has an exercise with this name."})
    try:
        exercise.full_clean(validate_unique=True)
    except ValidationError as exc:
        if "__all__" in exc.message_dict:  # the unique-name constraint
            raise ValidationError(
                {"name": "The library already has an exercise with this name."}
            ) from None
        raise
    with transaction.atomic():
        exercise.save()
        audit_log(actor=actor, practice=exercise.practice, action=action, obj=exercise)
    return exercise


def exercise_create(*, practice: Practice, actor: Any, **fields: Any) -> Exercise:
    return _exercise_save(Exercise(practice=practice, **fields), actor, "create")


def exercise_update(*, exercise: Exercise, actor: Any, **fields: Any) -> Exercise:
    for name, value in fields.items():
        setattr(exercise, name, value)
    return _exercise_save(exercise, actor, "update")
