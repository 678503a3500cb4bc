"""KioskStore: the typed API over the kiosk database that the rest of the kiosk calls.

It owns every write except expiry (retention.py), commits each one before returning,
audits what it changes in the same transaction, and tells registered listeners (the
recognition gallery) which people were removed. Thread-safe: one connection, one lock.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import numpy as np
import sqlite_utils

from kiosk.paths import KioskPaths
from kiosk.settings.privacy import PrivacySettings
from kiosk.store import keys
from kiosk.store.anchor import (
    ANCHOR_FILE_NAME,
    AuditAnchor,
    anchor_problems,
    database_lost,
    mark_witnessed,
    never_witnessed,
)
from kiosk.store.audit import (
    AuditChain,
    AuditEntry,
    AuditReport,
    AuditValue,
    ChainHead,
    canonical_json,
    read_entries,
    recorded_key_id,
)
from kiosk.store.crypto import (
    KEY_FILE_NAME,
    create_key,
    key_id,
    open_template,
    read_key,
    seal_template,
    template_binding,
)
from kiosk.store.db import (
    DATABASE_NAME,
    SCHEMA_VERSION,
    DatabaseFile,
    checkpoint,
    connect,
    database_file,
    migrate,
    opening_lock,
    read_snapshot,
    write_transaction,
)
from kiosk.store.errors import (
    AuditKeyError,
    EnrolmentRefusedError,
    KeyMissingError,
    StoreError,
    TemplateUnreadableError,
    UnknownPersonError,
    WrongKeyError,
)
from kiosk.store.labels import validate_label
from kiosk.store.records import (
    ConsentDecision,
    Person,
    ScaleStatus,
    ScreeningRecord,
    StoredTemplate,
    epoch,
    utc_now,
)
from kiosk.store.tamper import (
    TamperFinding,
    acknowledge_findings,
    record_findings,
    unresolved_findings,
)

log = logging.getLogger(__name__)

_KEY_ID = "template_key_id"
RemovalListener = Callable[[tuple[int, ...]], None]


def delete_people(db: sqlite_utils.Database, person_ids: Sequence[int]) -> int:
    """Delete people and their templates inside the caller's transaction; templates removed."""
    templates = 0
    for person_id in person_ids:
        templates += db.execute("DELETE FROM templates WHERE person_id = ?", [person_id]).rowcount
        db.execute("DELETE FROM people WHERE id = ?", [person_id])
    return templates


# A visitor's request to be found and forgotten: it allows one match, never an enrolment.
FORGET_ME_PURPOSE = "forget_me"


def _require_granted(db: sqlite_utils.Database, consent_id: int) -> None:
    consent = db.execute(
        "SELECT kind, choice, purposes FROM consent_events WHERE id = ?", [consent_id]
    ).fetchone()
    if consent is None or tuple(consent[:2]) != ("decision", "granted"):
        raise EnrolmentRefusedError(f"consent {consent_id} is not a granted consent")
    if json.loads(consent[2] or "[]") == [FORGET_ME_PURPOSE]:
        raise EnrolmentRefusedError(f"consent {consent_id} only allows finding whom to forget")


def _log_unreadable(error: TemplateUnreadableError) -> None:
    log.warning("%s", error)


def _open_rows(
    key: bytes,
    rows: Sequence[Sequence[Any]],
    on_unreadable: Callable[[TemplateUnreadableError], None],
) -> Iterator[StoredTemplate]:
    for template_id, person_id, kind, sealed in rows:
        binding = template_binding(template_id, person_id, kind)
        try:
            vector = open_template(key, bytes(sealed), binding, template_id)
        except TemplateUnreadableError as error:
            on_unreadable(error)
            continue
        yield StoredTemplate(template_id, person_id, vector)


AUDIT_KEY_FILE_NAME = "audit.key"
_AUDIT_KEY = "audit key"


