"""The append-only, hash-chained audit log: appending entries, verifying the chain, expiring it.

Each entry's hash is sha256(previous hash + canonical JSON of the entry). The meta
table keeps the chain's head (so removing the newest entries is noticed) and, after
retention has removed old entries, an anchor: the hash the oldest kept entry follows.
Entries hold plain scalar facts only, never a template, image or name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from kiosk.store.errors import AuditEntryRejectedError

GENESIS_HASH = "0" * 64
_HEAD_KEY = "audit_head"
_ANCHOR_KEY = "audit_anchor"
AuditValue = str | int | float | bool | None


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, at: float, event: str, details: str) -> str:
    """sha256 of the previous hash + the entry's canonical JSON (`details` is already canonical).

    The JSON is assembled around the stored `details` text rather than re-parsed, so an
    entry edited into invalid JSON is reported as edited instead of crashing the check.
    """
    entry = f'{{"at":{json.dumps(at)},"details":{details},"event":{json.dumps(event)}}}'
    return hashlib.sha256((prev_hash + entry).encode()).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: float
    event: str
    details: dict[str, AuditValue]


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    kind: str  # "edited", "removed" or "reordered"
    message: str


@dataclass(frozen=True)
class AuditReport:
    entries: int
    problems: tuple[AuditProblem, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


def _meta(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def _set_meta(db: sqlite_utils.Database, key: str, value: Mapping[str, Any]) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, canonical_json(value)],
    )


def _anchor(db: sqlite_utils.Database) -> tuple[int, str]:
    anchor = _meta(db, _ANCHOR_KEY)
    return (0, GENESIS_HASH) if anchor is None else (int(anchor["seq"]), str(anchor["hash"]))


def append_entry(
    db: sqlite_utils.Database, at: float, event: str, details: Mapping[str, AuditValue]
) -> int:
    """Append one entry; call inside the transaction of the action it records."""
    for key, value in details.items():
        # Scalars only: a vector, image or blob has no way into the log.
        if not isinstance(value, (str, int, float, bool, type(None))):
            raise AuditEntryRejectedError(
                f"audit detail '{key}' must be text, a number or true/false, "
                f"not {type(value).__name__}"
            )
    head = _meta(db, _HEAD_KEY)
    seq, prev_hash = _anchor(db) if head is None else (int(head["seq"]), str(head["hash"]))
    details_json = canonical_json(dict(details))
    digest = entry_hash(prev_hash, at, event, details_json)
    db.execute(
        "INSERT INTO audit_log (seq, at, event, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [seq + 1, at, event, details_json, prev_hash, digest],
    )
    _set_meta(db, _HEAD_KEY, {"seq": seq + 1, "hash": digest})
    return seq + 1


def read_entries(db: sqlite_utils.Database, event: str | None = None) -> list[AuditEntry]:
    sql = "SELECT seq, at, event, details FROM audit_log"
    params: list[Any] = []
    if event is not None:
        sql += " WHERE event = ?"
        params.append(event)
    rows = db.execute(sql + " ORDER BY seq", params).fetchall()
    return [AuditEntry(seq, at, ev, json.loads(details)) for seq, at, ev, details in rows]


def verify_chain(db: sqlite_utils.Database) -> AuditReport:
    """Check every link; name each entry that was edited, removed or moved."""
    rows = db.execute(
        "SELECT seq, at, event, details, prev_hash, hash FROM audit_log ORDER BY seq"
    ).fetchall()
    seq_of_hash = {row[5]: row[0] for row in rows}
    problems: list[AuditProblem] = []
    prev_seq, prev_hash = _anchor(db)
    for seq, at, event, details, stored_prev, stored_hash in rows:
        if entry_hash(stored_prev, at, event, details) != stored_hash:
            problems.append(
                AuditProblem(seq, "edited", f"entry {seq} was edited: its hash does not match")
            )
        if stored_prev != prev_hash:
            if stored_prev in seq_of_hash:
                problems.append(
                    AuditProblem(
                        seq,
                        "reordered",
                        f"entry {seq} is out of order: it was written right after entry "
                        f"{seq_of_hash[stored_prev]}",
                    )
                )
            elif seq > prev_seq + 1:
                problems.append(
                    AuditProblem(
                        seq,
                        "removed",
                        f"entries {prev_seq + 1}–{seq - 1} before entry {seq} were removed",
                    )
                )
            else:
                problems.append(
                    AuditProblem(
                        seq,
                        "edited",
                        f"entry {seq} does not follow entry {prev_seq}: "
                        f"an entry before it was edited or replaced",
                    )
                )
        prev_seq, prev_hash = seq, stored_hash
    head = _meta(db, _HEAD_KEY)
    if head is None and rows:
        problems.append(
            AuditProblem(prev_seq, "removed", "the record of the log's newest entry was removed")
        )
    if head is not None and (int(head["seq"]), str(head["hash"])) != (prev_seq, prev_hash):
        problems.append(
            AuditProblem(
                int(head["seq"]),
                "removed",
                f"the log should end at entry {head['seq']} but ends at entry {prev_seq}: "
                f"the newest entries were removed or replaced",
            )
        )
    return AuditReport(len(rows), tuple(problems))


def expire_entries(
    db: sqlite_utils.Database, cutoff: float, restamp: tuple[int, float] | None = None
) -> int:
    """Delete entries older than `cutoff`, anchoring the chain at the oldest kept entry.

    `restamp` = (seq, at): entries up to `seq` dated after `at` were written before the
    clock went back and count as dated `at` (their stored time is covered by the hash).
    """
    last_seq, restamp_at = restamp if restamp is not None else (0, 0.0)
    kept = db.execute(
        "SELECT seq, prev_hash FROM audit_log "
        "WHERE (CASE WHEN seq <= ? AND at > ? THEN ? ELSE at END) >= ? ORDER BY seq LIMIT 1",
        [last_seq, restamp_at, restamp_at, cutoff],
    ).fetchone()
    if kept is None:
        head = _meta(db, _HEAD_KEY)
        if head is None:
            return 0
        # Everything expired: the next entry will follow the current head.
        first_kept, anchor_hash = int(head["seq"]) + 1, str(head["hash"])
    else:
        first_kept, anchor_hash = int(kept[0]), str(kept[1])
    removed = db.execute("DELETE FROM audit_log WHERE seq < ?", [first_kept]).rowcount
    if removed:
        _set_meta(db, _ANCHOR_KEY, {"seq": first_kept - 1, "hash": anchor_hash})
    return int(removed)
