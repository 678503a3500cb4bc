"""The operator PIN: a salted scrypt hash in a 0600 file, and a lock-out that neither a clock
change nor a restart ends early.

Five wrong PINs lock entry for five minutes. The lock-out is timed on CLOCK_BOOTTIME, which
counts from boot (suspended time included) and which nobody can set: moving the wall clock
does nothing to it, and a restarted kiosk reads the same clock. The boot id says whether the
machine rebooted since the lock began; if it did, the time since cannot be known, so the
lock-out starts again in full (longer, never shorter). Every attempt runs under an exclusive
lock on a file beside the PIN, so attempts made at once from several windows or processes
are counted one after another and none is lost. Every log-in, failure, lock-out and change
is audited.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.safe_files import private_directory, read_private, refuse_link, write_atomically
from kiosk.store.audit import AuditValue

PIN_FILE_NAME = "operator_pin.json"
LOCK_FILE_NAME = "operator_pin.lock"
MAX_FAILURES = 5
LOCKOUT_S = 300.0
# scrypt cost: about 50 ms and 16 MB per check on the kiosk's CPU, slow for a guesser.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
# Six digits at least: at five tries per lock-out, every 4-digit PIN is tried within a week,
# every 6-digit one only in about two years.
PIN_DIGITS = (6, 12)
_MAX_FILE_BYTES = 64 * 1024
_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")

Audit = Callable[..., int]


class PinError(ValueError):
    """A PIN that may not be set, or a PIN file that cannot be used; the message says why."""


@dataclass(frozen=True)
class PinCheck:
    accepted: bool
    failures_left: int
    locked_for_s: float  # > 0 while entry is locked


def validate_pin(pin: str) -> None:
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise PinError(f"the PIN must be {low} to {high} digits")


def boot_clock() -> float:
    """Seconds since boot, counting suspend, unaffected by any change of the wall clock."""
    return time.clock_gettime(getattr(time, "CLOCK_BOOTTIME", time.CLOCK_MONOTONIC))


def boot_id() -> str:
    """This boot's random id (Linux); '' where there is none, and the clock is trusted alone."""
    try:
        return _BOOT_ID.read_text().strip()
    except OSError:
        return ""


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024)


class OperatorPin:
    """The PIN file in `config_dir`; `audit` is `KioskStore.audit` (or a stand-in in tests).
    `clock` and `boot_id` time the lock-out (tests pass their own)."""

    def __init__(
        self,
        config_dir: Path,
        audit: Audit,
        *,
        clock: Callable[[], float] = boot_clock,
        boot_id: Callable[[], str] = boot_id,
    ) -> None:
        self.path = config_dir / PIN_FILE_NAME
        self._lock_path = config_dir / LOCK_FILE_NAME
        self._audit = audit
        self._clock = clock
        self._boot_id = boot_id

    def exists(self) -> bool:
        return "hash" in self._read()

    def set_pin(self, pin: str, actor: str = "operator") -> None:
        validate_pin(pin)
        salt = secrets.token_bytes(16)
        digest = _hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        with self._attempt():
            first = not self.exists()
            self._write(
                {
                    "salt": salt.hex(),
                    "hash": digest.hex(),
                    "n": SCRYPT_N,
                    "r": SCRYPT_R,
                    "p": SCRYPT_P,
                    "failures": 0,
                }
            )
        self._audit("operator_pin_set" if first else "operator_pin_changed", actor=actor)

    def locked_for(self) -> float:
        """Seconds until entry is allowed again; 0 when not locked."""
        with self._attempt():
            return self._locked_for(self._read())

    def check(self, pin: str) -> PinCheck:
        """Try a PIN: audited as a log-in or a failure; refused unheard while locked."""
        with self._attempt():
            state = self._read()
            locked = self._locked_for(state)
            if locked > 0:
                self._record("operator_login_refused", reason="locked")
                return PinCheck(False, 0, locked)
            if "hash" not in state:
                raise PinError("no operator PIN is set; run the first-run setup")
            expected = bytes.fromhex(state["hash"])
            given = _hash(pin, bytes.fromhex(state["salt"]), state["n"], state["r"], state["p"])
            if hmac.compare_digest(given, expected):
                state["failures"] = 0
                self._write(state)
                self._record("operator_login")
                return PinCheck(True, MAX_FAILURES, 0.0)
            failures = int(state.get("failures", 0)) + 1
            state["failures"] = failures
            self._record("operator_login_failed", failures=failures)
            if failures >= MAX_FAILURES:
                state.update(locked_at=self._clock(), locked_boot=self._boot_id())
                self._write(state)
                self._record("operator_locked_out", seconds=LOCKOUT_S)
                return PinCheck(False, 0, LOCKOUT_S)
            self._write(state)
            return PinCheck(False, MAX_FAILURES - failures, 0.0)

    def _locked_for(self, state: dict[str, Any]) -> float:
        """The lock-out left in `state`, ending (or restarting) it in the file as due."""
        if "locked_at" not in state:
            return 0.0
        now, boot = self._clock(), self._boot_id()
        if state.get("locked_boot") != boot:
            # Rebooted since the lock began (or a lock written by an older kiosk, timed on
            # the wall clock): the time since is unknown, so it runs again in full.
            state.update(locked_at=now, locked_boot=boot)
            self._write(state)
            return LOCKOUT_S
        remaining = min(LOCKOUT_S, LOCKOUT_S - (now - float(state["locked_at"])))
        if remaining > 0:
            return remaining
        for key in ("locked_at", "locked_boot"):
            state.pop(key)
        state["failures"] = 0
        self._write(state)
        return 0.0

    @contextlib.contextmanager
    def _attempt(self) -> Iterator[None]:
        """One attempt (or change) at a time, across threads and processes."""
        private_directory(self.path.parent)
        refuse_link(self._lock_path, "operator PIN lock file")
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(self._lock_path, flags, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)

    def _record(self, event: str, **details: AuditValue) -> None:
        self._audit(event, **details)

    def _read(self) -> dict[str, Any]:
        data = read_private(self.path, "operator PIN file", _MAX_FILE_BYTES)
        if data is None:
            return {}
        try:
            state = json.loads(data)
        except ValueError:
            state = None
        if not isinstance(state, dict):
            raise PinError(
                f"the operator PIN file {self.path} is damaged; restore it from your backup "
                f"(removing it lets the next person at the kiosk choose a new PIN)"
            )
        return state

    def _write(self, state: dict[str, Any]) -> None:
        write_atomically(self.path, json.dumps(state))
