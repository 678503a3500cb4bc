"""The database file: private modes, WAL and secure delete, durable writes, migrations,
and clear errors for damaged or too-new files that are never deleted."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from kiosk.paths import KioskPaths
from kiosk.settings import PrivacySettings
from kiosk.store import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    KioskStore,
    ScreeningRecord,
    StoreError,
)
from kiosk.store.audit import unkeyed_entry_hash
from kiosk.store.crypto import KEY_FILE_NAME
from kiosk.store.db import MIGRATIONS, SCHEMA_VERSION, schema_version
from tests.privacy.conftest import db_path, enrol


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_database_and_key_are_readable_by_the_kiosk_user_only(
    paths: KioskPaths, store: KioskStore
) -> None:
    enrol(store, "someone", templates=1)
    main = db_path(paths)
    assert main.parent == paths.data_dir
    assert mode(main) == 0o600
    wal = main.with_name(main.name + "-wal")
    assert wal.exists() and mode(wal) == 0o600
    key = paths.config_dir / KEY_FILE_NAME
    assert mode(key) == 0o600
    assert key.read_bytes() not in main.read_bytes() + wal.read_bytes()


def test_a_widened_database_file_is_made_private_again(paths: KioskPaths) -> None:
    KioskStore.open(paths, PrivacySettings()).close()
    db_path(paths).chmod(0o644)
    KioskStore.open(paths, PrivacySettings()).close()
    assert mode(db_path(paths)) == 0o600


def test_wal_secure_delete_and_full_sync_are_on(store: KioskStore) -> None:
    pragma = {
        name: store.db.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "secure_delete", "synchronous", "foreign_keys")
    }
    assert pragma == {
        "journal_mode": "wal",
        "secure_delete": 1,
        "synchronous": 2,
        "foreign_keys": 1,
    }


def test_a_recorded_screening_is_committed_before_the_call_returns(
    paths: KioskPaths, store: KioskStore
) -> None:
    store.record_screening(ScreeningRecord(36.6, "normal", {"blackbody_c": 0.2}, mask=True))
    # A second, independent connection only sees committed data.
    other = sqlite3.connect(db_path(paths))
    rows = other.execute(
        "SELECT temperature_c, verdict, corrections, mask FROM screening_records"
    ).fetchall()
    other.close()
    assert rows == [(36.6, "normal", '{"blackbody_c":0.2}', 1)]


def test_screening_records_hold_no_identity_or_image_column(store: KioskStore) -> None:
    columns = [row[1] for row in store.db.execute("PRAGMA table_info(screening_records)")]
    assert columns == ["id", "at", "temperature_c", "verdict", "corrections", "mask"]


def old_database(paths: KioskPaths, version: int) -> sqlite3.Connection:
    """A database as a kiosk of schema `version` left it: its own scripts, plain sqlite3."""
    conn = sqlite3.connect(paths.ensure().data_dir / "kiosk.sqlite3", isolation_level=None)
    for script in MIGRATIONS[:version]:
        assert isinstance(script, str)
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {version}")
    return conn


def test_opening_an_old_database_upgrades_it_and_keeps_its_data(paths: KioskPaths) -> None:
    old = old_database(paths, 1)
    old.execute(
        "INSERT INTO screening_records (at, temperature_c, verdict, corrections) "
        "VALUES (1.0, 36.4, 'normal', '{}')"
    )
    old.close()

    with KioskStore.open(paths, PrivacySettings()) as store:
        assert schema_version(store.db) == SCHEMA_VERSION
        assert "settings_history" in store.db.table_names()
        assert store.screening_count() == 1
        upgrade = store.audit_entries("schema_upgraded")
        assert [entry.details for entry in upgrade] == [{"from_version": 1}]
        store.record_settings({"privacy": {"enrolment_enabled": False}}, actor="operator")
        assert store.audit_entries("settings_changed")[0].details["actor"] == "operator"
        assert store.verify_audit().intact and store.tamper_findings == ()


def unkeyed_log(conn: sqlite3.Connection, entries: int) -> None:
    """Audit entries chained the schema-2 way, with plain sha256."""
    prev = "0" * 64
    for seq in range(1, entries + 1):
        details = f'{{"operator":"operator {seq}"}}'
        digest = unkeyed_entry_hash(prev, float(seq), "operator_login", details)
        conn.execute(
            "INSERT INTO audit_log VALUES (?, ?, 'operator_login', ?, ?, ?)",
            [seq, float(seq), details, prev, digest],
        )
        prev = digest
    conn.execute(
        "INSERT INTO meta VALUES ('audit_head', ?)", [f'{{"hash":"{prev}","seq":{entries}}}']
    )


def test_an_unkeyed_audit_log_is_keyed_on_upgrade_keeping_every_entry(paths: KioskPaths) -> None:
    old = old_database(paths, 2)
    unkeyed_log(old, 4)
    old.close()
    with KioskStore.open(paths, PrivacySettings()) as store:
        events = [(entry.seq, entry.event) for entry in store.audit_entries()]
        assert events == [(n, "operator_login") for n in range(1, 5)] + [(5, "schema_upgraded")]
        assert store.verify_audit().intact and store.tamper_findings == ()
    # Keyed now: the schema-2 way of recomputing a hash no longer passes.
    with sqlite3.connect(db_path(paths)) as raw:
        raw.execute("DROP TRIGGER audit_log_append_only")
        prev, at = raw.execute("SELECT prev_hash, at FROM audit_log WHERE seq = 5").fetchone()
        raw.execute(
            "UPDATE audit_log SET hash = ? WHERE seq = 5",
            [unkeyed_entry_hash(prev, at, "schema_upgraded", '{"from_version":2}')],
        )
    with KioskStore.open(paths, PrivacySettings()) as store:
        assert (5, "edited") in [(p.seq, p.kind) for p in store.verify_audit().problems]


def test_tampering_with_an_unkeyed_log_before_the_upgrade_is_recorded(paths: KioskPaths) -> None:
    old = old_database(paths, 2)
    unkeyed_log(old, 4)
    old.execute("DROP TRIGGER audit_log_append_only")
    old.execute("DELETE FROM audit_log WHERE seq = 2")
    old.close()
    with KioskStore.open(paths, PrivacySettings()) as store:
        assert [f.kind for f in store.tamper_findings] == ["removed"]
        assert "entries 2–2 before entry 3 were removed" in store.tamper_findings[0].message


def test_a_database_from_a_newer_kiosk_is_refused_untouched(paths: KioskPaths) -> None:
    KioskStore.open(paths, PrivacySettings()).close()
    conn = sqlite3.connect(db_path(paths))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path(paths).read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer"):
        KioskStore.open(paths, PrivacySettings())
    assert db_path(paths).read_bytes() == before


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_database_is_a_clear_error_and_is_never_deleted(
    paths: KioskPaths, damage: str
) -> None:
    if damage == "garbage":
        paths.ensure()
        db_path(paths).write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    else:
        with KioskStore.open(paths, PrivacySettings()) as store:
            for index in range(300):
                store.record_screening(ScreeningRecord(36.0 + index / 1000, "normal"))
            store.checkpoint()
        data = db_path(paths).read_bytes()
        db_path(paths).write_bytes(data[:4096] + b"\x00" * 100 + data[4096 + 100 : len(data) // 2])
    before = db_path(paths).read_bytes()
    with pytest.raises(DatabaseCorruptError) as caught:
        KioskStore.open(paths, PrivacySettings())
    message = str(caught.value)
    assert str(db_path(paths)) in message
    assert "left untouched" in message and "restore a backup" in message
    assert db_path(paths).read_bytes() == before


def test_a_database_that_cannot_be_opened_is_a_clear_error(paths: KioskPaths) -> None:
    db_path(paths.ensure()).mkdir()  # e.g. a mistaken restore left a folder in its place
    with pytest.raises(StoreError, match="cannot be opened") as caught:
        KioskStore.open(paths, PrivacySettings())
    assert not isinstance(caught.value, DatabaseCorruptError)
    assert db_path(paths).is_dir()
