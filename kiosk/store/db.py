"""The kiosk's SQLite database: opening it safely, its schema and the migrations between versions.

One file in the data directory, readable by the kiosk user only, in WAL mode with
secure delete on, so deleted rows are overwritten rather than left in free pages.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from kiosk.store.errors import DatabaseCorruptError, DatabaseTooNewError, StoreError

DATABASE_NAME = "kiosk.sqlite3"

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE screening_records (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    temperature_c REAL,
    verdict TEXT NOT NULL,
    corrections TEXT NOT NULL,
    mask INTEGER
);
CREATE TABLE consent_events (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('decision', 'withdrawal')),
    notice_version TEXT,
    purposes TEXT,
    choice TEXT CHECK (choice IN ('granted', 'declined')),
    under_14 INTEGER,
    guardian_confirmed INTEGER
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    consent_id INTEGER NOT NULL REFERENCES consent_events(id),
    enrolled_at REAL NOT NULL,
    last_seen_at REAL NOT NULL
);
CREATE TABLE templates (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at REAL NOT NULL,
    ciphertext BLOB NOT NULL
);
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    event TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
"""

_V2 = """
CREATE TABLE settings_history (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    actor TEXT NOT NULL,
    settings TEXT NOT NULL
);
CREATE INDEX screening_records_at ON screening_records(at);
CREATE INDEX consent_events_at ON consent_events(at);
CREATE INDEX people_last_seen_at ON people(last_seen_at);
CREATE INDEX templates_person_id ON templates(person_id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

# Index i holds the script that takes the schema from version i to version i + 1.
MIGRATIONS: tuple[str, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION) -> None:
    """Bring the schema up to `target`, one version per transaction."""
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise DatabaseTooNewError(
            f"the kiosk database is schema version {current}, newer than this kiosk "
            f"understands ({SCHEMA_VERSION}). Install the newer kiosk version again; "
            f"the database has not been changed."
        )
    for version in range(current, target):
        with db.atomic():
            db.executescript(MIGRATIONS[version])
            # user_version takes no bound parameter; the value is our own integer.
            db.execute(f"PRAGMA user_version = {version + 1}")


def _create_private(path: Path) -> None:
    """Create the database file readable by the kiosk user only, before SQLite opens it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        # A file created by an older version or copied in may be wider; SQLite gives the
        # -wal and -shm files the same mode as the database, so this covers them too.
        os.chmod(path, 0o600)
    except OSError as error:
        raise _unusable(path, error) from error


def _unusable(path: Path, error: Exception) -> StoreError:
    return StoreError(
        f"the kiosk database {path} cannot be opened ({error}). Check that the disk is not "
        f"full, that the kiosk user owns the file and its folder, and that no other program "
        f"holds it locked; the file has not been changed."
    )


def _corrupt(path: Path, error: Exception) -> DatabaseCorruptError:
    return DatabaseCorruptError(
        f"the kiosk database {path} is damaged or is not a kiosk database ({error}). "
        f"It has been left untouched. Stop the kiosk, move the file (with any -wal and "
        f"-shm files beside it) somewhere safe for inspection, then restore a backup or "
        f"start the kiosk to create an empty database."
    )


def open_database(
    path: Path, migrate_to: int = SCHEMA_VERSION, on_migrated: Callable[[int], None] | None = None
) -> sqlite_utils.Database:
    """Open (or create) the database at `path`, check it and migrate it to `migrate_to`.

    `on_migrated` is called with the version the file had before, when it was upgraded.
    """
    _create_private(path)
    # One connection shared by the store's threads; the store serialises access with a lock.
    conn = sqlite3.connect(str(path), check_same_thread=False)
    try:
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA secure_delete = ON")
        db.execute("PRAGMA foreign_keys = ON")
        db.enable_wal()
        # FULL: a commit is on disk before the call that made it returns, even on power loss.
        db.execute("PRAGMA synchronous = FULL")
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _corrupt(path, sqlite3.DatabaseError(check))
        before = schema_version(db)
        migrate(db, migrate_to)
    except sqlite3.OperationalError as error:
        conn.close()
        raise _unusable(path, error) from error
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _corrupt(path, error) from error
    except StoreError:
        conn.close()
        raise
    if on_migrated is not None and 0 < before < migrate_to:
        on_migrated(before)
    return db


def checkpoint(db: sqlite_utils.Database) -> bool:
    """Copy the WAL into the database file and empty it; False if a reader blocked it."""
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return bool(busy == 0)
