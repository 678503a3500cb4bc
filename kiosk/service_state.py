"""In service or out of service: decided from device and stage status, never from frames.

A kiosk whose camera or thermometer is down, whose stage has stalled, whose store cannot
keep records, whose blackbody is out of place, or which is not set up cannot screen
anyone. The visitor screen must then say so calmly ("please ask staff") within two
seconds — also when no frame arrives at all, which is exactly when a frame-driven screen
would keep inviting visitors. The monitor re-evaluates every half second on its own
thread and announces each change once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.watchdog import CHECK_S, Beat, Worker

# Devices take a moment to open and the array to send its first frame (≤ 0.5 s at 4 Hz);
# the camera's 'auto' search tries several indices. Within this the kiosk is "starting".
STARTUP_GRACE_S = 8.0


class ServiceState(StrEnum):
    STARTING = "starting"
    IN_SERVICE = "in_service"
    OUT_OF_SERVICE = "out_of_service"


@dataclass(frozen=True)
class Fault:
    """One reason the kiosk cannot screen: `key` for code and alerts, `message` for staff."""

    key: str  # "camera", "sensor", "stage:vision", "store", "blackbody", "restart_budget", …
    message: str
    # A device still opening (no verdict on it yet): not a fault during the start-up grace.
    settling: bool = False


@dataclass(frozen=True)
class ServiceStatus:
    state: ServiceState
    faults: tuple[Fault, ...] = ()

    def event(self) -> dict[str, Any]:
        return {
            "event": "service",
            "state": str(self.state),
            "reasons": [fault.key for fault in self.faults],
            "message": " ".join(fault.message for fault in self.faults),
        }


FaultCheck = Callable[[], Sequence[Fault]]


class ServiceMonitor:
    """Runs `faults()` every CHECK_S and reports each change of state or faults."""

    def __init__(
        self,
        faults: FaultCheck,
        on_change: Callable[[ServiceStatus], None],
        *,
        grace_s: float = STARTUP_GRACE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._faults = faults
        self._on_change = on_change
        self._clock = clock
        self._grace_until = clock() + grace_s
        self._lock = threading.Lock()
        self._status = ServiceStatus(ServiceState.STARTING)
        self._announced: ServiceStatus | None = None
        self.worker = Worker("service", self._run)

    @property
    def status(self) -> ServiceStatus:
        with self._lock:
            return self._status

    def start(self) -> None:
        self.worker.start()

    def stop(self) -> None:
        self.worker.stop()

    def check(self) -> ServiceStatus:
        """Evaluate now; announce the result if it differs from the last one announced."""
        faults = tuple(self._faults())
        if not faults:
            state = ServiceState.IN_SERVICE
        elif self._clock() < self._grace_until and all(fault.settling for fault in faults):
            state = ServiceState.STARTING  # devices still opening: not yet a fault
        else:
            state = ServiceState.OUT_OF_SERVICE
        if state is ServiceState.IN_SERVICE:
            self._grace_until = 0.0  # once running, a device that goes is a fault at once
        status = ServiceStatus(state, faults if state is ServiceState.OUT_OF_SERVICE else ())
        with self._lock:
            self._status = status
            changed = status != self._announced
            self._announced = status
        if changed:
            self._on_change(status)
        return status

    def _run(self, stop: threading.Event, beat: Beat) -> None:
        while not stop.wait(CHECK_S):
            beat()
            self.check()
