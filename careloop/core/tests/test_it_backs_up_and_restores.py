"""`careloop backup` and `careloop restore`, run as an operator runs them (own processes).

SQLite tests use their own files, so they run on either suite database; the pg_dump round
trip runs when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

WRITER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")  # as between two checkpoints of a busy server
db.execute("CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, note TEXT)")
for n in range(1, 200_000):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO probe (id, note) VALUES (?, ?)", (n, "x" * 200))
    db.execute("COMMIT")
    print(n, flush=True)  # printed only once the write is committed
"""


AUDIT_KEY = "backup-test-audit-key-" + "k" * 32


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=database_url, CARELOOP_LOCAL="1", CARELOOP_VAR_DIR=str(tmp_path))
    # One deployment, one audit key: a restored trail verifies only under the key it was
    # written with (each var dir would otherwise generate its own).
    env["AUDIT_KEY"] = AUDIT_KEY
    return env


def careloop(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "careloop.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _rows(path: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_it_backs_up_every_committed_write_while_another_process_writes(tmp_path):
    live = tmp_path / "live.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(live)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None
        committed = [int(writer.stdout.readline()) for _ in range(300)]
        # The bug this replaces: a plain copy of the database file, taken now.
        shutil.copy(live, tmp_path / "plain-copy.sqlite3")
        result = careloop(
            _env(tmp_path, f"sqlite:///{live}"), "backup", str(tmp_path / "b.sqlite3")
        )
        still_writing = writer.poll() is None
    finally:
        writer.kill()
        writer.wait()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("backup written:") and result.stdout.count("\n") == 1
    assert still_writing  # the backup ran while the other process kept committing
    backed_up = {n for (n,) in _rows(tmp_path / "b.sqlite3", "SELECT id FROM probe")}
    assert set(committed) <= backed_up
    assert _rows(tmp_path / "b.sqlite3", "PRAGMA journal_mode") == [("delete",)]  # one file
    assert (tmp_path / "b.sqlite3").stat().st_mode & 0o077 == 0  # health data: owner only
    plain = sqlite3.connect(tmp_path / "plain-copy.sqlite3")
    try:
        copied = plain.execute("SELECT count(*) FROM probe").fetchone()[0]
    except sqlite3.OperationalError:  # even the table was still in the WAL
        copied = 0
    finally:
        plain.close()
    assert copied < len(committed)


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory):
    """A migrated demo practice (with its audit trail) and one backup of it."""
    tmp = tmp_path_factory.mktemp("backup")
    env = _env(tmp, f"sqlite:///{tmp / 'source.sqlite3'}")
    for args in (("migrate",), ("demo",), ("backup", str(tmp / "demo.backup"))):
        done = careloop(env, *args)
        assert done.returncode == 0, done.stderr
    return tmp / "demo.backup"


def test_it_restores_into_a_fresh_database_and_the_audit_trail_verifies(tmp_path, sqlite_backup):
    target = tmp_path / "fresh.sqlite3"
    env = _env(tmp_path, f"sqlite:///{target}")
    result = careloop(env, "restore", str(sqlite_backup))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and "audit trail intact" in result.stdout
    events = _rows(target, "SELECT count(*) FROM audit_auditevent")[0][0]
    assert (
        events > 0 and events == _rows(sqlite_backup, "SELECT count(*) FROM audit_auditevent")[0][0]
    )
    # The audit table is still append-only after a restore.
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _rows(target, "DELETE FROM audit_auditevent")
    assert careloop(env, "audit", "verify").returncode == 0


def test_it_reports_a_trail_restored_under_another_audit_key(tmp_path, sqlite_backup):
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    env["AUDIT_KEY"] = "another-deployment-" + "x" * 32
    result = careloop(env, "restore", str(sqlite_backup))
    assert result.returncode == 1
    assert "event #1: contents do not match its MAC" in result.stderr.splitlines()[-1]


def test_it_refuses_to_overwrite_a_database_with_data_unless_forced(tmp_path, sqlite_backup):
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'target.sqlite3'}")
    assert careloop(env, "restore", str(sqlite_backup)).returncode == 0
    refused = careloop(env, "restore", str(sqlite_backup))
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "restore refused: the database already holds data; restore would replace it (use --force)\n"
    )
    forced = careloop(env, "restore", "--force", str(sqlite_backup))
    assert forced.returncode == 0, forced.stderr


def test_it_restores_into_a_freshly_migrated_database_without_force(tmp_path, sqlite_backup):
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    assert careloop(env, "migrate").returncode == 0
    assert careloop(env, "restore", str(sqlite_backup)).returncode == 0


def test_it_reports_a_restored_audit_trail_that_does_not_verify(tmp_path, sqlite_backup):
    tampered = tmp_path / "tampered.backup"
    shutil.copy(sqlite_backup, tampered)
    db = sqlite3.connect(tampered)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit_auditevent SET detail = 'edited' WHERE seq = 2")
    db.commit()
    db.close()
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'target.sqlite3'}")
    result = careloop(env, "restore", str(tampered))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "but audit trail BROKEN" in result.stderr


