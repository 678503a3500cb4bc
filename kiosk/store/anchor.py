"""The audit chain's head witnessed outside the database: a small sealed file beside the keys.

After every commit that appended to the audit log, the store writes the chain's head
(sequence number and hash, sealed with the audit key) to `audit.anchor` in the config
folder, atomically and while it holds the database's write lock: the file never runs ahead
of a committed head, and two kiosk processes never write it out of order. A crash between
the commit and the file leaves the database one step ahead, which is no alarm. The other
way round is: a database that no longer holds the witnessed head, or holds a different
entry there, was rolled back to an older copy, wiped or rewritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from kiosk.safe_files import UnsafePathError, read_private, write_atomically
from kiosk.store.audit import AuditChain, AuditProblem, ChainHead, canonical_json, set_meta

ANCHOR_FILE_NAME = "audit.anchor"
_MAX_BYTES = 4096  # the file is about 200 bytes
_PURPOSE = "head"
# Set when the chain is keyed, cleared by the first witness: the one time a missing anchor
# is expected (a kiosk stopped between the two is no alarm). With the anchor in place the
# flag is never consulted, so setting it in the database hides nothing.
_UNWITNESSED_KEY = "audit_unwitnessed"


def mark_unwitnessed(db: sqlite_utils.Database) -> None:
    set_meta(db, _UNWITNESSED_KEY, "1")


def mark_witnessed(db: sqlite_utils.Database) -> None:
    db.execute("DELETE FROM meta WHERE key = ?", [_UNWITNESSED_KEY])


def never_witnessed(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM meta WHERE key = ?", [_UNWITNESSED_KEY]).fetchone() is not None


@dataclass(frozen=True)
class AnchorReading:
    """What the anchor file says: the witnessed head, or why there is none."""

    head: ChainHead | None
    problem: str = ""  # "", "missing", "damaged" or "forged"


class AuditAnchor:
    """The anchor file at `path`, sealed with `chain`'s key."""

    def __init__(self, path: Path, chain: AuditChain) -> None:
        self.path = path
        self._chain = chain

    def read(self) -> AnchorReading:
        try:
            data = read_private(self.path, "audit anchor", _MAX_BYTES)
        except (UnsafePathError, OSError):
            return AnchorReading(None, "damaged")
        if data is None:
            return AnchorReading(None, "missing")
        try:
            value = json.loads(data)
        except ValueError:
            return AnchorReading(None, "damaged")
        if not isinstance(value, dict) or not {"seq", "hash", "seal"} <= value.keys():
            return AnchorReading(None, "damaged")
        head = self._chain.sealed(_PURPOSE, value)
        return AnchorReading(head, "" if head is not None else "forged")

    def write(self, head: ChainHead) -> None:
        seal = self._chain.seal(_PURPOSE, head)
        write_atomically(
            self.path, canonical_json({"seq": head.seq, "hash": head.hash, "seal": seal})
        )


def anchor_problems(
    reading: AnchorReading, chain: AuditChain, db: sqlite_utils.Database
) -> list[AuditProblem]:
    """How the database (inside the caller's read snapshot, taken after `reading`) departs
    from the witnessed head; [] when it holds that head or runs ahead of it along the chain."""
    if reading.head is None:
        return [_anchor_unusable(reading.problem)]
    anchored = reading.head
    end = chain.end(db)
    if end.seq < anchored.seq:
        if db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0:
            return [
                AuditProblem(
                    anchored.seq,
                    "wiped",
                    f"every audit entry was removed: the log had reached entry {anchored.seq} "
                    f"(as recorded outside the database) and now holds none",
                )
            ]
        return [
            AuditProblem(
                anchored.seq,
                "rolled_back",
                f"the database was replaced by an older copy, or its newest entries were "
                f"removed: the log ends at entry {end.seq}, but the kiosk had written up to "
                f"entry {anchored.seq} (as recorded outside the database)",
            )
        ]
    found = chain.hash_at(db, anchored.seq)
    # No such entry: expired by retention, or removed (which the chain check names).
    if found is not None and found != anchored.hash:
        return [
            AuditProblem(
                anchored.seq,
                "rewritten",
                f"the audit log was rewritten: entry {anchored.seq} is not the entry the kiosk "
                f"wrote there (as recorded outside the database)",
            )
        ]
    return []


def database_lost(found: str, anchored: ChainHead | None) -> AuditProblem:
    """The database file was gone ("missing") or empty ("empty") though an anchor says one
    was kept: all its records and audit history are lost, and a new one was started."""
    reached = (
        f"the audit log had reached entry {anchored.seq}"
        if anchored is not None
        else "an audit log was kept (its record outside the database is damaged)"
    )
    state = "deleted" if found == "missing" else "emptied (0 bytes)"
    return AuditProblem(
        anchored.seq if anchored is not None else 0,
        "database_deleted" if found == "missing" else "database_emptied",
        f"the kiosk database was {state}: {reached}, and a new, empty database was started, "
        f"so every record and audit entry kept before is gone",
    )


def _anchor_unusable(problem: str) -> AuditProblem:
    if problem == "missing":
        return AuditProblem(
            0,
            "anchor_missing",
            "the record of the audit log's newest entry kept outside the database (audit.anchor "
            "beside the keys) was removed, so a rollback of the database can no longer be told",
        )
    if problem == "forged":
        return AuditProblem(
            0,
            "anchor_forged",
            "the record of the audit log's newest entry kept outside the database (audit.anchor) "
            "was altered: its seal does not match the audit key",
        )
    return AuditProblem(
        0,
        "anchor_damaged",
        "the record of the audit log's newest entry kept outside the database (audit.anchor) "
        "is damaged or is not a regular file of the kiosk's",
    )
