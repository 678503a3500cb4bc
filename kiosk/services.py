"""What the window needs beyond the pipeline: the store, the PIN, the consent ledger and
recognition. Every method here runs on the background thread, never on the GUI thread."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from serial.tools import list_ports

from drivers.camera import CameraSource
from drivers.thermal.base import ThermalSensor
from kiosk.commands.sensor import probe_port
from kiosk.demo.rig import demo_settings
from kiosk.operator.daily_counts import export_csv, today_counts
from kiosk.operator.pin import OperatorPin
from kiosk.privacy.consent import ConsentLedger
from kiosk.recognition.faces import FaceFinder
from kiosk.recognition.service import FaceRecognition
from kiosk.settings import Settings
from kiosk.settings.changes import SettingsChange, apply_changes
from kiosk.store.records import ConsentChoice
from kiosk.store.store import KioskStore
from ui.operator.status_panel import KioskStatus

ENROLMENT_LABEL = "kiosk visitor"  # no name is asked for: the enrolment number identifies


@dataclass
class KioskServices:
    settings: Settings
    store: KioskStore
    settings_file: Path
    camera: CameraSource | None = None
    sensor: ThermalSensor | None = None
    demo: bool = False
    pin: OperatorPin = field(init=False)
    ledger: ConsentLedger = field(init=False)
    _finder: FaceFinder | None = field(default=None, init=False)
    _recognition: FaceRecognition | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.pin = OperatorPin(self.store.paths.config_dir, self.store.audit)
        self.ledger = ConsentLedger(self.store, self.settings.privacy)

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
        return KioskStatus(
            camera=None if self.camera is None else self.camera.status(),
            sensor=None if self.sensor is None else self.sensor.status(),
            today=today_counts(self.store),
            scale=self.store.scale_status(),
        )

    def export_counts(self) -> tuple[Path, int]:
        text = export_csv(self.store)
        folder = self.store.paths.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / f"daily-counts-{date.today():%Y%m%d}.csv"
        path.write_text(text, encoding="utf-8")
        return path, text.count("\n") - 1

    def change_settings(self, changes: dict[str, Any], actor: str = "operator") -> SettingsChange:
        """Write the change into the operator's file (audited); `settings` in the result is
        what the kiosk now runs on (the demo's devices kept in the demo)."""
        change = apply_changes(self.settings_file, changes, actor=actor, audit=self.store)
        updated = demo_settings(change.settings) if self.demo else change.settings
        self.settings = updated
        self.store.settings = updated.privacy
        self.ledger = ConsentLedger(self.store, updated.privacy)
        return replace(change, settings=updated)

    def first_setup(self, pin: str, changes: dict[str, Any]) -> SettingsChange:
        self.pin.set_pin(pin, actor="setup")
        return self.change_settings(changes, actor="setup")

    @staticmethod
    def detect_sensor() -> dict[str, Any]:
        reports = [probe_port(info.device) for info in list_ports.comports()]
        found = [report for report in reports if report["found"]]
        if found:
            return found[0]
        message = "; ".join(r["message"] for r in reports) or "no serial ports found"
        return {"found": False, "message": message}
