"""The audit log: every privacy action is entered, entries hold no biometric, and any
edited, removed or reordered entry is detected and named; expiry keeps the chain valid."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from kiosk.paths import KioskPaths
from kiosk.settings import PrivacySettings
from kiosk.store import AuditEntryRejectedError, KioskStore, Purger
from kiosk.store.audit import unkeyed_entry_hash
from tests.privacy.conftest import enrol, settings_with, vector

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def filled(store: KioskStore, entries: int = 6) -> None:
    for index in range(entries):
        store.audit("operator_login", at=NOW + timedelta(minutes=index), operator="admin")


def tamper(store: KioskStore, sql: str, params: Sequence[Any] = ()) -> None:
    """Change the log as someone with the sqlite3 tool could: trigger dropped first."""
    store.db.execute("DROP TRIGGER IF EXISTS audit_log_append_only")
    store.db.execute(sql, params)


def kinds(store: KioskStore) -> list[tuple[int, str]]:
    return [(p.seq, p.kind) for p in store.verify_audit().problems]


def test_privacy_actions_are_audited_without_biometric_or_names(store: KioskStore) -> None:
    person = enrol(store, "Grace Hopper", templates=2)
    store.remove_person(person, requested_by="operator")
    Purger(store, settings_with().retention, timedelta(hours=1)).run_once()
    events = [entry.event for entry in store.audit_entries()]
    assert events == [
        "consent_recorded",
        "person_enrolled",
        "template_key_adopted",
        "person_forgotten",
        "retention_purge",
    ]
    forgotten = store.audit_entries("person_forgotten")[0].details
    assert forgotten == {"person_id": person, "requested_by": "operator", "templates": 2}
    log_bytes = repr(store.db.execute("SELECT * FROM audit_log").fetchall()).encode()
    assert b"Grace Hopper" not in log_bytes
    assert vector(0).tobytes()[:8] not in log_bytes
    assert store.verify_audit().intact


@pytest.mark.parametrize("value", [np.ones(128, np.float32), b"\xff\xd8\xff", [0.1, 0.2], {}])
def test_an_entry_that_could_carry_a_biometric_is_refused(store: KioskStore, value: object) -> None:
    with pytest.raises(AuditEntryRejectedError, match="text, a number or true/false"):
        store.audit("export", payload=value)  # type: ignore[arg-type]
    assert store.audit_entries() == []


def test_an_intact_log_verifies(store: KioskStore) -> None:
    filled(store)
    report = store.verify_audit()
    assert report.intact and report.entries == 6


def test_the_database_refuses_to_update_an_entry(store: KioskStore) -> None:
    filled(store)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE audit_log SET event = 'x' WHERE seq = 1")
    assert store.verify_audit().intact


def test_removing_the_head_record_is_detected(store: KioskStore) -> None:
    filled(store)
    store.db.execute("DELETE FROM meta WHERE key = 'audit_head'")
    tamper(store, "DELETE FROM audit_log WHERE seq = 6")
    # The anchor outside the database still knows entry 6 was written.
    assert kinds(store) == [(5, "removed"), (6, "rolled_back")]


def test_an_edited_entry_is_named(store: KioskStore) -> None:
    filled(store)
    tamper(store, 'UPDATE audit_log SET details = \'{"operator":"mallory"}\' WHERE seq = 3')
    assert kinds(store) == [(3, "edited")]
    assert "entry 3 was edited" in store.verify_audit().problems[0].message


def test_an_edited_entry_with_a_recomputed_hash_is_still_caught(store: KioskStore) -> None:
    filled(store)
    prev, at = store.db.execute("SELECT prev_hash, at FROM audit_log WHERE seq = 3").fetchone()
    # Without the key the best forger can do is the unkeyed hash: caught at the entry itself.
    forged = unkeyed_entry_hash(prev, at, "operator_login", '{"operator":"mallory"}')
    tamper(
        store,
        'UPDATE audit_log SET details = \'{"operator":"mallory"}\', hash = ? WHERE seq = 3',
        [forged],
    )
    assert kinds(store) == [(3, "edited"), (4, "edited")]


def test_an_entry_edited_into_invalid_json_is_reported_not_crashed(store: KioskStore) -> None:
    filled(store)
    tamper(store, "UPDATE audit_log SET details = '{broken' WHERE seq = 2")
    assert kinds(store) == [(2, "edited")]


def test_a_removed_entry_is_named(store: KioskStore) -> None:
    filled(store)
    tamper(store, "DELETE FROM audit_log WHERE seq = 3")
    assert kinds(store) == [(4, "removed")]
    assert "entries 3–3 before entry 4 were removed" in store.verify_audit().problems[0].message


def test_removing_the_newest_entries_is_detected(store: KioskStore) -> None:
    filled(store)
    tamper(store, "DELETE FROM audit_log WHERE seq >= 5")
    assert kinds(store) == [(6, "removed")]


def test_removing_the_oldest_entries_is_detected(store: KioskStore) -> None:
    filled(store)
    tamper(store, "DELETE FROM audit_log WHERE seq <= 2")
    assert kinds(store) == [(3, "removed")]


def test_reordered_entries_are_named(store: KioskStore) -> None:
    filled(store)
    columns = "at, event, details, prev_hash, hash"
    two = store.db.execute(f"SELECT {columns} FROM audit_log WHERE seq = 2").fetchone()
    four = store.db.execute(f"SELECT {columns} FROM audit_log WHERE seq = 4").fetchone()
    update = (
        "UPDATE audit_log SET at = ?, event = ?, details = ?, prev_hash = ?, hash = ? WHERE seq = ?"
    )
    tamper(store, update, [*four, 2])
    tamper(store, update, [*two, 4])
    problems = store.verify_audit().problems
    assert {p.kind for p in problems} == {"reordered"}
    assert problems[0].seq == 2 and "written right after entry 3" in problems[0].message


def test_expiring_old_entries_keeps_the_chain_verifiable(store: KioskStore) -> None:
    for index in range(5):
        store.audit("operator_login", at=NOW - timedelta(days=400 - index), operator="admin")
    filled(store, entries=3)
    purger = Purger(store, settings_with(audit_log_days=365).retention, timedelta(hours=1))
    report = purger.run_once(NOW + timedelta(hours=1))
    assert report.audit_entries == 5
    assert [e.seq for e in store.audit_entries()] == [6, 7, 8, 9]
    assert store.verify_audit().intact
    # The anchor still exposes removal of the oldest kept entry.
    tamper(store, "DELETE FROM audit_log WHERE seq = 6")
    assert kinds(store) == [(7, "removed")]


def test_expiring_every_entry_keeps_the_chain_verifiable(store: KioskStore) -> None:
    store.audit("operator_login", at=NOW - timedelta(days=500), operator="admin")
    purger = Purger(store, settings_with(audit_log_days=30).retention, timedelta(hours=1))
    assert purger.run_once(NOW).audit_entries == 1
    store.audit("operator_login", at=NOW, operator="admin")
    assert [e.event for e in store.audit_entries()] == ["retention_purge", "operator_login"]
    assert store.verify_audit().intact


def test_the_chain_survives_reopening(paths: KioskPaths) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        filled(store, entries=2)
    with KioskStore.open(paths, PrivacySettings()) as store:
        filled(store, entries=2)
        report = store.verify_audit()
    assert report.intact and report.entries == 4
