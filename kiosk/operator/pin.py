"""The operator PIN: a salted scrypt hash in a 0600 file, and a lock-out that survives restarts.

Five wrong PINs lock entry for five minutes. While the kiosk runs the lock is timed on the
monotonic clock, so changing the wall clock cannot shorten it; after a restart the stored
wall-clock start decides, capped at a full lock-out, so a clock set back cannot lengthen it
beyond five minutes either. Every log-in, failure, lock-out and change is audited.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.store.audit import AuditValue

PIN_FILE_NAME = "operator_pin.json"
MAX_FAILURES = 5
LOCKOUT_S = 300.0
# scrypt cost: about 50 ms and 16 MB per check on the kiosk's CPU, slow for a guesser.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PIN_DIGITS = (4, 12)

Audit = Callable[..., int]


class PinError(ValueError):
    """A PIN that may not be set; the message says why."""


@dataclass(frozen=True)
class PinCheck:
    accepted: bool
    failures_left: int
    locked_for_s: float  # > 0 while entry is locked


def validate_pin(pin: str) -> None:
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise PinError(f"the PIN must be {low} to {high} digits")


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024)


class OperatorPin:
    """The PIN file in `config_dir`; `audit` is `KioskStore.audit` (or a stand-in in tests)."""

    def __init__(
        self,
        config_dir: Path,
        audit: Audit,
        *,
        wall_clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = config_dir / PIN_FILE_NAME
        self._audit = audit
        self._wall = wall_clock
        self._monotonic = monotonic
        self._lock_ends: float | None = None  # monotonic; set once this process knows the lock

    def exists(self) -> bool:
        return "hash" in self._read()

    def set_pin(self, pin: str, actor: str = "operator") -> None:
        validate_pin(pin)
        salt = secrets.token_bytes(16)
        digest = _hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
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
        self._lock_ends = None
        self._record("operator_pin_set" if first else "operator_pin_changed", actor=actor)

    def locked_for(self) -> float:
        """Seconds until entry is allowed again; 0 when not locked."""
        state = self._read()
        if "locked_at" not in state:
            return 0.0
        now = self._monotonic()
        if self._lock_ends is None:
            elapsed = self._wall() - float(state["locked_at"])
            remaining = min(LOCKOUT_S, max(0.0, LOCKOUT_S - elapsed))
            self._lock_ends = now + remaining
        remaining = self._lock_ends - now
        if remaining <= 0:
            self._lock_ends = None
            state.pop("locked_at")
            state["failures"] = 0
            self._write(state)
            return 0.0
        return remaining

    def check(self, pin: str) -> PinCheck:
        """Try a PIN: audited as a log-in or a failure; refused unheard while locked."""
        locked = self.locked_for()
        if locked > 0:
            self._record("operator_login_refused", reason="locked")
            return PinCheck(False, 0, locked)
        state = self._read()
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
            state["locked_at"] = self._wall()
            self._lock_ends = self._monotonic() + LOCKOUT_S
            self._write(state)
            self._record("operator_locked_out", seconds=LOCKOUT_S)
            return PinCheck(False, 0, LOCKOUT_S)
        self._write(state)
        return PinCheck(False, MAX_FAILURES - failures, 0.0)

    def _record(self, event: str, **details: AuditValue) -> None:
        self._audit(event, **details)

    def _read(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return {}

    def _write(self, state: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self.path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(state, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.path)
