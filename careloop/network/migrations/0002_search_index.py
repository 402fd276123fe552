"""The full-text index of posts, one per database engine (see careloop/network/search.py).

PostgreSQL: a stored generated tsvector column and its GIN index.
SQLite: an FTS5 external-content table and the triggers that keep it in step.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE network_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(headline, '')), 'A')
        || setweight(to_tsvector('english', coalesce(body, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX network_post_search_gin ON network_post USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS network_post_search_gin",
    "ALTER TABLE network_post DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE network_post_fts USING fts5(
        headline, body, content='network_post', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER network_post_fts_insert AFTER INSERT ON network_post BEGIN
        INSERT INTO network_post_fts(rowid, headline, body)
        VALUES (new.id, new.headline, new.body);
    END
    """,
    """
    CREATE TRIGGER network_post_fts_delete AFTER DELETE ON network_post BEGIN
        INSERT INTO network_post_fts(network_post_fts, rowid, headline, body)
        VALUES ('delete', old.id, old.headline, old.body);
    END
    """,
    """
    CREATE TRIGGER network_post_fts_update AFTER UPDATE OF headline, body ON network_post BEGIN
        INSERT INTO network_post_fts(network_post_fts, rowid, headline, body)
        VALUES ('delete', old.id, old.headline, old.body);
        INSERT INTO network_post_fts(rowid, headline, body)
        VALUES (new.id, new.headline, new.body);
    END
    """,
    # Posts that existed before the index (none on a fresh install).
    "INSERT INTO network_post_fts(network_post_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS network_post_fts_update",
    "DROP TRIGGER IF EXISTS network_post_fts_delete",
    "DROP TRIGGER IF EXISTS network_post_fts_insert",
    "DROP TABLE IF EXISTS network_post_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"network search supports PostgreSQL and SQLite, not {schema_editor.connection.vendor}"
            )
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