def test_it_refuses_what_is_not_a_backup_and_an_existing_backup_file(tmp_path, sqlite_backup):
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    missing = careloop(env, "restore", str(tmp_path / "nothing"))
    assert missing.returncode == 2 and "no such backup file" in missing.stderr
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    refused = careloop(env, "restore", str(junk))
    assert refused.returncode == 2 and "is not a CareLoop backup" in refused.stderr
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'source.sqlite3'}")
    assert careloop(env, "migrate").returncode == 0
    existing = careloop(env, "backup", str(junk))
    assert existing.returncode == 2 and "already exists" in existing.stderr
    assert junk.read_text() == "not a database"
    assert careloop(env, "backup", "--force", str(junk)).returncode == 0


def test_it_refuses_a_backup_from_the_other_kind_of_database(tmp_path):
    fake_dump = tmp_path / "pg.backup"
    fake_dump.write_bytes(b"PGDMP\x01\x0e\x00")
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = careloop(env, "restore", str(fake_dump))
    assert result.returncode == 2
    assert "is a postgresql backup but DATABASE_URL is sqlite" in result.stderr


# PostgreSQL ----------------------------------------------------------------------------


def _pg_url(name: str) -> str:
    s = connection.settings_dict
    auth = f"{quote(s['USER'])}:{quote(s['PASSWORD'])}"
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


@pytest.fixture
def scratch_databases(db):
    """Two empty PostgreSQL databases beside the test database, dropped afterwards."""
    base = connection.settings_dict["NAME"]
    names = [f"{base}_bk_source", f"{base}_bk_target"]
    admin = psycopg.connect(_pg_url("postgres").replace("postgres://", "postgresql://"))
    admin.autocommit = True
    try:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        yield names
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _pg_count(name: str, sql: str) -> int:
    with psycopg.connect(_pg_url(name).replace("postgres://", "postgresql://")) as conn:
        row = conn.execute(sql).fetchone()
        assert row is not None
        return int(row[0])


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""), reason="the suite runs on SQLite"
)
def test_it_round_trips_postgresql_through_pg_dump_and_pg_restore(tmp_path, scratch_databases):
    source, target = scratch_databases
    backup = tmp_path / "careloop.pgdump"
    env = _env(tmp_path, _pg_url(source))
    for args in (("migrate",), ("demo",), ("backup", str(backup))):
        done = careloop(env, *args)
        assert done.returncode == 0, done.stderr
    assert backup.read_bytes().startswith(b"PGDMP")

    env = _env(tmp_path, _pg_url(target))
    restored = careloop(env, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "audit trail intact" in restored.stdout
    for table in ("audit_auditevent", "accounts_user", "clients_client"):
        sql = f"SELECT count(*) FROM {table}"  # noqa: S608 - fixed names
        assert _pg_count(target, sql) == _pg_count(source, sql) > 0
    assert careloop(env, "audit", "verify").returncode == 0

    refused = careloop(env, "restore", str(backup))
    assert refused.returncode == 2 and "already holds data" in refused.stderr
    forced = careloop(env, "restore", "--force", str(backup))
    assert forced.returncode == 0, forced.stderr
    assert _pg_count(target, "SELECT count(*) FROM audit_auditevent") == _pg_count(
        source, "SELECT count(*) FROM audit_auditevent"
    )


def test_a_restore_is_verified_against_the_seals(tmp_path):
    # Seals live outside the database (AUDIT_SEAL_DIR), shared by the source and the restore.
    source = tmp_path / "source.sqlite3"
    env = _env(tmp_path, f"sqlite:///{source}")
    env["AUDIT_SEAL_DIR"] = str(tmp_path / "seals")
    for args in (("migrate",), ("demo",), ("audit", "seal"), ("backup", str(tmp_path / "b1"))):
        done = careloop(env, *args)
        assert done.returncode == 0, done.stderr

    restored = dict(env, DATABASE_URL=f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    result = careloop(restored, "restore", str(tmp_path / "b1"))
    assert result.returncode == 0, result.stderr
    assert "audit trail intact" in result.stdout

    # The source moves on and is sealed again: the older backup now lacks the sealed tail,
    # and its restore says so instead of passing.
    added = careloop(
        env, "practice", "create", "--name", "Second Practice",
        "--owner-email", "owner@second.test", "--owner-name", "Sam Second",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert careloop(env, "audit", "seal").returncode == 0
    stale = dict(env, DATABASE_URL=f"sqlite:///{tmp_path / 'stale.sqlite3'}")
    result = careloop(stale, "restore", str(tmp_path / "b1"))
    assert result.returncode == 1
    assert "missing tail" in result.stdout + result.stderr
