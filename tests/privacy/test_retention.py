"""Retention: each data class expires on its own window, the gallery hears about removed
people, the WAL is emptied, and the purger runs at start-up and on a schedule."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from kiosk.paths import KioskPaths
from kiosk.settings.privacy import PrivacySettings
from kiosk.store import ConsentDecision, KioskStore, Purger, ScreeningRecord
from tests.privacy.conftest import db_path, enrol, granted, settings_with, vector

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
RETENTION = settings_with(
    screening_records_days=30, templates_unseen_days=90, consent_records_days=365
).retention


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def purger(store: KioskStore) -> Purger:
    return Purger(store, RETENTION, timedelta(hours=1))


def test_each_data_class_expires_on_its_own_window(store: KioskStore) -> None:
    store.record_screening(ScreeningRecord(36.5, "normal", at=days_ago(31)))
    store.record_screening(ScreeningRecord(36.5, "normal", at=days_ago(29)))
    unseen = store.enrol_person("unseen", granted(store), at=days_ago(200))
    store.add_template(unseen, vector(1), "sface")
    store.add_template(unseen, vector(2), "sface")
    seen = store.enrol_person("seen", granted(store), at=days_ago(200))
    store.add_template(seen, vector(3), "sface")
    store.touch_person_seen(seen, at=days_ago(10))  # recognised lately: retention restarts
    store.record_consent(ConsentDecision("declined", "v1", ("fast_pass",), at=days_ago(400)))
    store.record_consent(ConsentDecision("declined", "v1", ("fast_pass",), at=days_ago(300)))
    old_basis = store.enrol_person("old consent", granted(store), at=days_ago(20))
    store.db.execute(
        "UPDATE consent_events SET at = ? WHERE id = (SELECT consent_id FROM people WHERE id = ?)",
        [days_ago(500).timestamp(), old_basis],
    )

    report = purger(store).run_once(NOW)

    assert report.counts() == {
        "screening_records": 1,
        "people": 1,
        "templates": 2,
        "consent_records": 1,  # the 400-day decline; the old consent of an enrolment stays
        "audit_entries": 0,
    }
    assert report.removed_person_ids == (unseen,)
    assert store.screening_count() == 1
    assert store.person_ids() == [seen, old_basis]
    assert [t.person_id for t in store.templates()] == [seen]
    assert store.audit_entries("retention_purge")[-1].details == report.counts()


def test_a_second_purge_finds_nothing(store: KioskStore) -> None:
    store.record_screening(ScreeningRecord(36.5, "normal", at=days_ago(31)))
    assert purger(store).run_once(NOW).screening_records == 1
    assert purger(store).run_once(NOW).counts() == dict.fromkeys(
        ("screening_records", "people", "templates", "consent_records", "audit_entries"), 0
    )


def test_removal_listeners_hear_of_purged_and_forgotten_people(store: KioskStore) -> None:
    heard: list[tuple[int, ...]] = []
    store.add_removal_listener(heard.append)
    store.add_removal_listener(lambda ids: 1 / 0)  # a broken listener stops no one
    stale = store.enrol_person("stale", granted(store), at=days_ago(100))
    forgotten = enrol(store, "forgotten", templates=1)
    purger(store).run_once(NOW)
    store.remove_person(forgotten)
    assert heard == [(stale,), (forgotten,)]


def test_purge_empties_the_wal(paths: KioskPaths, store: KioskStore) -> None:
    for index in range(50):
        store.record_screening(ScreeningRecord(36.0 + index / 100, "normal", at=days_ago(40)))
    wal = db_path(paths).with_name(db_path(paths).name + "-wal")
    assert wal.stat().st_size > 0
    purger(store).run_once(NOW)
    assert wal.stat().st_size == 0


def test_the_settings_give_the_purger_its_windows_and_interval(store: KioskStore) -> None:
    privacy = replace(PrivacySettings(), retention=RETENTION, purge_interval_minutes=15)
    scheduled = Purger.from_settings(store, privacy)
    assert scheduled.retention is RETENTION and scheduled.interval == timedelta(minutes=15)


def test_the_purger_runs_at_start_up_and_then_on_its_schedule(store: KioskStore) -> None:
    store.record_screening(ScreeningRecord(36.5, "normal", at=datetime.now(UTC) - timedelta(60)))
    scheduled = Purger(store, RETENTION, timedelta(seconds=0.2))
    scheduled.start()
    try:
        deadline = time.monotonic() + 10
        while len(store.audit_entries("retention_purge")) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        scheduled.stop()
    assert store.screening_count() == 0
    assert len(store.audit_entries("retention_purge")) >= 2
    assert "retention-purger" not in [thread.name for thread in threading.enumerate()]
