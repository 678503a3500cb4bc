"""The append-only, keyed hash chain of the audit log: appending, verifying, expiring.

Each entry's hash is HMAC-SHA256(audit key, previous hash + canonical JSON of the entry). The
key is a file beside the template key, never in the database: whoever can write the database
but not read the key can neither edit an entry nor recompute the chain after removing one.
The meta table keeps the chain's head (the next entry follows it) and, after retention has
removed old entries, where the kept chain starts, sealed with the key so that moving it
cannot hide a removal. The head is witnessed outside the database as well (anchor.py).
Entries hold plain scalar facts only, never a template, image or name.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from kiosk.store.errors import AuditEntryRejectedError
from kiosk.store.keys import key_id

GENESIS_HASH = "0" * 64
_HEAD_KEY = "audit_head"
_START_KEY = "audit_anchor"  # where the kept chain starts once retention removed entries
_KEY_ID_KEY = "audit_key_id"
AuditValue = str | int | float | bool | None
EntryHash = Callable[[str, float, str, str], str]
AuditRow = tuple[int, float, str, str, str, str]  # seq, at, event, details, prev_hash, hash


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _entry_text(prev_hash: str, at: float, event: str, details: str) -> bytes:
    # Assembled around the stored `details` text rather than re-parsed, so an entry edited
    # into invalid JSON is reported as edited instead of crashing the check.
    entry = f'{{"at":{json.dumps(at)},"details":{details},"event":{json.dumps(event)}}}'
    return (prev_hash + entry).encode()


def unkeyed_entry_hash(prev_hash: str, at: float, event: str, details: str) -> str:
    """The chain before schema 3: plain sha256, which anyone could recompute. Kept only to
    check such a chain once, when it is upgraded to a keyed one."""
    return hashlib.sha256(_entry_text(prev_hash, at, event, details)).hexdigest()


@dataclass(frozen=True)
class ChainHead:
    """An entry's position in the chain: its sequence number and hash."""

    seq: int
    hash: str


GENESIS = ChainHead(0, GENESIS_HASH)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: float
    event: str
    details: dict[str, AuditValue]


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    # "edited", "removed", "reordered"; measured against the anchor outside the database:
    # "rolled_back", "wiped", "rewritten", "anchor_missing", "anchor_damaged", "anchor_forged"
    kind: str
    message: str


@dataclass(frozen=True)
class AuditReport:
    entries: int
    problems: tuple[AuditProblem, ...]
    head: ChainHead = GENESIS

    @property
    def intact(self) -> bool:
        return not self.problems


def _meta(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        return {}  # edited into nonsense: reported as an altered record by whoever reads it
    return value if isinstance(value, dict) else {}


def set_meta(db: sqlite_utils.Database, key: str, value: Mapping[str, Any] | str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value if isinstance(value, str) else canonical_json(value)],
    )


def _position(value: dict[str, Any] | None) -> ChainHead | None:
    try:
        return None if value is None else ChainHead(int(value["seq"]), str(value["hash"]))
    except (KeyError, TypeError, ValueError):
        return None


def _rows(db: sqlite_utils.Database) -> list[AuditRow]:
    return [
        (int(seq), float(at), str(event), str(details), str(prev), str(digest))
        for seq, at, event, details, prev, digest in db.execute(
            "SELECT seq, at, event, details, prev_hash, hash FROM audit_log ORDER BY seq"
        )
    ]


