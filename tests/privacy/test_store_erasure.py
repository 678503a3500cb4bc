"""Deleted means gone from the disk: after a forget-me or a purge, the deleted template
ciphertext and records appear nowhere in the database, its WAL or its shared memory file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.paths import KioskPaths
from kiosk.store import KioskStore, Purger, ScreeningRecord
from tests.privacy.conftest import database_bytes, enrol, granted, settings_with, vector

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def ciphertexts(store: KioskStore, person_id: int) -> list[bytes]:
    rows = store.db.execute("SELECT ciphertext FROM templates WHERE person_id = ?", [person_id])
    return [bytes(row[0]) for row in rows]


def test_forget_me_leaves_no_trace_of_the_person_on_disk(
    paths: KioskPaths, store: KioskStore
) -> None:
    kept = enrol(store, "KEPT-PERSON-4b1e", templates=2, seed=1)
    gone = enrol(store, "FORGOTTEN-PERSON-9c2d", templates=3, seed=5)
    sealed = ciphertexts(store, gone)
    store.checkpoint()  # the bytes are now in the main file, not only in the WAL
    before = database_bytes(paths)
    assert b"FORGOTTEN-PERSON-9c2d" in before and all(s in before for s in sealed)

    assert store.remove_person(gone) == 3

    after = database_bytes(paths)
    assert b"FORGOTTEN-PERSON-9c2d" not in after
    for piece in sealed:
        assert piece not in after
        assert piece[12:44] not in after  # not even a fragment of the ciphertext
    assert b"KEPT-PERSON-4b1e" in after  # the scan does see what is still stored
    assert all(s in after for s in ciphertexts(store, kept))
    assert store.person(gone) is None and store.person_ids() == [kept]


def test_purge_leaves_no_trace_of_expired_data_on_disk(
    paths: KioskPaths, store: KioskStore
) -> None:
    old = NOW - timedelta(days=100)
    store.record_screening(
        ScreeningRecord(37.9, "elevated", {"EXPIRED-SCREENING-7a1f": 0.3}, at=old)
    )
    store.record_screening(ScreeningRecord(36.5, "normal", {"FRESH-SCREENING-2b3c": 0.1}, at=NOW))
    stale = store.enrol_person("STALE-PERSON-5e6f", granted(store), at=old)
    store.add_template(stale, vector(3), "sface")
    sealed = ciphertexts(store, stale)
    store.checkpoint()
    assert b"EXPIRED-SCREENING-7a1f" in database_bytes(paths)

    report = Purger(store, settings_with().retention, timedelta(hours=1)).run_once(NOW)

    assert (report.screening_records, report.people, report.templates) == (1, 1, 1)
    after = database_bytes(paths)
    for marker in (b"EXPIRED-SCREENING-7a1f", b"STALE-PERSON-5e6f", *sealed):
        assert marker not in after
    assert b"FRESH-SCREENING-2b3c" in after
