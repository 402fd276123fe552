from django.db import migrations

CATEGORIES = [
    ("Pain after a session", "pain-after-a-session", "A client reports pain after training: what now?"),
    ("Working with physicians", "working-with-physicians", "Referrals, letters, clearances."),
    ("Post-op knee and hip", "post-op-knee-and-hip", "Replacements, ACL and meniscus repairs."),
    ("Spine", "spine", "Low back and neck."),
    ("Shoulder", "shoulder", "Rotator cuff, instability, frozen shoulder."),
    ("Cardiac and metabolic", "cardiac-and-metabolic", "Cardiac rehab, diabetes, hypertension."),
    ("Practice and business", "practice-and-business", "Running a practice."),
    ("Cases", "cases", "De-identified cases for discussion."),
]


def add(apps, schema_editor):
    Category = apps.get_model("network", "Category")
    for position, (name, slug, description) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def remove(apps, schema_editor):
    apps.get_model("network", "Category").objects.filter(
        slug__in=[slug for _, slug, _ in CATEGORIES], threads__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0002_search_index")]
    operations = [migrations.RunPython(add, remove)]