def chain_problems(
    rows: Sequence[AuditRow], start: ChainHead, head: ChainHead | None, entry_hash: EntryHash
) -> list[AuditProblem]:
    """Every link of `rows` checked from `start`; each entry edited, removed or moved named.
    `head` is where the database says the log ends (None: that record is gone)."""
    seq_of_hash = {row[5]: row[0] for row in rows}
    problems: list[AuditProblem] = []
    prev_seq, prev_hash = start.seq, start.hash
    for seq, at, event, details, stored_prev, stored_hash in rows:
        if not hmac.compare_digest(entry_hash(stored_prev, at, event, details), stored_hash):
            problems.append(
                AuditProblem(seq, "edited", f"entry {seq} was edited: its hash does not match")
            )
        if stored_prev != prev_hash and stored_prev in seq_of_hash:
            problems.append(
                AuditProblem(
                    seq,
                    "reordered",
                    f"entry {seq} is out of order: it was written right after entry "
                    f"{seq_of_hash[stored_prev]}",
                )
            )
        elif seq > prev_seq + 1:
            # Also when the links were made to meet again: only the key holder writes links,
            # and the kiosk never skips a number, so a gap is always a removal.
            problems.append(
                AuditProblem(
                    seq,
                    "removed",
                    f"entries {prev_seq + 1}–{seq - 1} before entry {seq} were removed",
                )
            )
        elif stored_prev != prev_hash or seq != prev_seq + 1:
            problems.append(
                AuditProblem(
                    seq,
                    "edited",
                    f"entry {seq} does not follow entry {prev_seq}: "
                    f"an entry before it was edited or replaced",
                )
            )
        prev_seq, prev_hash = seq, stored_hash
    if head is None and rows:
        problems.append(
            AuditProblem(prev_seq, "removed", "the record of the log's newest entry was removed")
        )
    if head is not None and head != ChainHead(prev_seq, prev_hash):
        problems.append(
            AuditProblem(
                head.seq,
                "removed",
                f"the log should end at entry {head.seq} but ends at entry {prev_seq}: "
                f"the newest entries were removed or replaced",
            )
        )
    return problems


