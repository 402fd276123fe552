"""Backing up and restoring the whole database: SQLite's online backup API, or pg_dump.

A plain copy of a live SQLite file is not a backup: with WAL, committed transactions sit in
the -wal file until a checkpoint, so the copy silently lacks them (and copying the three
files one after another is not atomic either). SQLite's backup API reads one consistent
snapshot through a read transaction, WAL included, while the app keeps writing. On
PostgreSQL, pg_dump does the same from a repeatable-read snapshot.

A backup file is written next to its final name and renamed into place, readable by its
owner only (it holds health data), so a crash never leaves half a backup under that name.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"

# Tables Django fills by itself when it migrates: a database holding only these is empty.
BOOKKEEPING_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "django_session",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
}


class BackupRefused(Exception):
    """Not attempted: the arguments or the target say no (exit 2)."""


class BackupFailed(Exception):
    """Attempted and failed (exit 1)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    size: int


def backup_create(*, path: Path, force: bool = False) -> BackupResult:
    """Write a consistent backup of the configured database to `path`."""
    path = Path(path)
    if path.exists() and not force:
        raise BackupRefused(f"{path} already exists (use --force to replace it)")
    if not path.parent.is_dir():
        raise BackupRefused(f"{path.parent} is not a directory")
    vendor = connection.vendor
    settings = connection.settings_dict
    connection.close()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if vendor == "sqlite":
            _sqlite_backup(Path(settings["NAME"]), tmp)
        else:
            _pg_dump(settings, tmp)
        tmp.chmod(0o600)
        _fsync(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(path=path, vendor=vendor, size=path.stat().st_size)


def backup_restore(*, path: Path, force: bool = False) -> str:
    """Replace the configured database with the backup at `path`; returns the vendor.

    Refuses a database that already holds data unless `force`, and a backup made from the
    other kind of database.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"{path}: no such backup file")
    kind = _backup_kind(path)
    vendor = connection.vendor
    if kind != vendor:
        raise BackupRefused(
            f"{path} is a {kind} backup but DATABASE_URL is {vendor}: restore into {kind}"
        )
    if not force and database_has_data():
        raise BackupRefused(
            "the database already holds data; restore would replace it (use --force)"
        )
    settings = connection.settings_dict
    connection.close()
    if vendor == "sqlite":
        _sqlite_restore(path, Path(settings["NAME"]))
    else:
        _pg_restore(settings, path)
    return vendor


def _sqlite_index_tables(cursor: Any, tables: list[str]) -> set[str]:
    """SQLite full-text indexes (FTS5 virtual tables and their shadow tables) hold rows
    of their own from the moment they are created, even over an empty table."""
    if connection.vendor != "sqlite":
        return set()
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    )
    virtual = [row[0] for row in cursor.fetchall()]
    return {t for t in tables if t in virtual or any(t.startswith(v + "_") for v in virtual)}


def database_has_data() -> bool:
    """True when any table beyond Django's own bookkeeping has a row."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        derived = _sqlite_index_tables(cursor, tables)
        for table in tables:
            if table in BOOKKEEPING_TABLES or table in derived or table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - a name from the catalogue, quoted
            if cursor.fetchone() is not None:
                return True
    return False


def _backup_kind(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupRefused(f"{path} is not a CareLoop backup (neither SQLite nor pg_dump)")


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


# SQLite ------------------------------------------------------------------------------


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupFailed(f"{source}: no such database file")
    try:
        src = sqlite3.connect(_read_only(source), uri=True, timeout=20)
        dst = sqlite3.connect(target)
        try:
            # One step (pages=-1): one read transaction, so one consistent snapshot.
            src.backup(dst)
            # The copy is a single self-contained file, not a WAL database.
            dst.execute("PRAGMA journal_mode=DELETE")
            _sqlite_check(dst, target)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise BackupFailed(f"SQLite backup failed: {exc}") from None


def _sqlite_restore(backup: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(_read_only(backup), uri=True)
        try:
            _sqlite_check(src, backup)
            target.parent.mkdir(parents=True, exist_ok=True)
            # The backup API writes through SQLite's own locking and journal, so a server
            # that still has the file open sees either the old or the new database.
            dst = sqlite3.connect(target, timeout=20)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=WAL")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupFailed(f"SQLite restore failed: {exc}") from None


def _read_only(path: Path) -> str:
    # as_uri() percent-encodes, so a "?" or "#" in a file name is not read as URI syntax.
    return f"{path.resolve().as_uri()}?mode=ro"


def _sqlite_check(db: sqlite3.Connection, path: Path) -> None:
    result = db.execute("PRAGMA integrity_check").fetchone()
    if result is None or result[0] != "ok":
        raise BackupFailed(f"{path}: SQLite integrity check failed")


# PostgreSQL --------------------------------------------------------------------------


def _pg_env(settings: dict[str, Any]) -> dict[str, str]:
    """libpq settings through the environment: the password never shows in `ps`."""
    env = dict(os.environ)
    env.update(
        PGHOST=str(settings.get("HOST") or "localhost"),
        PGPORT=str(settings.get("PORT") or 5432),
        PGUSER=str(settings.get("USER") or ""),
        PGPASSWORD=str(settings.get("PASSWORD") or ""),
        PGDATABASE=str(settings["NAME"]),
    )
    sslmode = (settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupFailed(f"{name} not found: install the PostgreSQL client (postgresql-client)")
    return tool


def _pg_run(argv: list[str], settings: dict[str, Any]) -> None:
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        argv, env=_pg_env(settings), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = lines[0] if lines else f"exit status {result.returncode}"
        raise BackupFailed(f"{Path(argv[0]).name} failed: {reason}")


def _pg_dump(settings: dict[str, Any], target: Path) -> None:
    _pg_run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--file={target}"],
        settings,
    )


def _pg_restore(settings: dict[str, Any], backup: Path) -> None:
    # --clean --if-exists replaces what the backup holds; --single-transaction makes the
    # restore all or nothing, so a failure leaves the database as it was.
    _pg_run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings['NAME']}",
            str(backup),
        ],
        settings,
    )
