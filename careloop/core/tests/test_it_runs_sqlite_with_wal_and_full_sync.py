import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

from careloop.env import env_database


@pytest.mark.django_db
def test_sqlite_runs_with_wal_full_sync_and_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas apply to the embedded database only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_file_database_uses_write_ahead_logging(tmp_path, django_db_blocker):
    # The test database lives in memory, where WAL does not apply: open a real file
    # through Django's own backend with the same configuration as var/careloop.sqlite3.

    config = env_database("UNSET_FOR_TEST", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    handler = ConnectionHandler({"default": config})
    conn = handler["default"]
    with django_db_blocker.unblock():
        _check_wal(conn)


def _check_wal(conn):
    try:
        with conn.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2
    finally:
        conn.close()
