"""Hostile values at the kiosk's own inputs: enrolment labels (length, control characters,
right-to-left overrides), wrong PINs entered at once from several places, and a PIN lock-out
attacked with the clock and a restart."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.operator.pin import LOCKOUT_S, MAX_FAILURES, OperatorPin, PinError, validate_pin
from kiosk.paths import kiosk_paths
from kiosk.settings import PrivacySettings
from kiosk.store import ConsentDecision, EnrolmentRefusedError, KioskStore

PIN = "246813"


@pytest.fixture
def store() -> KioskStore:
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as opened:
        yield opened  # type: ignore[misc]


def consent(store: KioskStore) -> int:
    return store.record_consent(ConsentDecision("granted", "v1", ("fast_pass",)))


@pytest.mark.parametrize(
    "label",
    [
        "x" * 65,
        "x" * 100_000,
        "",
        "Ada\nLovelace",
        "Ada\x1b[2J",
        "\u202eecalevol ada",  # RIGHT-TO-LEFT OVERRIDE: shows as "ada lovelace" reversed
        "ada\u2066lovelace",  # LEFT-TO-RIGHT ISOLATE
        "ada\u200flovelace",  # RIGHT-TO-LEFT MARK
        "ada\x00",
    ],
    ids=["65 chars", "100k chars", "empty", "newline", "escape", "rlo", "lri", "rlm", "nul"],
)
def test_a_hostile_label_is_refused_and_nothing_is_stored(store: KioskStore, label: str) -> None:
    with pytest.raises(EnrolmentRefusedError, match="label"):
        store.enrol_person(label, consent(store))
    assert store.count_people() == 0


@pytest.mark.parametrize("label", ["x" * 64, "张伟", "O'Brien-Smith 42", "Zoë Ångström"])
def test_an_ordinary_label_is_kept_as_given(store: KioskStore, label: str) -> None:
    person = store.enrol_person(label, consent(store))
    stored = store.person(person)
    assert stored is not None and stored.label == label


class BootClock:
    """CLOCK_BOOTTIME and the boot id, as a restart (same boot) or a reboot sees them."""

    def __init__(self) -> None:
        self.seconds = 1_000.0
        self.boot = "boot-1"


def pin_for(store: KioskStore, clock: BootClock) -> OperatorPin:
    return OperatorPin(
        store.paths.config_dir, store.audit, clock=lambda: clock.seconds, boot_id=lambda: clock.boot
    )


def test_wrong_pins_entered_at_once_all_count_and_lock_entry(store: KioskStore) -> None:
    OperatorPin(store.paths.config_dir, store.audit).set_pin(PIN)
    tries = 20
    start = threading.Barrier(tries)
    results = []

    def guess() -> None:
        pin = OperatorPin(store.paths.config_dir, store.audit)  # each its own, like a process
        start.wait()
        results.append(pin.check("000000"))

    threads = [threading.Thread(target=guess) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.audit_entries("operator_login_failed")) == MAX_FAILURES
    assert len(store.audit_entries("operator_login_refused")) == tries - MAX_FAILURES
    assert sum(result.locked_for_s > 0 for result in results) == tries - MAX_FAILURES + 1
    assert OperatorPin(store.paths.config_dir, store.audit).locked_for() > 0


def test_neither_a_clock_jump_nor_a_restart_ends_a_lock_out_early(
    store: KioskStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = BootClock()
    pin = pin_for(store, clock)
    pin.set_pin(PIN)
    for _ in range(MAX_FAILURES):
        pin.check("000000")
    clock.seconds += 60
    # A restart after the wall clock was moved a year ahead: still locked, for the rest…
    year_ahead = time.time() + 365 * 86400
    monkeypatch.setattr(time, "time", lambda: year_ahead)
    restarted = pin_for(store, clock)
    assert restarted.locked_for() == pytest.approx(LOCKOUT_S - 60)
    assert not restarted.check(PIN).accepted
    # …and a reboot (a new boot id: the time since the lock cannot be known) starts it again.
    clock.boot, clock.seconds = "boot-2", 5.0
    rebooted = pin_for(store, clock)
    assert rebooted.locked_for() == pytest.approx(LOCKOUT_S)
    clock.seconds += LOCKOUT_S + 1
    assert rebooted.check(PIN).accepted


@pytest.mark.parametrize("short", ["2468", "12345"])
def test_a_pin_shorter_than_six_digits_is_refused(short: str) -> None:
    with pytest.raises(PinError, match="6 to 12 digits"):
        validate_pin(short)
