"""Retention and lock-outs when the wall clock jumps: a leap ahead purges nothing new until
the operator confirms it; a jump back never keeps future-stamped rows for ever; the operator
lock-out is neither ended nor extended by a jump. Real store and PIN file, injected clocks."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.operator.pin import LOCKOUT_S, MAX_FAILURES, OperatorPin
from kiosk.paths import KioskPaths, kiosk_paths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore, Purger, ScreeningRecord
from tests.privacy.conftest import settings_with

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
RETENTION = settings_with(screening_records_days=30, audit_log_days=365).retention


class FakeMonotonic:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KioskPaths:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    return kiosk_paths()


@pytest.fixture
def store(paths: KioskPaths) -> Iterator[KioskStore]:
    with KioskStore.open(paths, PrivacySettings()) as opened:
        yield opened


def screen(store: KioskStore, at: datetime, n: int = 1) -> None:
    for _ in range(n):
        store.record_screening(ScreeningRecord(36.6, "normal", at=at))


def test_a_clock_leaping_years_ahead_purges_nothing_until_confirmed(store: KioskStore) -> None:
    alerts: list[str] = []
    mono = FakeMonotonic()
    purger = Purger(store, RETENTION, timedelta(hours=1), on_alert=alerts.append, monotonic=mono)
    screen(store, NOW - timedelta(days=40))  # genuinely expired
    screen(store, NOW - timedelta(days=1), n=20)  # recent: must survive a bogus clock
    assert purger.run_once(NOW).screening_records == 1

    mono.t += 3600  # an hour really passes, the wall clock says five years
    leapt = NOW + timedelta(days=5 * 365)
    report = purger.run_once(leapt)
    assert report.screening_records == 0 and report.clock_alert
    assert store.screening_count() == 20
    mono.t += 3600
    assert purger.run_once(leapt + timedelta(hours=1)).clock_alert  # still alerting…
    assert store.screening_count() == 20
    # …but audited once, not at every purge.
    assert len(store.audit_entries("clock_leap_held")) == 1
    assert len(alerts) == 2 and "--confirm-clock" in alerts[0]

    confirmed = purger.run_once(leapt, confirm_clock=True)
    assert confirmed.screening_records == 20 and not confirmed.clock_alert
    assert len(store.audit_entries("clock_confirmed")) == 1
    assert store.verify_audit().intact


def test_ordinary_time_between_purges_is_not_a_leap(store: KioskStore) -> None:
    mono = FakeMonotonic()
    purger = Purger(store, RETENTION, timedelta(hours=1), monotonic=mono)
    purger.run_once(NOW)
    screen(store, NOW)
    # Ten days pass, measured by the kiosk too (it was running): the record is not due yet.
    mono.t += 10 * 86400
    assert not purger.run_once(NOW + timedelta(days=10)).clock_alert
    mono.t += 25 * 86400
    report = purger.run_once(NOW + timedelta(days=35))
    assert report.screening_records == 1 and not report.clock_alert


def test_rows_stamped_in_the_future_expire_after_a_jump_back(store: KioskStore) -> None:
    mono = FakeMonotonic()
    purger = Purger(store, RETENTION, timedelta(hours=1), monotonic=mono)
    wrong = NOW + timedelta(days=3 * 365)  # the clock ran years ahead for a while
    purger.run_once(wrong, confirm_clock=True)
    screen(store, wrong, n=5)
    store.audit("operator_login", at=wrong, operator="admin")

    # NTP puts the clock back: nothing is mass-purged and the rows are re-stamped to now.
    mono.t += 60
    report = purger.run_once(NOW)
    assert report.screening_records == 0 and not report.clock_alert
    assert len(store.audit_entries("clock_went_back")) == 1
    assert store.screening_count() == 5

    # One retention window later (measured by the kiosk), they are gone, not kept 3 years.
    mono.t += 31 * 86400
    assert purger.run_once(NOW + timedelta(days=31)).screening_records == 5
    # The audit entries from the wrong years age from the jump too, and the chain holds.
    mono.t += 366 * 86400
    purger.run_once(NOW + timedelta(days=31 + 366))
    assert not store.audit_entries("operator_login")
    assert store.verify_audit().intact


def test_operator_confirms_the_clock_from_the_command_line(
    paths: KioskPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        purger = Purger(store, RETENTION, timedelta(hours=1))
        purger.run_once(datetime.now(UTC) - timedelta(days=400))
        screen(store, datetime.now(UTC) - timedelta(days=100))
    # The real clock is 400 days past the last purge: `kiosk purge --now` holds and says so.
    assert main(["purge", "--now"]) == 0
    assert "--confirm-clock" in capsys.readouterr().err
    with KioskStore.open(paths, PrivacySettings()) as store:
        assert store.screening_count() == 1
    assert main(["purge", "--now", "--confirm-clock"]) == 0
    with KioskStore.open(paths, PrivacySettings()) as store:
        assert store.screening_count() == 0


class Clocks:
    """CLOCK_BOOTTIME and the boot id, as the PIN's lock-out reads them."""

    def __init__(self) -> None:
        self.boot_s = 500.0
        self.boot = "boot-1"


def locked_out_pin(config_dir: Path, clocks: Clocks) -> OperatorPin:
    pin = OperatorPin(
        config_dir, lambda *a, **k: 0, clock=lambda: clocks.boot_s, boot_id=lambda: clocks.boot
    )
    pin.set_pin("246813")
    for _ in range(MAX_FAILURES):
        pin.check("000000")
    return pin


def test_a_clock_jump_neither_ends_nor_extends_a_lock_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clocks = Clocks()
    pin = locked_out_pin(tmp_path, clocks)
    # Leap ahead a year: the lock-out is timed on the boot clock, which nobody sets.
    year_ahead = time.time() + 365 * 86400
    monkeypatch.setattr(time, "time", lambda: year_ahead)
    assert pin.locked_for() == pytest.approx(LOCKOUT_S)
    assert not pin.check("246813").accepted

    # Restart with the clock set back ten years: locked no longer than one full lock-out.
    monkeypatch.setattr(time, "time", lambda: year_ahead - 11 * 365 * 86400)
    restarted = OperatorPin(
        tmp_path, lambda *a, **k: 0, clock=lambda: clocks.boot_s, boot_id=lambda: clocks.boot
    )
    assert restarted.locked_for() <= LOCKOUT_S
    clocks.boot_s += LOCKOUT_S + 1
    assert restarted.locked_for() == 0 and restarted.check("246813").accepted
