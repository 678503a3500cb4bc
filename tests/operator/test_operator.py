"""Operator PIN lock-out across restarts, aggregate counts and export."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.operator.daily_counts import daily_counts, export_csv, today_counts
from kiosk.operator.pin import LOCKOUT_S, MAX_FAILURES, OperatorPin, PinError
from kiosk.paths import KioskPaths
from kiosk.settings import PrivacySettings
from kiosk.store import KioskStore, ScreeningRecord


@pytest.fixture
def store(tmp_path: Path) -> KioskStore:
    paths = KioskPaths(tmp_path / "data", tmp_path / "config", tmp_path / "cache")
    with KioskStore.open(paths, PrivacySettings()) as opened:
        yield opened  # type: ignore[misc]


class BootClock:
    """CLOCK_BOOTTIME and the boot id as the PIN sees them (one boot unless changed)."""

    def __init__(self) -> None:
        self.seconds = 100.0
        self.boot = "boot-1"

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


def _pin(store: KioskStore, clock: BootClock) -> OperatorPin:
    return OperatorPin(
        store.paths.config_dir,
        store.audit,
        clock=lambda: clock.seconds,
        boot_id=lambda: clock.boot,
    )


def test_pin_is_a_private_salted_hash_and_checks(store: KioskStore) -> None:
    pin = _pin(store, BootClock())
    assert not pin.exists()
    with pytest.raises(PinError, match="digits"):
        pin.set_pin("12a4")
    with pytest.raises(PinError, match="6 to 12 digits"):
        pin.set_pin("2468")
    pin.set_pin("246813")
    assert stat.S_IMODE(pin.path.stat().st_mode) == 0o600
    assert "246813" not in pin.path.read_text()
    assert pin.check("246813").accepted
    assert not pin.check("111111").accepted
    events = [e.event for e in store.audit_entries()]
    assert events[-3:] == ["operator_pin_set", "operator_login", "operator_login_failed"]


def test_five_failures_lock_for_five_minutes_even_after_a_restart(store: KioskStore) -> None:
    clock = BootClock()
    pin = _pin(store, clock)
    pin.set_pin("246813")
    for left in range(MAX_FAILURES - 1, 0, -1):
        assert pin.check("000000").failures_left == left
    locked = pin.check("000000")
    assert locked.locked_for_s == LOCKOUT_S
    # The right PIN is refused while locked, and the refusal is audited.
    assert not pin.check("246813").accepted
    clock.advance(120)
    restarted = _pin(store, clock)  # the same boot: the boot clock ran on meanwhile
    assert restarted.locked_for() == pytest.approx(LOCKOUT_S - 120)
    clock.advance(LOCKOUT_S - 119)
    assert restarted.locked_for() == 0.0
    assert restarted.check("246813").accepted
    events = [e.event for e in store.audit_entries()]
    assert "operator_locked_out" in events and "operator_login_refused" in events


def test_a_reboot_during_a_lock_out_starts_it_again_in_full(store: KioskStore) -> None:
    clock = BootClock()
    pin = _pin(store, clock)
    pin.set_pin("246813")
    for _ in range(MAX_FAILURES):
        pin.check("000000")
    clock.advance(290)
    clock.boot, clock.seconds = "boot-2", 3.0  # how long it was off cannot be known
    assert _pin(store, clock).locked_for() == pytest.approx(LOCKOUT_S)


def test_daily_counts_and_export_hold_no_personal_data(store: KioskStore) -> None:
    for verdict, temperature, mask in (
        ("normal", 36.6, True),
        ("elevated", 37.9, False),
        ("retake", None, None),
    ):
        store.record_screening(ScreeningRecord(temperature, verdict, mask=mask))
    today = today_counts(store)
    assert (today.screened, today.normal, today.elevated, today.retakes, today.masked) == (
        3,
        1,
        1,
        1,
        1,
    )
    text = export_csv(store)
    head = store.audit_head()
    assert text.splitlines() == [
        "day,screened,normal,elevated,retakes,masked",
        f"{today.day},3,1,1,1,1",
        f"# audit head: entry {head.seq} {head.hash}",  # a witness of the log, off the device
    ]
    assert "36.6" not in text and daily_counts(store) == [today]
    assert store.audit_entries("aggregate_exported")[0].details["days"] == 1
