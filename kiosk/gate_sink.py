"""The gate relay as a result sink: a normal verdict opens the door or turnstile.

It lives beside record keeping in the kiosk layer, so a headless kiosk drives its gate
exactly as a windowed one does. A gate that fails (unplugged relay board, wrong port) is
an operator alert, not a silent turnstile that never opens; "test gate" on the operator
panel pulses it on demand.
"""

from __future__ import annotations

import logging
import threading

from drivers.gate import RelayOutput, gate_port_problem, open_gate
from kiosk.alerts import AlertBoard, Severity
from kiosk.screening import ScreeningResult, Verdict
from kiosk.settings import GateSettings

log = logging.getLogger(__name__)
ALERT_KEY = "gate"


class GateSink:
    """Pulses the configured relay on each normal verdict; reopened when its settings change."""

    def __init__(self, settings: GateSettings, alerts: AlertBoard) -> None:
        self._alerts = alerts
        self._lock = threading.Lock()
        self._relay: RelayOutput | None = None
        self.settings = settings
        self.last_error = ""
        self._open(settings)

    def _open(self, settings: GateSettings) -> None:
        self.settings = settings
        if not settings.enabled:
            self._alerts.clear(ALERT_KEY)
            return
        problem = gate_port_problem(settings.output, settings.port)
        if problem:
            self._failed(problem)
            return
        relay = open_gate(settings.output, settings.port, settings.channel)
        relay.on_outcome = self._outcome
        self._relay = relay
        relay.settle()  # a wrong or unplugged port is an alert now, not at the first visitor

    def __call__(self, result: ScreeningResult) -> None:
        if result.verdict is Verdict.NORMAL:
            self.pulse()

    def pulse(self) -> bool:
        """Open the gate for the configured time; False when no gate is configured."""
        with self._lock:
            relay = self._relay
        if relay is None:
            return False
        relay.pulse(self.settings.pulse_s)
        return True

    def state(self) -> str:
        """'off', 'ready', or 'failing: <reason>' for the status panel and telemetry."""
        if not self.settings.enabled:
            return "off"
        return f"failing: {self.last_error}" if self.last_error else "ready"

    def apply(self, settings: GateSettings) -> None:
        if settings == self.settings:
            return
        self.close()
        self.last_error = ""
        with self._lock:
            self._open(settings)

    def close(self) -> None:
        with self._lock:
            relay, self._relay = self._relay, None
        if relay is not None:
            relay.stop()

    def _outcome(self, failure: str) -> None:
        if failure:
            self._failed(failure)
        else:  # also clears an alert about the port these settings replaced
            self.last_error = ""
            self._alerts.clear(ALERT_KEY)

    def _failed(self, reason: str) -> None:
        self.last_error = reason
        log.error("the gate relay failed: %s", reason)
        port = self.settings.port
        self._alerts.raise_alert(
            ALERT_KEY,
            Severity.CRITICAL,
            f"The gate relay on {port} did not switch ({reason}): visitors judged normal are "
            f"not let through. Check the relay's cable and operator.gate.port, then use "
            f"'Test gate' on the operator panel.",
        )
