"""The kiosk's SQLite database: opening it safely, its transactions, its schema and the
migrations between versions.

One file in the data directory, readable by the kiosk user only, never opened through a link,
in WAL mode with secure delete on, so deleted rows are overwritten rather than left in free
pages. Several kiosk processes share it (the window, the recorder, an operator command), so
every write transaction starts with BEGIN IMMEDIATE: it takes the write lock first and waits
its turn (SQLite's busy handler, then retries) instead of failing with "database is locked"
when another writer got there between its read and its write. A read that must be consistent
(checking the audit chain) runs inside one read transaction: one snapshot.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import sqlite_utils

from kiosk.safe_files import UnsafePathError, refuse_link
from kiosk.store.anchor import mark_unwitnessed
from kiosk.store.audit import AuditChain
from kiosk.store.errors import (
    DatabaseBusyError,
    DatabaseCorruptError,
    DatabaseTooNewError,
    StoreError,
)

DATABASE_NAME = "kiosk.sqlite3"
# SQLite's own files beside the database; a link planted under one of these names would be
# written through, so they are refused like the database itself.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
# How long a write waits for another process's write lock. Below the recorder's watchdog
# stall (10 s), so a long wait is reported as a failing store, never as a hung stage.
WRITE_LOCK_WAIT_S = 5.0
_RETRY_S = 0.05

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

# Schema 3 keys the audit chain; what the unkeyed check of the old chain found is kept
# (migrate's caller records it in the log) because rehashing leaves no other trace of it.
Migration = str | Callable[[sqlite_utils.Database, AuditChain], object]


def _v3_keyed_audit_chain(db: sqlite_utils.Database, chain: AuditChain) -> object:
    report = chain.adopt(db)
    mark_unwitnessed(db)
    return report


MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _v3_keyed_audit_chain)
SCHEMA_VERSION = len(MIGRATIONS)

DatabaseFile = Literal["present", "missing", "empty"]


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def database_file(path: Path) -> DatabaseFile:
    """What is at `path` before the kiosk opens it; refuses a link there or at its companions."""
    try:
        for candidate in (path, *(path.with_name(path.name + s) for s in COMPANION_SUFFIXES)):
            refuse_link(candidate, "kiosk database file")
    except UnsafePathError as error:
        raise StoreError(str(error)) from error
    try:
        return "empty" if path.stat().st_size == 0 else "present"
    except FileNotFoundError:
        return "missing"


def _create_private(path: Path) -> None:
    """Create the database file readable by the kiosk user only, before SQLite opens it."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise StoreError(f"the kiosk database {path} is not a regular file")
            # A file created by an older version or copied in may be wider; SQLite gives the
            # -wal and -shm files the same mode as the database, so this covers them too.
            os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
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


@contextlib.contextmanager
def database_errors(path: Path) -> Iterator[None]:
    """SQLite's errors while opening as the store's operator-facing ones."""
    try:
        yield
    except sqlite3.OperationalError as error:
        raise _unusable(path, error) from error
    except sqlite3.DatabaseError as error:
        raise _corrupt(path, error) from error


def connect(path: Path) -> sqlite_utils.Database:
    """Open (or create) the database at `path` and check it; no migration yet."""
    _create_private(path)
    # One connection shared by the store's threads; the store serialises access with a lock.
    # Autocommit at the driver: the store begins every transaction itself (BEGIN IMMEDIATE
    # for writes), the driver never opens a deferred one behind its back.
    conn = sqlite3.connect(
        str(path), timeout=WRITE_LOCK_WAIT_S, check_same_thread=False, isolation_level=None
    )
    try:
        with database_errors(path):
            db = sqlite_utils.Database(conn)
            db.execute("PRAGMA secure_delete = ON")
            db.execute("PRAGMA foreign_keys = ON")
            db.enable_wal()
            # FULL: a commit is on disk before the call that made it returns, even on power loss.
            db.execute("PRAGMA synchronous = FULL")
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise _corrupt(path, sqlite3.DatabaseError(check))
            current = schema_version(db)
            if current > SCHEMA_VERSION:
                raise DatabaseTooNewError(
                    f"the kiosk database is schema version {current}, newer than this kiosk "
                    f"understands ({SCHEMA_VERSION}). Install the newer kiosk version again; "
                    f"the database has not been changed."
                )
    except BaseException:
        conn.close()
        raise
    return db


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database, path: Path) -> Iterator[sqlite_utils.Database]:
    """One write transaction: the write lock first (waited for), committed when the block
    ends, rolled back if it raises. SQLite's failures become StoreErrors saying what to do."""
    deadline = time.monotonic() + WRITE_LOCK_WAIT_S
    while True:
        try:
            db.conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as error:
            # The busy handler waits for the lock; a few cases return at once (a snapshot
            # being recovered, a checkpoint finishing), so try again until the deadline.
            if not _busy(error):
                raise _write_failed(path, error) from error
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(
                    f"the kiosk database {path} is locked by another program, which held it "
                    f"for more than {WRITE_LOCK_WAIT_S:.0f} s (a sqlite3 shell or a backup "
                    f"tool?). Close it and try again; nothing has been changed."
                ) from error
            time.sleep(_RETRY_S)
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException as error:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        if isinstance(error, sqlite3.OperationalError):
            raise _write_failed(path, error) from error
        raise


def _write_failed(path: Path, error: sqlite3.OperationalError) -> StoreError:
    return StoreError(
        f"the kiosk database {path} could not be written ({error}). Check that the disk is "
        f"not full and the file system is writable; the change was not kept."
    )


@contextlib.contextmanager
def read_snapshot(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Several reads that see one committed state of the database, whatever others write."""
    if db.conn.in_transaction:  # inside a write transaction: already one consistent view
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


def migrate(
    db: sqlite_utils.Database, path: Path, chain: AuditChain, target: int = SCHEMA_VERSION
) -> tuple[int, list[object]]:
    """Bring the schema up to `target`, one version per write transaction (so two kiosk
    processes starting together never both apply one). Returns the version the file had
    and what the Python steps reported (the unkeyed chain's check, for schema 3)."""
    before = schema_version(db)
    reports: list[object] = []
    for version in range(before, target):
        with database_errors(path), write_transaction(db, path):
            if schema_version(db) > version:
                continue  # another kiosk process applied it a moment ago
            step = MIGRATIONS[version]
            if isinstance(step, str):
                db.executescript(step)
            else:
                reports.append(step(db, chain))
            # user_version takes no bound parameter; the value is our own integer.
            db.execute(f"PRAGMA user_version = {version + 1}")
    return before, reports


def checkpoint(db: sqlite_utils.Database) -> bool:
    """Copy the WAL into the database file and empty it; False if a reader blocked it."""
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return bool(busy == 0)


OPENING_LOCK_NAME = ".kiosk.opening.lock"


@contextlib.contextmanager
def opening_lock(data_dir: Path) -> Iterator[None]:
    """Serialise opening the database (creating, upgrading, checking it against its anchor)
    across the kiosk's threads and processes.

    At a first start the kiosk opens its store from several threads at once; without this one
    of them could find the file another has just created, still empty, next to the anchor
    that other has just written, and take it for a wiped database. flock(2) per open file
    description, so threads of one process exclude each other too; where the lock file cannot
    be made (a read-only disk) the database cannot be created either, and opening goes on.
    """
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(data_dir / OPENING_LOCK_NAME, flags, 0o600)
    except OSError:
        yield
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock
