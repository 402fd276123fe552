"""Database triggers that keep a final letter as it was sent, on SQLite and PostgreSQL.

Once a letter leaves draft its wording, its addressee and who finalised it never change,
its status only moves forward (draft -> final -> sent -> answered), the dates of its
first delivery, its answer and its supersession are set once, and the row is never
deleted. Letter.save/delete refuse the same; the triggers also cover raw SQL, bulk updates
and bugs. A draft stays editable and deletable.
"""

from __future__ import annotations

from typing import Any

TABLE = "letters_letter"

# Columns a final letter never changes.
FROZEN = (
    "document",
    "content",
    "kind",
    "practice_id",
    "client_id",
    "episode_id",
    "recipient_id",
    "version",
    "supersedes_id",
    "created_by_id",
    "created_at",
    "finalised_by_id",
    "finalised_at",
)
# Columns set once, then never changed (NULL until then).
SET_ONCE = ("sent_at", "answered_at", "superseded_at")
# The only status changes; staying put is always allowed.
FORWARD = (("draft", "final"), ("final", "sent"), ("sent", "answered"))

FROZEN_MESSAGE = "a final letter is never changed"
STATUS_MESSAGE = "a letter's status only moves forward"
DELETE_MESSAGE = "a final letter is kept on record"


def _changed(column: str, differs: str) -> str:
    return f"NEW.{column} {differs} OLD.{column}"


def _conditions(differs: str) -> tuple[str, str]:
    """(a frozen column or a set-once date changes, the status moves other than forward)."""
    frozen = [_changed(c, differs) for c in FROZEN]
    frozen += [f"(OLD.{c} IS NOT NULL AND {_changed(c, differs)})" for c in SET_ONCE]
    forward = " OR ".join(f"(OLD.status = '{a}' AND NEW.status = '{b}')" for a, b in FORWARD)
    status = f"{_changed('status', differs)} AND NOT ({forward})"
    return " OR ".join(frozen), status


def _sqlite_create() -> list[str]:
    frozen, status = _conditions("IS NOT")
    return [
        f"""CREATE TRIGGER IF NOT EXISTS letters_letter_final_is_frozen
            BEFORE UPDATE ON {TABLE} WHEN OLD.status <> 'draft' AND ({frozen})
            BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS letters_letter_status_moves_forward
            BEFORE UPDATE ON {TABLE} WHEN {status}
            BEGIN SELECT RAISE(ABORT, '{STATUS_MESSAGE.replace("'", "''")}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS letters_letter_final_is_kept
            BEFORE DELETE ON {TABLE} WHEN OLD.status <> 'draft'
            BEGIN SELECT RAISE(ABORT, '{DELETE_MESSAGE}'); END""",
    ]


_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS letters_letter_final_is_frozen",
    "DROP TRIGGER IF EXISTS letters_letter_status_moves_forward",
    "DROP TRIGGER IF EXISTS letters_letter_final_is_kept",
]


def _pg_create() -> list[str]:
    frozen, status = _conditions("IS DISTINCT FROM")
    status_message = STATUS_MESSAGE.replace("'", "''")
    return [
        f"""CREATE OR REPLACE FUNCTION letters_letter_final_is_frozen() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.status <> 'draft' THEN
                    RAISE EXCEPTION '{DELETE_MESSAGE}' USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN OLD;
            END IF;
            IF {status} THEN
                RAISE EXCEPTION '{status_message}' USING ERRCODE = 'restrict_violation';
            END IF;
            IF OLD.status <> 'draft' AND ({frozen}) THEN
                RAISE EXCEPTION '{FROZEN_MESSAGE}' USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS letters_letter_final_is_frozen ON {TABLE}",
        f"""CREATE TRIGGER letters_letter_final_is_frozen BEFORE UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION letters_letter_final_is_frozen()""",
    ]


_PG_DROP = [f"DROP TRIGGER IF EXISTS letters_letter_final_is_frozen ON {TABLE}"]


def _statements(vendor: str, create: bool) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_create() if create else _SQLITE_DROP
    if vendor == "postgresql":
        return _pg_create() if create else _PG_DROP
    raise RuntimeError(f"no letter trigger for database vendor {vendor!r}")


def create_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, True):
            cursor.execute(sql)


def drop_triggers(connection: Any) -> None:
    """Lift the triggers (tests' transactional flush on SQLite runs as DELETE)."""
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, False):
            cursor.execute(sql)
