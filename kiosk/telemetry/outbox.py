"""The telemetry outbox: counts and alerts waiting for the broker, and the hours still being
counted, in a small SQLite file of its own beside the kiosk database.

A message stays until the broker has acknowledged it (QoS 1), so a broker that is down, a
network that is cut or a kiosk that restarts loses nothing; each kind is bounded, the oldest
going first (and counted), so a broker that never returns cannot fill the disk. The file
holds only what is sent anyway: aggregates and device alerts, nothing about a visitor.
Opened as carefully as the store: created 0600, never through a link, WAL, every write in
BEGIN IMMEDIATE and on disk before it returns.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kiosk.safe_files import refuse_link

log = logging.getLogger(__name__)
OUTBOX_NAME = "telemetry.sqlite3"
# Two weeks of hourly counts; alerts beyond a flapping device's worth are not worth keeping.
LIMITS = {"counts": 14 * 24, "alert": 1000}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS open_hours (
    hour_start INTEGER PRIMARY KEY,
    counted_from REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    kind: str  # "counts" or "alert": which topic it goes to
    payload: str


def _connect(path: Path) -> sqlite3.Connection:
    refuse_link(path, "telemetry outbox")
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(descriptor)
    os.chmod(path, 0o600)  # SQLite gives the -wal and -shm files the database's mode
    # Autocommit mode: every write opens its own BEGIN IMMEDIATE below.
    connection = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA busy_timeout = 5000")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA secure_delete = ON")
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
        connection.executescript(_SCHEMA)
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


class Outbox:
    """Open with `Outbox.open(data_dir)`; thread-safe."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._lock = threading.Lock()

    @classmethod
    def open(cls, data_dir: Path) -> Outbox:
        """The outbox in `data_dir`. A damaged file holds nothing that is not sent anyway, so
        it is moved aside (for a technician) and a new one started, rather than stopping
        telemetry."""
        path = data_dir / OUTBOX_NAME
        try:
            return cls(_connect(path), path)
        except sqlite3.DatabaseError as error:
            aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
            log.warning("the telemetry outbox %s is damaged (%s); moved to %s", path, error, aside)
            os.replace(path, aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return cls(_connect(path), path)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- messages ----------------------------------------------------------------------

    def put(self, kind: str, payload: str) -> None:
        with self._write() as db:
            self._insert(db, kind, payload)

    def _insert(self, db: sqlite3.Connection, kind: str, payload: str) -> None:
        db.execute("INSERT INTO messages (kind, payload) VALUES (?, ?)", [kind, payload])
        over = db.execute(
            "DELETE FROM messages WHERE kind = ? AND id NOT IN "
            "(SELECT id FROM messages WHERE kind = ? ORDER BY id DESC LIMIT ?)",
            [kind, kind, LIMITS[kind]],
        ).rowcount
        if over:
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('dropped', ?) ON CONFLICT(key) "
                "DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
                [over],
            )

    def waiting(self, limit: int, skip: frozenset[int] = frozenset()) -> list[OutboxMessage]:
        """The oldest `limit` messages not in `skip` (those already handed to the broker)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, kind, payload FROM messages ORDER BY id LIMIT ?",
                [limit + len(skip)],
            ).fetchall()
        return [OutboxMessage(*row) for row in rows if row[0] not in skip][:limit]

    def delivered(self, message_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM messages WHERE id = ?", [message_id])

    def backlog(self) -> dict[str, int]:
        """Messages waiting, by kind, and how many were dropped for the bound ('dropped')."""
        with self._lock:
            rows = self._db.execute("SELECT kind, count(*) FROM messages GROUP BY kind")
            waiting = {kind: 0 for kind in LIMITS} | dict(rows.fetchall())
            dropped = self._db.execute("SELECT value FROM meta WHERE key = 'dropped'").fetchone()
        return {**waiting, "dropped": int(dropped[0]) if dropped else 0}

    # --- hours being counted -------------------------------------------------------------

    def open_hour(self, start: int, counted_from: float) -> None:
        """Telemetry runs during this hour; an hour already open keeps its first start."""
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO open_hours (hour_start, counted_from) VALUES (?, ?)",
                [start, counted_from],
            )

    def open_hours(self) -> list[tuple[int, float]]:
        with self._lock:
            rows = self._db.execute("SELECT hour_start, counted_from FROM open_hours ORDER BY 1")
            return [(int(start), float(since)) for start, since in rows.fetchall()]

    def close_hour(self, start: int, payload: str | None) -> None:
        """The hour is over: its counts message (if any) replaces its open entry, at once."""
        with self._write() as db:
            db.execute("DELETE FROM open_hours WHERE hour_start = ?", [start])
            if payload is not None:
                self._insert(db, "counts", payload)
                db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_counts', ?)",
                    [payload],
                )

    def last_counts(self) -> str | None:
        """The newest counts message, sent again (retained) after every reconnection."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'last_counts'").fetchone()
        return None if row is None else str(row[0])