def _audit_chain(paths: KioskPaths, db: sqlite_utils.Database, anchored: bool) -> AuditChain:
    """The chain under the audit key in the config folder. A key is made only for a log that
    has never been keyed and never witnessed: a new key would make every entry written
    under the old one look forged."""
    path = paths.config_dir / AUDIT_KEY_FILE_NAME
    key = keys.read_key(path, _AUDIT_KEY, AuditKeyError)
    recorded = recorded_key_id(db)
    restore = (
        f"Restore the audit key file {path} from your backup; nothing has been changed. To "
        f"give up the old audit history instead, stop the kiosk and move the database (with "
        f"its -wal and -shm files) and {paths.config_dir / ANCHOR_FILE_NAME} somewhere safe."
    )
    if key is None:
        if anchored or recorded is not None:
            raise AuditKeyError(f"the audit key is missing, but an audit log was kept. {restore}")
        key = keys.create_key(path, _AUDIT_KEY, AuditKeyError)
    chain = AuditChain(key)
    if recorded is not None and recorded != chain.key_id:
        raise AuditKeyError(
            f"the audit key in {path} is not the key this database's audit log was written "
            f"with. {restore}"
        )
    return chain


class KioskStore:
    """The kiosk database. Open with `KioskStore.open()`; close when done.

    `tamper_findings` holds what is wrong with the audit log and not yet acknowledged, as
    found when the store was opened: the kiosk raises each as an operator alert.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        paths: KioskPaths,
        settings: PrivacySettings,
        chain: AuditChain,
    ) -> None:
        self.db = db
        self.paths = paths
        self.settings = settings
        self.chain = chain
        self.tamper_findings: tuple[TamperFinding, ...] = ()
        self._anchor = AuditAnchor(paths.config_dir / ANCHOR_FILE_NAME, chain)
        self._path = paths.data_dir / DATABASE_NAME
        self._lock = threading.RLock()
        self._key: bytes | None = None
        self._removal_listeners: list[RemovalListener] = []

    @classmethod
    def open(cls, paths: KioskPaths, settings: PrivacySettings) -> KioskStore:
        """Open the database in `paths.data_dir`, creating or upgrading it as needed, and
        check its audit log against the anchor outside it (see `tamper_findings`).

        The privacy settings are required: they decide whether enrolment is allowed and when
        the scale alert is raised, so a store opened on guessed defaults could enrol people
        an operator has switched enrolment off for.
        """
        paths = paths.ensure()
        path = paths.data_dir / DATABASE_NAME
        with opening_lock(paths.data_dir):
            found = database_file(path)
            anchored = (paths.config_dir / ANCHOR_FILE_NAME).exists()
            db = connect(path)
            try:
                chain = _audit_chain(paths, db, anchored)
                before, reports = migrate(db, path, chain)
                store = cls(db, paths, settings, chain)
                store._check_at_start(found, before, reports)
            except BaseException:
                db.close()
                raise
        return store

    def _check_at_start(self, found: DatabaseFile, before: int, reports: list[object]) -> None:
        """Compare the log with its anchor, record what is new in the log itself, witness
        the head, and keep the unacknowledged findings for the kiosk's alert."""
        reading = self._anchor.read()  # before the snapshot: it never runs ahead of one
        problems = [p for r in reports if isinstance(r, AuditReport) for p in r.problems]
        with self.snapshot() as db:
            problems += self.chain.verify(db).problems
            if found != "present":
                if reading.problem != "missing":  # an anchor says a database was kept here
                    problems.append(database_lost(found, reading.head))
            elif not (reading.problem == "missing" and never_witnessed(db)):
                problems += anchor_problems(reading, self.chain, db)
            behind = reading.head != self.chain.head(db)
        upgraded = 0 < before < SCHEMA_VERSION
        if problems or upgraded:
            # Not self.transaction(): its witness would refuse to move an anchor that no
            # longer matches, which is what is being recorded; it is moved once, below.
            with self._lock, write_transaction(self.db, self._path) as db:
                at = epoch(utc_now())
                if upgraded:
                    self.chain.append(db, at, "schema_upgraded", {"from_version": before})
                record_findings(self.chain, db, at, problems)
        if problems or upgraded or behind:
            # What was found is in the log now: the anchor follows the database from here on.
            self._witness(force=bool(problems))
        with self.snapshot() as db:
            self.tamper_findings = unresolved_findings(db)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> KioskStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """Exclusive access and one write transaction, committed (durably) when the block
        ends; inside another, a savepoint of it. The write lock is taken first (BEGIN
        IMMEDIATE), waiting for other kiosk processes; DatabaseBusyError if one never lets go.
        An audit entry appended inside is witnessed outside the database after the commit."""
        with self._lock:
            if self.db.conn.in_transaction:
                with self.db.atomic():
                    yield self.db
                return
            try:
                with write_transaction(self.db, self._path):
                    yield self.db
            except BaseException:
                self.chain.appended = False  # rolled back with the rest
                raise
            if self.chain.appended:
                self._witness()

    @contextmanager
    def snapshot(self) -> Iterator[sqlite_utils.Database]:
        """Several reads that see one committed state, whatever other processes write."""
        with self._lock, read_snapshot(self.db):
            yield self.db

    def _witness(self, force: bool = False) -> None:
        """Write the chain's head to the anchor file, under the write lock, so the file never
        runs ahead of a committed head nor behind another process's witness. It only moves
        along the chain it witnessed: if the database no longer holds that, the file is left
        as evidence for the next start (`force`: the start recorded what it found)."""
        self.chain.appended = False
        try:
            with self._lock, write_transaction(self.db, self._path) as db:
                head = self.chain.head(db)
                reading = self._anchor.read()
                if not force and reading.head == head:
                    return
                first = reading.problem == "missing" and never_witnessed(db)
                if (
                    force
                    or first
                    or (reading.head and not anchor_problems(reading, self.chain, db))
                ):
                    self._anchor.write(head)
                    mark_witnessed(db)
                else:
                    log.error("the audit anchor no longer matches the database; not moving it")
        except (StoreError, OSError) as error:
            # The entries are committed; only their witness is late, and the next append
            # (or start) brings it up to date. Screening never waits on it.
            log.error(
                "the audit log's head could not be recorded in %s (is the config folder "
                "writable?): %s",
                self._anchor.path,
                error,
            )

    def checkpoint(self) -> bool:
        """Move the WAL into the database file and empty it, so deleted bytes leave the disk."""
        with self._lock:
            done = checkpoint(self.db)
        if not done:
            log.warning("WAL checkpoint was blocked by a reader; it will complete next time")
        return done

    # --- audit -------------------------------------------------------------------------

    def audit(self, event: str, at: datetime | None = None, **details: AuditValue) -> int:
        """Append an audit entry (operator log-in, export, ...); details are scalars only."""
        with self.transaction() as db:
            return self.chain.append(db, epoch(at or utc_now()), event, details)

    def verify_audit(self) -> AuditReport:
        """Check every link of the chain, in one snapshot, and the head against the anchor
        outside the database: edited, removed, reordered, rolled back, wiped, rewritten."""
        reading = self._anchor.read()  # before the snapshot, which then holds at least as much
        with self.snapshot() as db:
            report = self.chain.verify(db)
            if reading.problem == "missing" and never_witnessed(db):
                return report
            named = {problem.seq for problem in report.problems}
            # A removal the chain already names is not named twice.
            extra = [p for p in anchor_problems(reading, self.chain, db) if p.seq not in named]
        return AuditReport(report.entries, (*report.problems, *extra), report.head)

    def audit_head(self) -> ChainHead:
        """The newest entry's number and hash: the witness an operator keeps off the device."""
        with self.snapshot() as db:
            return self.chain.end(db)

    def audit_hash(self, seq: int) -> str | None:
        """The hash the log holds for entry `seq` (None: expired, or never written)."""
        with self.snapshot() as db:
            return self.chain.hash_at(db, seq)

    def acknowledge_tamper(self, actor: str = "operator") -> int:
        """Staff have seen the tampering findings: audited, and no longer alerted at start.
        Returns how many were acknowledged."""
        with self.transaction() as db:
            count = acknowledge_findings(self.chain, db, epoch(utc_now()), actor)
        self.tamper_findings = ()
        return count

    def audit_entries(self, event: str | None = None) -> list[AuditEntry]:
        with self.snapshot() as db:
            return read_entries(db, event)

    def record_settings(self, table: Mapping[str, Any], actor: str) -> int:
        """Keep a copy of newly applied settings, and audit who applied them."""
        with self.transaction() as db:
            at = epoch(utc_now())
            history_id = db.execute(
                "INSERT INTO settings_history (at, actor, settings) VALUES (?, ?, ?)",
                [at, actor, canonical_json(table)],
            ).lastrowid
            self.chain.append(
                db, at, "settings_changed", {"history_id": history_id, "actor": actor}
            )
        return int(history_id or 0)

    # --- screening ---------------------------------------------------------------------

    def record_screening(self, record: ScreeningRecord) -> int:
        """Store one screening outcome (no identity, no image); returns its id."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO screening_records (at, temperature_c, verdict, corrections, mask) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    epoch(record.at),
                    record.temperature_c,
                    record.verdict,
                    canonical_json(dict(record.corrections)),
                    None if record.mask is None else int(record.mask),
                ],
            )
        return int(cursor.lastrowid or 0)

    def screening_count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT count(*) FROM screening_records").fetchone()[0])

    # --- consent -----------------------------------------------------------------------

    def record_consent(self, decision: ConsentDecision) -> int:
        """Store a consent decision (no biometric); returns the consent id to enrol under."""
        with self.transaction() as db:
            at = epoch(decision.at)
            consent_id = db.execute(
                "INSERT INTO consent_events (at, kind, notice_version, purposes, choice, "
                "under_14, guardian_confirmed) VALUES (?, 'decision', ?, ?, ?, ?, ?)",
                [
                    at,
                    decision.notice_version,
                    canonical_json(list(decision.purposes)),
                    decision.choice,
                    int(decision.under_14),
                    int(decision.guardian_confirmed),
                ],
            ).lastrowid
            self.chain.append(
                db,
                at,
                "consent_recorded",
                {
                    "consent_id": consent_id,
                    "choice": decision.choice,
                    "notice_version": decision.notice_version,
                    "purposes": ",".join(decision.purposes),
                    "under_14": decision.under_14,
                    "guardian_confirmed": decision.guardian_confirmed,
                },
            )
        return int(consent_id or 0)

    def consent_choice(self, consent_id: int) -> str | None:
        """'granted' or 'declined' for a decision; None for a withdrawal or unknown id."""
        with self._lock:
            row = self.db.execute(
                "SELECT choice FROM consent_events WHERE id = ?", [consent_id]
            ).fetchone()
        return None if row is None else row[0]

    # --- people ------------------------------------------------------------------------

    def enrol_person(self, label: str, consent_id: int, at: datetime | None = None) -> int:
        """Enrol a person under a granted, unused consent; returns the enrolment (person) id."""
        validate_label(label)
        if not self.settings.enrolment_enabled:
            raise EnrolmentRefusedError("enrolment is turned off in the privacy settings")
        with self.transaction() as db:
            _require_granted(db, consent_id)
            if db.execute("SELECT 1 FROM people WHERE consent_id = ?", [consent_id]).fetchone():
                raise EnrolmentRefusedError(f"consent {consent_id} already has an enrolment")
            when = epoch(at or utc_now())
            person_id = int(
                db.execute(
                    "INSERT INTO people (label, consent_id, enrolled_at, last_seen_at) "
                    "VALUES (?, ?, ?, ?)",
                    [label, consent_id, when, when],
                ).lastrowid
                or 0
            )
            # The label may be a name, so the audit entry names the enrolment id only.
            self.chain.append(
                db, when, "person_enrolled", {"person_id": person_id, "consent_id": consent_id}
            )
            people = int(db.execute("SELECT count(*) FROM people").fetchone()[0])
            threshold = self.settings.scale_alert_people
            if people == threshold:
                self.chain.append(
                    db, when, "scale_alert", {"people": people, "threshold": threshold}
                )
        if people >= threshold:
            log.warning("%d people enrolled: filing threshold alert (%d)", people, threshold)
        return person_id

    def person(self, person_id: int) -> Person | None:
        with self._lock:
            row = self.db.execute(
                "SELECT p.id, p.label, p.consent_id, c.notice_version, p.enrolled_at, "
                "p.last_seen_at FROM people p LEFT JOIN consent_events c ON c.id = p.consent_id "
                "WHERE p.id = ?",
                [person_id],
            ).fetchone()
        if row is None:
            return None
        return Person(
            row[0],
            row[1],
            row[2],
            row[3],
            datetime.fromtimestamp(row[4], UTC),
            datetime.fromtimestamp(row[5], UTC),
        )

    def person_ids(self) -> list[int]:
        with self._lock:
            return [row[0] for row in self.db.execute("SELECT id FROM people ORDER BY id")]

    def relink_consent(self, person_id: int, consent_id: int) -> None:
        """Attach a person to a newer granted consent (after they agreed to a new notice)."""
        with self.transaction() as db:
            _require_granted(db, consent_id)
            old = db.execute("SELECT consent_id FROM people WHERE id = ?", [person_id]).fetchone()
            if old is None:
                raise UnknownPersonError(f"no enrolled person has id {person_id}")
            db.execute("UPDATE people SET consent_id = ? WHERE id = ?", [consent_id, person_id])
            self.chain.append(
                db,
                epoch(utc_now()),
                "consent_renewed",
                {"person_id": person_id, "consent_id": consent_id, "previous_consent_id": old[0]},
            )

    def touch_person_seen(self, person_id: int, at: datetime | None = None) -> None:
        """Note that a person was recognised; their template's retention restarts from now."""
        with self.transaction() as db:
            db.execute(
                "UPDATE people SET last_seen_at = ? WHERE id = ?",
                [epoch(at or utc_now()), person_id],
            )

    def count_people(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT count(*) FROM people").fetchone()[0])

    def scale_status(self) -> ScaleStatus:
        return ScaleStatus(self.count_people(), self.settings.scale_alert_people)

    def remove_person(self, person_id: int, requested_by: str = "visitor") -> int:
        """Forget a person now: templates and enrolment deleted, their consent decision
        replaced by a bare record that a withdrawal happened. Returns templates removed."""
        with self.transaction() as db:
            row = db.execute("SELECT consent_id FROM people WHERE id = ?", [person_id]).fetchone()
            if row is None:
                raise UnknownPersonError(f"no enrolled person has id {person_id}")
            templates = delete_people(db, [person_id])
            db.execute("DELETE FROM consent_events WHERE id = ?", row)
            at = epoch(utc_now())
            db.execute("INSERT INTO consent_events (at, kind) VALUES (?, 'withdrawal')", [at])
            self.chain.append(
                db,
                at,
                "person_forgotten",
                {"person_id": person_id, "requested_by": requested_by, "templates": templates},
            )
        self.checkpoint()
        self.notify_removed((person_id,))
        return templates

    # --- removal listeners -------------------------------------------------------------

    def add_removal_listener(self, listener: RemovalListener) -> None:
        """Call `listener(person_ids)` after people are forgotten or expire (any thread)."""
        with self._lock:
            self._removal_listeners.append(listener)

    def notify_removed(self, person_ids: tuple[int, ...]) -> None:
        """Tell listeners people are gone; the database is already committed, so a failing
        listener is logged and the others still run."""
        if not person_ids:
            return
        with self._lock:
            listeners = list(self._removal_listeners)
        for listener in listeners:
            try:
                listener(person_ids)
            except Exception:
                log.exception("removal listener %r failed", listener)

    # --- templates ---------------------------------------------------------------------

    def _template_key(self) -> bytes:
        """The template key, checked against the id recorded in the database.

        A key is only ever created when no template exists, so a lost or wrong key
        can never silently orphan the templates already stored.
        """
        with self._lock:
            if self._key is not None:
                return self._key
            path = self.paths.config_dir / KEY_FILE_NAME
            key = read_key(path)
            recorded = self.db.execute("SELECT value FROM meta WHERE key = ?", [_KEY_ID]).fetchone()
            stored = int(self.db.execute("SELECT count(*) FROM templates").fetchone()[0])
            if key is None and stored:
                raise KeyMissingError(
                    f"the face-template key file {path} is missing but {stored} encrypted "
                    f"templates exist. Restore the key file from your backup. Nothing has been "
                    f"deleted and no new key was made; screening still works. To give up the "
                    f"templates instead, remove each person with 'kiosk forget --id N'."
                )
            if key is not None and recorded and recorded[0] != key_id(key) and stored:
                raise WrongKeyError(
                    f"the face-template key in {path} is not the key the {stored} stored "
                    f"templates were encrypted with. Restore the original key file from your "
                    f"backup. Nothing has been deleted; screening still works. To give up the "
                    f"templates instead, remove each person with 'kiosk forget --id N'."
                )
            if key is None:
                key = create_key(path)
            if recorded is None or recorded[0] != key_id(key):
                with self.transaction() as db:
                    db.execute(
                        "INSERT INTO meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        [_KEY_ID, key_id(key)],
                    )
                    self.chain.append(db, epoch(utc_now()), "template_key_adopted", {})
            self._key = key
            return key

    def add_template(self, person_id: int, vector: np.ndarray, kind: str) -> int:
        """Encrypt and store a float32 (128,) template for an enrolled person; returns its id."""
        key = self._template_key()
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM people WHERE id = ?", [person_id]).fetchone() is None:
                raise UnknownPersonError(f"no enrolled person has id {person_id}")
            # The row id is part of the associated data, so take it before sealing.
            template_id = int(
                db.execute(
                    "INSERT INTO templates (person_id, kind, created_at, ciphertext) "
                    "VALUES (?, ?, ?, x'')",
                    [person_id, kind, epoch(utc_now())],
                ).lastrowid
                or 0
            )
            sealed = seal_template(key, vector, template_binding(template_id, person_id, kind))
            db.execute("UPDATE templates SET ciphertext = ? WHERE id = ?", [sealed, template_id])
        return template_id

    def templates(
        self,
        kind: str | None = None,
        on_unreadable: Callable[[TemplateUnreadableError], None] = _log_unreadable,
    ) -> Iterator[StoredTemplate]:
        """Every readable template, decrypted. An unreadable one is passed to `on_unreadable`
        (default: a logged warning) and skipped, never deleted. A missing or wrong key
        raises KeyMissingError / WrongKeyError here, before any template is returned."""
        key = self._template_key()
        sql = "SELECT id, person_id, kind, ciphertext FROM templates"
        params: list[Any] = []
        if kind is not None:
            sql += " WHERE kind = ?"
            params.append(kind)
        with self._lock:
            rows = self.db.execute(sql + " ORDER BY id", params).fetchall()
        return _open_rows(key, rows, on_unreadable)

    def template_count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT count(*) FROM templates").fetchone()[0])
