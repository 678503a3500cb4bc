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


class Clocks:
    def __init__(self) -> None:
        self.wall = 1_800_000_000.0
        self.mono = 100.0

    def advance(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


def _pin(store: KioskStore, clocks: Clocks) -> OperatorPin:
    return OperatorPin(
        store.paths.config_dir,
        store.audit,
        wall_clock=lambda: clocks.wall,
        monotonic=lambda: clocks.mono,
    )


def test_pin_is_a_private_salted_hash_and_checks(store: KioskStore) -> None:
    clocks = Clocks()
    pin = _pin(store, clocks)
    assert not pin.exists()
    with pytest.raises(PinError, match="digits"):
        pin.set_pin("12a4")
    pin.set_pin("2468")
    assert stat.S_IMODE(pin.path.stat().st_mode) == 0o600
    assert "2468" not in pin.path.read_text()
    assert pin.check("2468").accepted
    assert not pin.check("1111").accepted
    events = [e.event for e in store.audit_entries()]
    assert events[-3:] == ["operator_pin_set", "operator_login", "operator_login_failed"]


def test_five_failures_lock_for_five_minutes_even_after_a_restart(store: KioskStore) -> None:
    clocks = Clocks()
    pin = _pin(store, clocks)
    pin.set_pin("2468")
    for left in range(MAX_FAILURES - 1, 0, -1):
        assert pin.check("0000").failures_left == left
    locked = pin.check("0000")
    assert locked.locked_for_s == LOCKOUT_S
    # The right PIN is refused while locked, and the refusal is audited.
    assert not pin.check("2468").accepted
    clocks.advance(120)
    restarted = _pin(store, clocks)
    assert restarted.locked_for() == pytest.approx(LOCKOUT_S - 120)
    # Setting the wall clock back after the restart does not lengthen the lock.
    clocks.wall -= 86_400
    assert _pin(store, clocks).locked_for() == pytest.approx(LOCKOUT_S)
    # Nor does setting it forward shorten a lock already being timed.
    clocks.wall += 10 * 86_400
    assert restarted.locked_for() == pytest.approx(LOCKOUT_S - 120)
    clocks.advance(LOCKOUT_S - 119)
    assert restarted.locked_for() == 0.0
    assert restarted.check("2468").accepted
    events = [e.event for e in store.audit_entries()]
    assert "operator_locked_out" in events and "operator_login_refused" in events


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
    assert text.splitlines() == [
        "day,screened,normal,elevated,retakes,masked",
        f"{today.day},3,1,1,1,1",
    ]
    assert "36.6" not in text and daily_counts(store) == [today]
    assert store.audit_entries("aggregate_exported")[0].details["days"] == 1
