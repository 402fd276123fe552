"""The network's starting categories, created with the first member (and by the demo)."""

from __future__ import annotations

from careloop.network.models import Category

DEFAULT_CATEGORIES = [
    ("Pain after a session", "pain-after-a-session", "A client reports pain after training."),
    ("Working with physicians", "working-with-physicians", "Referrals, letters, clearances."),
    ("Post-op knee and hip", "post-op-knee-and-hip", "Replacements, ACL and meniscus repairs."),
    ("Spine", "spine", "Low back and neck."),
    ("Shoulder", "shoulder", "Rotator cuff, instability, frozen shoulder."),
    ("Cardiac and metabolic", "cardiac-and-metabolic", "Cardiac rehab, diabetes, hypertension."),
    ("Practice and business", "practice-and-business", "Running a practice."),
    ("Cases", "cases", "De-identified cases for discussion."),
]


def ensure_default_categories() -> list[Category]:
    """Idempotent (tests that flush the database, and the demo, call it)."""
    return [
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )[0]
        for position, (name, slug, description) in enumerate(DEFAULT_CATEGORIES)
    ]
