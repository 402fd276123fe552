"""Program templates: reads and writes (a program to start from, never a client's record).

A template only fills the program editor; nothing reaches a client's program until the
practitioner saves a version there, with a reason, as for any other change.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from careloop.accounts.models import Practice
from careloop.audit.services import audit_log
from careloop.training.models import Exercise, ProgramTemplate, ProgramVersion
from careloop.training.programs import minutes_input
from careloop.training.services import exercise_library_ensure

# What a template keeps of a prescription. Loads and sides are one client's; they are left
# for the practitioner to set for the next client.
TEMPLATE_FIELDS = ("sets", "reps", "duration_seconds", "range_of_motion", "tempo", "notes")


def _rx(name: str, sets: int | None = None, reps: int | None = None, **extra: Any) -> dict:  # type: ignore[type-arg]
    return {"exercise": name, "sets": sets, "reps": reps, **extra}


# Starting points only: each is adjusted to the referral's precautions and the clinician's
# instructions. Names are those of the standard exercise library (careloop/training/data).
STANDARD_TEMPLATES: list[tuple[str, str, list[dict[str, Any]]]] = [
    (
        "Knee replacement, phase 1 (early range and activation)",
        "Early post-operative range of motion and quadriceps activation.",
        [
            _rx("Ankle pumps", 2, 20),
            _rx("Quadriceps setting", 3, 10, tempo="5 s hold"),
            _rx("Heel slide", 2, 15, range_of_motion="As far as comfortable"),
            _rx("Straight leg raise", 3, 10),
            _rx("Seated knee extension", 3, 10),
            _rx("Stationary bike", duration_seconds=600, notes="Rocking, then full turns"),
        ],
    ),
    (
        "Knee, phase 2 (strength)",
        "Progressive loading once range and gait allow.",
        [
            _rx("Stationary bike", duration_seconds=600),
            _rx("Sit-to-stand", 3, 10),
            _rx("Mini squat", 3, 12),
            _rx("Terminal knee extension with band", 3, 15),
            _rx("Leg press", 3, 10),
            _rx("Step-up", 3, 10),
            _rx("Calf raise, double leg", 3, 15),
        ],
    ),
    (
        "Low back, early (movement and control)",
        "Gentle movement, trunk control and walking.",
        [
            _rx("Pelvic tilt", 2, 10),
            _rx("Cat-camel", 2, 10),
            _rx("Knee-to-chest stretch", 2, 5, tempo="20 s hold"),
            _rx("Abdominal bracing", 3, 10, tempo="10 s hold"),
            _rx("Bird dog", 3, 8),
            _rx("Glute bridge", 3, 10),
            _rx("Treadmill walk", duration_seconds=900, notes="Comfortable pace"),
        ],
    ),
    (
        "Shoulder, early (range and isometrics)",
        "Early range of motion and pain-free isometrics.",
        [
            _rx("Pendulum swing", 2, duration_seconds=60),
            _rx("Table slide, shoulder flexion", 2, 10),
            _rx("Wand-assisted shoulder flexion", 2, 10),
            _rx("Shoulder isometric, external rotation", 3, 5, tempo="10 s hold"),
            _rx("Band row", 3, 12),
        ],
    ),
]


def _template_item(exercise_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    return {"exercise_id": exercise_id, **{name: fields.get(name) for name in TEMPLATE_FIELDS}}


def program_templates_ensure(*, practice: Practice) -> None:
    """Seed the standard templates once (lazily, like the exercise library). A practice
    that renamed or deleted a standard exercise gets the template without it."""
    if ProgramTemplate.objects.filter(practice=practice, is_standard=True).exists():
        return
    exercise_library_ensure(practice=practice)
    ids = dict(Exercise.objects.filter(practice=practice).values_list("name", "pk"))
    with transaction.atomic():
        for name, description, rows in STANDARD_TEMPLATES:
            items = [_template_item(ids[r["exercise"]], r) for r in rows if r["exercise"] in ids]
            ProgramTemplate.objects.get_or_create(
                practice=practice,
                name=name,
                defaults={"description": description, "items": items, "is_standard": True},
            )


def program_template_list(practice: Practice) -> list[ProgramTemplate]:
    program_templates_ensure(practice=practice)
    return list(ProgramTemplate.objects.filter(practice=practice).order_by("-is_standard", "name"))


def template_rows(template: ProgramTemplate, unit: str) -> list[dict[str, Any]]:
    """The template as initial rows of the program editor: exercises still in the
    practice's library (and active), in order. One query."""
    wanted = [item.get("exercise_id") for item in template.items]
    found = {
        e.pk: e
        for e in Exercise.objects.filter(
            practice_id=template.practice_id, pk__in=[w for w in wanted if w], is_active=True
        )
    }
    rows = []
    for item in template.items:
        if item.get("exercise_id") not in found:
            continue
        row: dict[str, Any] = {name: item.get(name) for name in TEMPLATE_FIELDS}
        # The editor types durations in minutes.
        row["duration_minutes"] = minutes_input(row.pop("duration_seconds"))
        row.update({"exercise": str(item["exercise_id"]), "load_unit": unit})
        rows.append(row)
    for position, row in enumerate(rows, start=1):
        row["ORDER"] = position
    return rows


def program_template_create(
    *, practice: Practice, actor: Any, name: str, version: ProgramVersion, description: str = ""
) -> ProgramTemplate:
    """Save a program version's exercises as a template (without loads and sides)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Give the template a name, e.g. Knee, phase 3."})
    if version.practice_id != practice.pk:
        raise ValidationError("That program belongs to another practice.")
    rows = version.items.order_by("order")
    items = [
        _template_item(row.exercise_id, {name: getattr(row, name) for name in TEMPLATE_FIELDS})
        for row in rows
    ]
    template = ProgramTemplate(
        practice=practice, name=name, description=description, items=items, created_by=actor
    )
    template.full_clean(validate_unique=False, validate_constraints=False)
    taken = ProgramTemplate.objects.filter(practice=practice, name__iexact=name).exists()
    if taken:
        raise ValidationError({"name": "The practice already has a template with this name."})
    try:
        with transaction.atomic():
            template.save()
            audit_log(actor=actor, practice=practice, action="create", obj=template)
    except IntegrityError:
        raise ValidationError(
            {"name": "The practice already has a template with this name."}
        ) from None
    return template
