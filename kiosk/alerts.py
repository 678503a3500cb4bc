"""Operator alerts: what staff must be told about the kiosk, until it is over or acknowledged.

Every kiosk event that needs a person (a device fault, records not being kept, a clock leap,
a watchdog restart, the restart budget spent, a gate that fails, the audit log found
tampered with) becomes an alert on one board. An alert that describes a condition clears
itself when the condition ends; one that describes something that happened (records lost,
a clock leap, the kiosk about to restart itself) stays until a member of staff
acknowledges it on the operator panel. The window shows the board in the operator banner
and the status panel; headless mode prints each change on stderr; telemetry sends it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    INFO = "info"  # worth knowing (a stage was restarted and is working again)
    WARNING = "warning"  # something needs attention soon (a device is not ready)
    CRITICAL = "critical"  # the kiosk cannot do its job or lost something


@dataclass(frozen=True)
class Alert:
    key: str  # what it is about: "camera", "sensor", "store", "clock_leap", "gate", …
    severity: Severity
    message: str  # operator-facing: what happened and what to do
    needs_ack: bool  # stays until acknowledged, even once the condition is over
    raised_at: float  # time.time()
    active: bool = True  # the condition still holds

    def event(self) -> dict[str, Any]:
        return {
            "event": "alert",
            "key": self.key,
            "severity": str(self.severity),
            "state": "raised" if self.active else "over",
            "needs_ack": self.needs_ack,
            "message": self.message,
        }


class AlertBoard:
    """The alerts now showing; `on_change(event)` hears every raise, clear and acknowledgement."""

    def __init__(self, on_change: Callable[[dict[str, Any]], None]) -> None:
        self._on_change = on_change
        self._lock = threading.Lock()
        self._alerts: dict[str, Alert] = {}

    def raise_alert(
        self, key: str, severity: Severity, message: str, *, needs_ack: bool = False
    ) -> None:
        """Show (or update) the alert `key`; unchanged repeats are not announced again."""
        with self._lock:
            current = self._alerts.get(key)
            if current is not None and current.active and current.message == message:
                return
            held = needs_ack or (current is not None and current.needs_ack)
            alert = Alert(key, severity, message, held, time.time())
            self._alerts[key] = alert
        self._on_change(alert.event())

    def clear(self, key: str) -> None:
        """The condition behind `key` is over: gone, unless it waits for an acknowledgement."""
        with self._lock:
            current = self._alerts.get(key)
            if current is None or not current.active:
                return
            if current.needs_ack:
                self._alerts[key] = over = Alert(
                    key, current.severity, current.message, True, current.raised_at, False
                )
            else:
                del self._alerts[key]
                over = Alert(
                    key, current.severity, current.message, False, current.raised_at, False
                )
        self._on_change(over.event())

    def acknowledge(self, key: str) -> bool:
        """Staff saw it: an alert whose condition is over goes; an active one stays (its
        condition still holds) but is no longer held for acknowledgement."""
        with self._lock:
            current = self._alerts.get(key)
            if current is None:
                return False
            if current.active:
                self._alerts[key] = Alert(
                    key, current.severity, current.message, False, current.raised_at
                )
            else:
                del self._alerts[key]
        self._on_change({"event": "alert", "key": key, "state": "acknowledged"})
        return True

    def showing(self) -> list[Alert]:
        """Every alert to show, most severe and newest first."""
        order = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
        with self._lock:
            alerts = list(self._alerts.values())
        return sorted(alerts, key=lambda a: (order[a.severity], -a.raised_at))
