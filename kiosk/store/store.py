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
from kiosk.store.audit import (
    AuditEntry,
    AuditReport,
    AuditValue,
    append_entry,
    canonical_json,
    read_entries,
    verify_chain,
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
from kiosk.store.db import DATABASE_NAME, checkpoint, open_database
from kiosk.store.errors import (
    EnrolmentRefusedError,
    KeyMissingError,
    TemplateUnreadableError,
    UnknownPersonError,
    WrongKeyError,
)
from kiosk.store.records import (
    ConsentDecision,
    Person,
    ScaleStatus,
    ScreeningRecord,
    StoredTemplate,
    epoch,
    utc_now,
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


class KioskStore:
    """The kiosk database. Open with `KioskStore.open()`; close when done."""

    def __init__(
        self, db: sqlite_utils.Database, paths: KioskPaths, settings: PrivacySettings
    ) -> None:
        self.db = db
        self.paths = paths
        self.settings = settings
        self._lock = threading.RLock()
        self._key: bytes | None = None
        self._removal_listeners: list[RemovalListener] = []

    @classmethod
    def open(cls, paths: KioskPaths, settings: PrivacySettings) -> KioskStore:
        """Open the database in `paths.data_dir`, creating or upgrading it as needed.

        The privacy settings are required: they decide whether enrolment is allowed and when
        the scale alert is raised, so a store opened on guessed defaults could enrol people
        an operator has switched enrolment off for.
        """
        paths = paths.ensure()
        upgraded: list[int] = []
        db = open_database(paths.data_dir / DATABASE_NAME, on_migrated=upgraded.append)
        store = cls(db, paths, settings)
        for old_version in upgraded:
            store.audit("schema_upgraded", from_version=old_version)
        return store

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> KioskStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """Exclusive access and one transaction, committed (durably) when the block ends."""
        with self._lock, self.db.atomic():
            yield self.db

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
            return append_entry(db, epoch(at or utc_now()), event, details)

    def verify_audit(self) -> AuditReport:
        with self._lock:
            return verify_chain(self.db)

    def audit_entries(self, event: str | None = None) -> list[AuditEntry]:
        with self._lock:
            return read_entries(self.db, event)

    def record_settings(self, table: Mapping[str, Any], actor: str) -> int:
        """Keep a copy of newly applied settings, and audit who applied them."""
        with self.transaction() as db:
            at = epoch(utc_now())
            history_id = db.execute(
                "INSERT INTO settings_history (at, actor, settings) VALUES (?, ?, ?)",
                [at, actor, canonical_json(table)],
            ).lastrowid
            append_entry(db, at, "settings_changed", {"history_id": history_id, "actor": actor})
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
            append_entry(
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
            append_entry(
                db, when, "person_enrolled", {"person_id": person_id, "consent_id": consent_id}
            )
            people = int(db.execute("SELECT count(*) FROM people").fetchone()[0])
            threshold = self.settings.scale_alert_people
            if people == threshold:
                append_entry(db, when, "scale_alert", {"people": people, "threshold": threshold})
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
            append_entry(
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
            append_entry(
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
                    append_entry(db, epoch(utc_now()), "template_key_adopted", {})
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
