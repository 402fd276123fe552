"""The database itself refuses to change the wording of a letter that is no longer a draft.

The model refuses too (Letter.save); the trigger covers raw SQL, bulk updates and bugs.
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER letters_letter_final_is_frozen
BEFORE UPDATE OF document, content, kind, client_id, episode_id, recipient_id ON letters_letter
WHEN OLD.status <> 'draft' AND (
    NEW.document IS NOT OLD.document OR NEW.content IS NOT OLD.content
    OR NEW.kind IS NOT OLD.kind OR NEW.client_id IS NOT OLD.client_id
    OR NEW.episode_id IS NOT OLD.episode_id OR NEW.recipient_id IS NOT OLD.recipient_id
)
BEGIN
    SELECT RAISE(ABORT, 'a final letter is never changed');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS letters_letter_final_is_frozen;"

PG_UP = """
CREATE OR REPLACE FUNCTION letters_letter_final_is_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'draft' AND (
        NEW.document IS DISTINCT FROM OLD.document OR NEW.content IS DISTINCT FROM OLD.content
        OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.client_id IS DISTINCT FROM OLD.client_id
        OR NEW.episode_id IS DISTINCT FROM OLD.episode_id
        OR NEW.recipient_id IS DISTINCT FROM OLD.recipient_id
    ) THEN
        RAISE EXCEPTION 'a final letter is never changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--
CREATE TRIGGER letters_letter_final_is_frozen BEFORE UPDATE ON letters_letter
FOR EACH ROW EXECUTE FUNCTION letters_letter_final_is_frozen();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS letters_letter_final_is_frozen ON letters_letter;
--
DROP FUNCTION IF EXISTS letters_letter_final_is_frozen();
"""


def _run(sql: dict[str, str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        # One statement per execute: psycopg refuses several in one prepared statement.
        for statement in sql.get(schema_editor.connection.vendor, "").split("\n--\n"):
            if statement.strip():
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