class AuditChain:
    """The audit log's chain under one key. Every method works inside the caller's
    transaction (or read snapshot) on `db`; the store owns the transactions."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self.appended = False  # an entry was appended since the store last witnessed the head

    @property
    def key_id(self) -> str:
        return key_id(self._key, "audit key")

    def entry_hash(self, prev_hash: str, at: float, event: str, details: str) -> str:
        return hmac.new(self._key, _entry_text(prev_hash, at, event, details), "sha256").hexdigest()

    def seal(self, purpose: str, position: ChainHead) -> str:
        """A MAC over a chain position, so a record of it kept where others can write (the
        meta table, the anchor file) cannot be moved without the key."""
        message = f"kiosk audit {purpose}\0{position.seq}\0{position.hash}".encode()
        return hmac.new(self._key, message, "sha256").hexdigest()

    def sealed(self, purpose: str, value: dict[str, Any] | None) -> ChainHead | None:
        """The position in a sealed record, or None when it is missing, damaged or forged."""
        position = _position(value)
        if position is None or value is None:
            return None
        seal = value.get("seal")
        if not isinstance(seal, str) or not hmac.compare_digest(seal, self.seal(purpose, position)):
            return None
        return position

    # --- reading -------------------------------------------------------------------------

    def head(self, db: sqlite_utils.Database) -> ChainHead:
        """Where the next entry attaches: the newest entry (or the chain's start)."""
        head = _position(_meta(db, _HEAD_KEY))
        return head if head is not None else self.start(db)[0]

    def start(self, db: sqlite_utils.Database) -> tuple[ChainHead, bool]:
        """Where the kept chain starts, and whether that record is genuine (sealed)."""
        value = _meta(db, _START_KEY)
        if value is None:
            return GENESIS, True
        position = self.sealed("start", value)
        return (position, True) if position is not None else (_position(value) or GENESIS, False)

    def end(self, db: sqlite_utils.Database) -> ChainHead:
        """Where the log really ends: its newest row, else the head record, else its start."""
        row = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        if row is not None:
            return ChainHead(int(row[0]), str(row[1]))
        return _position(_meta(db, _HEAD_KEY)) or self.start(db)[0]

    def hash_at(self, db: sqlite_utils.Database, seq: int) -> str | None:
        """The hash of entry `seq` as the database holds it; None when it holds no such entry."""
        row = db.execute("SELECT hash FROM audit_log WHERE seq = ?", [seq]).fetchone()
        if row is not None:
            return str(row[0])
        for known in (_position(_meta(db, _HEAD_KEY)), self.start(db)[0]):
            if known is not None and known.seq == seq:
                return known.hash
        return None

    def verify(self, db: sqlite_utils.Database) -> AuditReport:
        """Check every link and the records of the chain's start and head (inside one read
        snapshot, so a log being written is never mistaken for a broken one)."""
        rows = _rows(db)
        start, genuine = self.start(db)
        problems = chain_problems(rows, start, _position(_meta(db, _HEAD_KEY)), self.entry_hash)
        if not genuine:
            problems.insert(
                0,
                AuditProblem(
                    start.seq,
                    "edited",
                    "the record of where the kept log starts was altered: entries before "
                    f"entry {start.seq + 1} may have been removed",
                ),
            )
        return AuditReport(len(rows), tuple(problems), self.end(db))

    # --- writing -------------------------------------------------------------------------

    def append(
        self, db: sqlite_utils.Database, at: float, event: str, details: Mapping[str, AuditValue]
    ) -> int:
        """Append one entry; call inside the transaction of the action it records."""
        for key, value in details.items():
            # Scalars only: a vector, image or blob has no way into the log.
            if not isinstance(value, (str, int, float, bool, type(None))):
                raise AuditEntryRejectedError(
                    f"audit detail '{key}' must be text, a number or true/false, "
                    f"not {type(value).__name__}"
                )
        head = self.head(db)
        details_json = canonical_json(dict(details))
        digest = self.entry_hash(head.hash, at, event, details_json)
        db.execute(
            "INSERT INTO audit_log (seq, at, event, details, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [head.seq + 1, at, event, details_json, head.hash, digest],
        )
        set_meta(db, _HEAD_KEY, {"seq": head.seq + 1, "hash": digest})
        self.appended = True
        return head.seq + 1

    def _set_start(self, db: sqlite_utils.Database, start: ChainHead) -> None:
        set_meta(
            db,
            _START_KEY,
            {"seq": start.seq, "hash": start.hash, "seal": self.seal("start", start)},
        )

    def expire(
        self, db: sqlite_utils.Database, cutoff: float, restamp: tuple[int, float] | None = None
    ) -> int:
        """Delete entries older than `cutoff`; the chain then starts at the oldest kept entry.

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
            if _meta(db, _HEAD_KEY) is None:
                return 0
            # Everything expired: the next entry will follow the current head.
            start = self.head(db)
        else:
            start = ChainHead(int(kept[0]) - 1, str(kept[1]))
        removed = db.execute("DELETE FROM audit_log WHERE seq <= ?", [start.seq]).rowcount
        if removed:
            self._set_start(db, start)
        return int(removed)

    # --- keys ----------------------------------------------------------------------------

    def adopt(self, db: sqlite_utils.Database) -> AuditReport:
        """Make the database's chain this key's (schema 3): check the unkeyed chain a
        schema-2 database holds, then rehash every entry with the key, in order, keeping
        every entry. Returns what the unkeyed check found (recorded by the caller: rehashing
        makes edited links whole again, so the finding is the only trace left of them)."""
        rows = _rows(db)
        old_start = _position(_meta(db, _START_KEY)) or GENESIS
        found = chain_problems(rows, old_start, _position(_meta(db, _HEAD_KEY)), unkeyed_entry_hash)
        # The append-only trigger guards the log against everyone but this one rewrite.
        db.execute("DROP TRIGGER IF EXISTS audit_log_append_only")
        prev_hash = old_start.hash
        for seq, at, event, details, _, _ in rows:
            digest = self.entry_hash(prev_hash, at, event, details)
            db.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                [prev_hash, digest, seq],
            )
            prev_hash = digest
        db.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
        if old_start != GENESIS:
            self._set_start(db, old_start)
        if rows:
            set_meta(db, _HEAD_KEY, {"seq": rows[-1][0], "hash": prev_hash})
        set_meta(db, _KEY_ID_KEY, self.key_id)
        return AuditReport(len(rows), tuple(found), self.head(db))


def recorded_key_id(db: sqlite_utils.Database) -> str | None:
    """The id of the key the database says its chain was written with (None: not yet keyed,
    or a database so new it has no tables yet)."""
    if "meta" not in db.table_names():
        return None
    row = db.execute("SELECT value FROM meta WHERE key = ?", [_KEY_ID_KEY]).fetchone()
    return None if row is None else str(row[0])


def read_entries(db: sqlite_utils.Database, event: str | None = None) -> list[AuditEntry]:
    sql = "SELECT seq, at, event, details FROM audit_log"
    params: list[Any] = []
    if event is not None:
        sql += " WHERE event = ?"
        params.append(event)
    rows = db.execute(sql + " ORDER BY seq", params).fetchall()
    return [AuditEntry(seq, at, ev, _details(details)) for seq, at, ev, details in rows]


def _details(text: str) -> dict[str, AuditValue]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}  # an entry edited into nonsense; verification names it
    return value if isinstance(value, dict) else {}
