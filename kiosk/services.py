"""What the window asks of the running kiosk beyond screening: consent, enrolment and
forget-me for visitors; the PIN, status, exports, settings and the gate test for staff.

Qt-free, like all of kiosk/: the window calls these on its background thread, never on
the GUI thread (they touch the database, hash PINs, run models and probe serial ports).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from serial.tools import list_ports

from drivers.camera import CameraStatus
from drivers.thermal.base import SensorStatus
from kiosk.alerts import Alert
from kiosk.commands.sensor import probe_port
from kiosk.operator.daily_counts import DailyCounts, export_csv, today_counts
from kiosk.operator.pin import OperatorPin
from kiosk.privacy.consent import ConsentLedger
from kiosk.recognition.faces import FaceFinder
from kiosk.recognition.service import FaceRecognition
from kiosk.runtime import KioskRuntime
from kiosk.safe_files import private_directory, write_atomically
from kiosk.service_state import ServiceStatus
from kiosk.settings import Settings
from kiosk.settings.changes import SettingsChange
from kiosk.store.records import ConsentChoice, ScaleStatus
from kiosk.store.store import KioskStore
from kiosk.watchdog import StageHealth

ENROLMENT_LABEL = "kiosk visitor"  # no name is asked for: the enrolment number identifies


@dataclass(frozen=True)
class KioskStatus:
    """Everything the operator's status panel shows, read at one moment."""

    service: ServiceStatus
    camera: CameraStatus | None
    sensor: SensorStatus | None
    stages: tuple[StageHealth, ...]
    blackbody: str  # "off", "in place", or why it is not
    gate: str  # "off", "ready", "failing: …"
    alerts: tuple[Alert, ...]
    today: DailyCounts
    scale: ScaleStatus


@dataclass
class KioskServices:
    runtime: KioskRuntime
    store: KioskStore
    pin: OperatorPin = field(init=False)
    ledger: ConsentLedger = field(init=False)
    _finder: FaceFinder | None = field(default=None, init=False)
    _recognition: FaceRecognition | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.pin = OperatorPin(self.store.paths.config_dir, self.store.audit)
        self.ledger = ConsentLedger(self.store, self.settings.privacy)

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def demo(self) -> bool:
        return self.runtime.launch.demo

    @property
    def set_up(self) -> bool:
        return self.runtime.launch.set_up

    def close(self) -> None:
        if self._finder is not None:
            self._finder.close()

    # --- visitor -----------------------------------------------------------------------

    def record_consent(self, choice: ConsentChoice, under_14: bool, guardian: bool) -> int:
        return self.ledger.record_decision(choice, under_14=under_14, guardian_confirmed=guardian)

    def _models(self) -> tuple[FaceFinder, FaceRecognition]:
        # Loaded on first use, on the thread that will keep using them (MediaPipe needs that).
        if self._finder is None or self._recognition is None:
            self._finder = FaceFinder(self.settings.camera.horizontal_fov_deg)
            self._recognition = FaceRecognition(self.store, self.settings.recognition)
        return self._finder, self._recognition

    def enrol(self, frame_bgr: np.ndarray, consent_id: int) -> int | None:
        """The new enrolment number, or None when no face was found (nothing stored)."""
        finder, recognition = self._models()
        face = finder.find(frame_bgr, time.monotonic())
        if face is None:
            return None
        return recognition.enrol(frame_bgr, face, ENROLMENT_LABEL, consent_id)

    def find_person(self, frame_bgr: np.ndarray) -> int | None:
        """The enrolment matching the visitor who asked to be forgotten, or None."""
        finder, recognition = self._models()
        face = finder.find(frame_bgr, time.monotonic())
        if face is None:
            return None
        consent_id = self.ledger.record_forget_me_request()
        return recognition.identify(frame_bgr, face, consent_id).person_id

    def forget(self, person_id: int) -> int:
        return self.ledger.withdraw(person_id)

    # --- operator ----------------------------------------------------------------------

    def status(self) -> KioskStatus:
        runtime = self.runtime
        pipeline = runtime.pipeline
        if not self.settings.fusion.blackbody:
            blackbody = "off"
        elif pipeline is not None and pipeline.paused_because.startswith("blackbody"):
            blackbody = pipeline.paused_because
        else:
            blackbody = "in place"
        return KioskStatus(
            service=runtime.service,
            camera=None if runtime.camera is None else runtime.camera.status(),
            sensor=None if runtime.sensor is None else runtime.sensor.status(),
            stages=tuple(runtime.health()),
            blackbody=blackbody,
            gate="off" if runtime.gate is None else runtime.gate.state(),
            alerts=tuple(runtime.alerts.showing()),
            today=today_counts(self.store),
            scale=self.store.scale_status(),
        )

    def export_counts(self) -> tuple[Path, int]:
        text = export_csv(self.store)
        folder = private_directory(self.store.paths.data_dir / "exports")
        path = folder / f"daily-counts-{date.today():%Y%m%d}.csv"
        write_atomically(path, text)
        return path, text.count("\n") - 1

    def change_settings(self, changes: dict[str, Any], actor: str = "operator") -> SettingsChange:
        """Write the change into the operator's file (audited) and apply it to the running
        kiosk; `settings` in the result is what the kiosk now runs on."""
        change = self.runtime.change_settings(changes, actor, self.store)
        self.store.settings = change.settings.privacy
        self.ledger = ConsentLedger(self.store, change.settings.privacy)
        return change

    def first_setup(self, pin: str, changes: dict[str, Any]) -> SettingsChange:
        self.pin.set_pin(pin, actor="setup")
        return self.change_settings(changes, actor="setup")

    def test_gate(self) -> bool:
        """Pulse the gate now (audited); False when no gate is configured."""
        gate = self.runtime.gate
        pulsed = gate is not None and gate.pulse()
        self.store.audit("gate_tested", pulsed=pulsed)
        return pulsed

    def acknowledge(self, alert_key: str) -> None:
        if self.runtime.alerts.acknowledge(alert_key):
            self.store.audit("alert_acknowledged", alert=alert_key)

    @staticmethod
    def detect_sensor() -> dict[str, Any]:
        reports = [probe_port(info.device) for info in list_ports.comports()]
        found = [report for report in reports if report["found"]]
        if found:
            return found[0]
        message = "; ".join(r["message"] for r in reports) or "no serial ports found"
        return {"found": False, "message": message}
