"""A final letter's status only moves forward and the row is never deleted (see triggers.py).

Replaces the trigger of 0002, which let a final letter be set back to draft, edited and
set to sent again, and did not refuse a DELETE.
"""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    from careloop.letters.triggers import create_triggers, drop_triggers

    drop_triggers(schema_editor.connection)
    create_triggers(schema_editor.connection)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    from careloop.letters.triggers import drop_triggers

    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_final_letter_trigger")]

    operations = [migrations.RunPython(create, drop)]
