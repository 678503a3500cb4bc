"""What the window asks of the running kiosk beyond screening: consent, enrolment and
forget-me for visitors; the PIN, status, exports, settings and the gate test for staff.

Qt-free, like all of kiosk/: the window calls these on its background thread, never on
the GUI thread (they touch the database, hash PINs, run models and probe serial ports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from serial.tools import list_ports

from drivers.camera import CameraStatus
from drivers.thermal.base import SensorStatus
from kiosk.alerts import Alert
from kiosk.commands.sensor import probe_port
from kiosk.operator.daily_counts import DailyCounts, today_counts, write_daily_counts
from kiosk.operator.pin import OperatorPin
from kiosk.operator.removable_media import removable_media
from kiosk.privacy.consent import ConsentLedger
from kiosk.privacy.notice import notice_for
from kiosk.recognition.enrolments import Enrolment, EnrolmentRegister
from kiosk.runtime import AUDIT_TAMPER, KioskRuntime
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


@dataclass(frozen=True)
class CountsExport:
    path: Path
    days: int
    on_removable: bool  # on a USB stick (else the kiosk's own data folder)


@dataclass
class KioskServices:
    runtime: KioskRuntime
    store: KioskStore
    pin: OperatorPin = field(init=False)
    ledger: ConsentLedger = field(init=False)

    def __post_init__(self) -> None:
        self.pin = OperatorPin(self.store.paths.config_dir, self.store.audit)
        self.ledger = ConsentLedger(self.store, self.settings.privacy, notice_for(self.settings))

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
        """Nothing of its own to release (the runtime owns the recognition worker)."""

    # --- visitor -----------------------------------------------------------------------

    @property
    def _recognition_ledger(self) -> ConsentLedger:
        """Consents and withdrawals on the recognition worker's own store connection, whose
        removal listeners keep the worker's gallery in step with every deletion."""
        store = self.runtime.recognition_store or self.store
        return ConsentLedger(store, self.settings.privacy, notice_for(self.settings))

    def record_consent(self, choice: ConsentChoice, under_14: bool, guardian: bool) -> int:
        return self.ledger.record_decision(choice, under_14=under_14, guardian_confirmed=guardian)

    def start_enrolment(self, under_14: bool, guardian: bool) -> bool:
        """Record the visitor's granted consent and begin their enrolment (countdown, checked
        frames); progress comes to the runtime's recognition listeners. False when
        recognition is not running."""
        consent_id = self.record_consent("granted", under_14, guardian)
        return self.runtime.start_enrolment(consent_id, ENROLMENT_LABEL)

    def cancel_enrolment(self) -> None:
        self.runtime.cancel_enrolment()

    def recognise_me(self) -> bool:
        """'Recognise me': this lookup's consent recorded, the visitor in front looked up;
        the answer comes to the recognition listeners. False when no face is in view."""
        consent_id = self._recognition_ledger.record_decision("granted", ("fast_pass",))
        return self.runtime.recognise(consent_id)

    def find_me(self) -> bool:
        """'Forget me', step one: look up the visitor in front under a forget-me request
        (never usable to enrol); the answer comes to the recognition listeners."""
        return self.runtime.recognise(self._recognition_ledger.record_forget_me_request())

    def forget(self, person_id: int) -> int:
        """'Forget me', step two: the visitor's template and enrolment deleted at once."""
        return self._recognition_ledger.withdraw(person_id)

    # --- operator ----------------------------------------------------------------------

    def status(self) -> KioskStatus:
        runtime = self.runtime
        return KioskStatus(
            service=runtime.service,
            camera=None if runtime.camera is None else runtime.camera.status(),
            sensor=None if runtime.sensor is None else runtime.sensor.status(),
            stages=tuple(runtime.health()),
            blackbody=runtime.blackbody_state(),
            gate="off" if runtime.gate is None else runtime.gate.state(),
            alerts=tuple(runtime.alerts.showing()),
            today=today_counts(self.store),
            scale=self.store.scale_status(),
        )

    def export_counts(self) -> CountsExport:
        """The daily counts (no person in them) to a mounted USB stick, else the data folder."""
        media = removable_media()
        path, days = write_daily_counts(self.store, media[0].mount_point if media else None)
        return CountsExport(path, days, on_removable=bool(media))

    def change_settings(self, changes: dict[str, Any], actor: str = "operator") -> SettingsChange:
        """Write the change into the operator's file (audited) and apply it to the running
        kiosk; `settings` in the result is what the kiosk now runs on."""
        change = self.runtime.change_settings(changes, actor, self.store)
        self.store.settings = change.settings.privacy
        self.ledger = ConsentLedger(
            self.store, change.settings.privacy, notice_for(change.settings)
        )
        return change

    def first_setup(self, pin: str, changes: dict[str, Any]) -> SettingsChange:
        self.pin.set_pin(pin, actor="setup")
        return self.change_settings(changes, actor="setup")

    def request_restart(self, actor: str = "operator") -> None:
        """Restart the kiosk (audited): the service manager, or the kiosk itself, starts it
        again with the settings as now written."""
        self.store.audit("kiosk_restart_requested", actor=actor)
        self.runtime.request_restart()

    def hold_screening(self, held: bool) -> None:
        """While a visitor is on a consent or forget-me screen nobody is screened, so no
        verdict is recorded (or opens the gate) that nobody would ever be shown."""
        self.runtime.hold_screening(held)

    def test_gate(self) -> bool:
        """Pulse the gate now (audited); False when no gate is configured."""
        gate = self.runtime.gate
        pulsed = gate is not None and gate.pulse()
        self.store.audit("gate_tested", pulsed=pulsed)
        return pulsed

    def enrolments(self, offset: int = 0, limit: int = 50) -> tuple[int, list[Enrolment]]:
        """How many people are enrolled, and a page of them (newest first; audited)."""
        register = EnrolmentRegister(self.runtime.recognition_store or self.store)
        return register.count(), register.page(offset, limit)

    def delete_enrolment(self, person_id: int) -> int:
        """Staff delete one enrolment by its number (audited); templates removed."""
        register = EnrolmentRegister(self.runtime.recognition_store or self.store)
        return register.delete(person_id)

    def acknowledge(self, alert_key: str) -> None:
        if alert_key == AUDIT_TAMPER:
            self.store.acknowledge_tamper(actor="operator")  # audited by the store
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
