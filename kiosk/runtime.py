"""The running kiosk, assembled: the composition root every way of running it shares.

From a `Launch` (the settings, where they came from, demo or not) it builds the devices,
the pipeline, the result sinks (record keeping, the gate relay), the watchdog with its
restart budget, the service monitor and the operator alerts, and applies settings
changes to each subsystem. Headless mode, the window and the self-test all run this; the
window only adds screens. Events (see docs/architecture.md) reach every subscriber: the
headless printer, the window's bridge, telemetry.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from drivers.camera import CameraSource, CameraState, OpenCVCamera
from drivers.thermal.base import SensorState, ThermalSensor
from drivers.thermal.registry import UnknownDriverError, open_sensor
from kiosk.alerts import AlertBoard, Severity
from kiosk.demo.recognition_script import DemoRecognition
from kiosk.demo.rig import DemoRig, build_demo_rig, demo_settings
from kiosk.gate_sink import GateSink
from kiosk.instance_lock import hold_instance_lock
from kiosk.paths import KioskPaths, kiosk_paths
from kiosk.pipeline import Pipeline, PipelineUpdate
from kiosk.recognition.enrolment import EnrolmentProgress
from kiosk.recognition.faces import face_from_points
from kiosk.recognition.worker import LookupResult, RecognitionWorker
from kiosk.recorder import ScreeningRecorder
from kiosk.screening import ScreeningResult
from kiosk.service_state import Fault, ServiceMonitor, ServiceState, ServiceStatus
from kiosk.settings import Settings
from kiosk.settings.changes import SettingsAudit, SettingsChange, apply_changes
from kiosk.settings.file import LoadedSettings
from kiosk.store import KioskStore, Purger, StoreError
from kiosk.supervision import EXIT_RESTART, EXIT_SELF_RESTART
from kiosk.telemetry.sink import Telemetry, start_telemetry
from kiosk.watchdog import Stage, StageHealth, Supervised

log = logging.getLogger(__name__)
# The alert for an audit log found edited, rolled back or wiped; acknowledging it is audited.
AUDIT_TAMPER = "audit_tamper"
Listener = Callable[[dict[str, Any]], None]
UpdateListener = Callable[[PipelineUpdate], None]
RecognitionListener = Callable[[LookupResult | EnrolmentProgress], None]


class StartupError(RuntimeError):
    """The kiosk cannot start; the message says what to do."""


@dataclass(frozen=True)
class Launch:
    """What to run: the settings (and where they came from), the demo or not, for how long."""

    loaded: LoadedSettings
    demo: bool = False
    seconds: float | None = None

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    @property
    def set_up(self) -> bool:
        """The kiosk has been set up: it has a settings file (the demo needs none)."""
        return self.loaded.found or self.demo

    def paths(self) -> KioskPaths:
        """The folders this launch keeps its files in, created and checked: the demo's own
        (KioskPaths.for_demo), so simulated verdicts never enter the kiosk's records."""
        paths = kiosk_paths()
        return (paths.for_demo() if self.demo else paths).ensure()


@contextlib.contextmanager
def devices(settings: Settings) -> Iterator[tuple[CameraSource, ThermalSensor]]:
    """The camera and thermometer the settings name (the demo's are its rig's)."""
    try:
        sensor = open_sensor(settings.sensor.driver, settings.sensor.port, settings.sensor.baud)
    except UnknownDriverError as error:
        raise StartupError(str(error)) from error
    yield (
        OpenCVCamera(settings.camera.source, settings.camera.width, settings.camera.height),
        sensor,
    )


class RecordKeeping:
    """The result sink that keeps records: the store, its retention purger and the screening
    recorder. Brings the recorder and purger to the pipeline's watchdog."""

    def __init__(self, paths: KioskPaths, settings: Settings, emit: Listener) -> None:
        self._paths = paths
        self._settings = settings
        self._emit = emit
        self.purger: Purger | None = None
        self.recorder = ScreeningRecorder(self._open_store, emit, on_open=self._start_purger)

    def _open_store(self) -> KioskStore:
        store = KioskStore.open(self._paths, self._settings.privacy)
        # Only this connection reports: the window's and recognition's see the same findings.
        for finding in store.tamper_findings:
            self._emit(
                {
                    "event": "store",
                    "state": "tampered",
                    "kind": finding.kind,
                    "message": finding.message,
                }
            )
        return store

    def _start_purger(self, store: KioskStore) -> None:
        def clock_alert(message: str) -> None:
            self._emit({"event": "store", "state": "clock_leap", "message": message})

        self.purger = Purger.from_settings(store, self._settings.privacy, on_alert=clock_alert)
        self.purger.start()

    def __call__(self, result: ScreeningResult, masked: bool | None = None) -> None:
        self.recorder.record(result, masked)

    def apply(self, settings: Settings) -> None:
        """New retention windows and privacy settings, from the next purge on."""
        self._settings = settings
        store, purger = self.recorder.store, self.purger
        if store is not None:
            store.settings = settings.privacy
        if purger is not None:
            # Read at each purge; the next scheduled one uses them.
            purger.retention = settings.privacy.retention
            purger.interval = timedelta(minutes=settings.privacy.purge_interval_minutes)

    def stages(self) -> Sequence[Stage]:
        return (self.recorder.worker,) + (() if self.purger is None else (self.purger.worker,))

    def close(self) -> None:
        self.recorder.stop()
        if self.purger is not None:
            self.purger.stop()
        if self.recorder.store is not None:
            self.recorder.store.close()


@contextlib.contextmanager
def record_keeping(
    paths: KioskPaths, settings: Settings, emit: Listener
) -> Iterator[RecordKeeping]:
    """Record keeping for the kiosk's lifetime.

    A store that cannot be opened (or written) is reported and opened again every few
    seconds; the kiosk goes out of service meanwhile (it cannot keep the records it must).
    """
    keeping = RecordKeeping(paths, settings, emit)
    keeping.recorder.start()
    try:
        yield keeping
    finally:
        keeping.close()


class KioskRuntime:
    """The kiosk for one launch. Use as a context manager: entering starts everything."""

    def __init__(self, launch: Launch, paths: KioskPaths) -> None:
        self.launch = launch
        self.paths = paths
        self.settings = launch.settings
        self.alerts = AlertBoard(self._announce)
        self.exit_code: int | None = None  # set when the kiosk must end itself (budget spent)
        self.stopping = threading.Event()
        self._listeners: list[Listener] = []
        self._update_listeners: list[UpdateListener] = []
        self._lock = threading.Lock()
        self._stack = contextlib.ExitStack()
        self.camera: CameraSource | None = None
        self.sensor: ThermalSensor | None = None
        self.demo_rig: DemoRig | None = None
        self.pipeline: Pipeline | None = None
        self.records: RecordKeeping | None = None
        self.gate: GateSink | None = None
        self.recognition: RecognitionWorker | None = None
        self._recognition_store: KioskStore | None = None
        self._recognition_listeners: list[RecognitionListener] = []
        self._latest: PipelineUpdate | None = None
        self.monitor = ServiceMonitor(self._faults, self._service_changed)

    # --- events ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Hear every event (on whichever thread raised it)."""
        with self._lock:
            self._listeners.append(listener)

    def subscribe_updates(self, listener: UpdateListener) -> None:
        """Receive every processed frame (the window's preview)."""
        with self._lock:
            self._update_listeners.append(listener)

    def subscribe_recognition(self, listener: RecognitionListener) -> None:
        """Receive lookup answers and enrolment progress (with labels: the visitor's screen
        only; events carry the enrolment number, never the label)."""
        with self._lock:
            self._recognition_listeners.append(listener)

    def emit(self, event: dict[str, Any]) -> None:
        """An event from any part of the kiosk: to every listener, and to the alert board."""
        self._announce(event)
        self._alert_for(event)

    def _announce(self, event: dict[str, Any]) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # one broken listener must not silence the others
                log.exception("event listener %r failed", listener)

    def _update(self, update: PipelineUpdate) -> None:
        self._latest = update
        recognition = self.recognition
        if recognition is not None and recognition.enrolling:
            recognition.offer_frame(update.frame.image, update.frame.t)
        with self._lock:
            listeners = list(self._update_listeners)
        for listener in listeners:
            listener(update)

    def _alert_for(self, event: dict[str, Any]) -> None:
        """Turn the events that need a person into alerts (device faults come from the
        service monitor, gate failures from the gate sink)."""
        kind, state = event.get("event"), event.get("state")
        message = str(event.get("message", ""))
        if kind == "store" and state in ("failing", "unavailable"):
            self.alerts.raise_alert("store", Severity.CRITICAL, message, needs_ack=True)
        elif kind == "store" and state == "recording":
            self.alerts.clear("store")
        elif kind == "store" and state == "tampered":
            self.alerts.raise_alert(AUDIT_TAMPER, Severity.CRITICAL, message, needs_ack=True)
        elif kind == "store" and state == "clock_leap":
            self.alerts.raise_alert("clock_leap", Severity.WARNING, message, needs_ack=True)
        elif kind == "watchdog" and state == "restarted":
            key = f"restart:{event['stage']}"
            self.alerts.raise_alert(key, Severity.INFO, message, needs_ack=True)
        elif kind == "watchdog" and state == "budget_spent":
            self.alerts.raise_alert("restart_budget", Severity.CRITICAL, message, needs_ack=True)
        elif kind == "settings" and state == "last_good":
            self.alerts.raise_alert("settings", Severity.WARNING, message)

    # --- running -----------------------------------------------------------------------

    def __enter__(self) -> KioskRuntime:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Open the devices and start screening; raises ModelError / StartupError, and
        KioskAlreadyRunningError when another kiosk runs on this KIOSK_HOME."""
        self._stack.enter_context(hold_instance_lock(self.paths))
        # First in, last out: telemetry hears every event, and says 'offline' after the rest.
        self.telemetry: Telemetry | None = start_telemetry(self)  # None unless [telemetry] on
        if self.telemetry is not None:
            self.subscribe(self.telemetry.hear)
            self._stack.callback(self.telemetry.stop)
        if self.launch.loaded.warning:
            self.emit(
                {"event": "settings", "state": "last_good", "message": self.launch.loaded.warning}
            )
        settings = self.settings
        if self.launch.demo:
            # The demo's simulated devices; its simulator is reachable for fault drills.
            self.demo_rig = build_demo_rig(settings)
            self._stack.callback(self.demo_rig.close)
            self.camera, self.sensor = self.demo_rig.camera, self.demo_rig.sensor
        else:
            self.camera, self.sensor = self._stack.enter_context(devices(settings))
        self.records = self._stack.enter_context(record_keeping(self.paths, settings, self.emit))
        self.gate = GateSink(settings.operator.gate, self.alerts)
        self._stack.callback(self.gate.close)
        self._start_recognition(settings)
        self.pipeline = Pipeline(
            settings,
            self.camera,
            self.sensor,
            self.emit,
            self._update,
            on_result=self._result,
            supervised=(self.records, _MonitorStages(self.monitor), self._recognition_stages()),
            on_budget_spent=self._budget_spent,
        )
        self.pipeline.start()
        self._stack.callback(self.pipeline.stop)
        self.monitor.start()
        self._stack.callback(self.monitor.stop)

    def stop(self) -> None:
        self.stopping.set()
        self._stack.close()

    def _result(self, result: ScreeningResult) -> None:
        assert self.records is not None and self.gate is not None
        face = self._latest_face()
        masked = None if face is None else face.masked
        self.records(result, masked)
        self.gate(result)
        latest, recognition = self._latest, self.recognition
        if recognition is not None and latest is not None and face is not None:
            recognition.lookup_automatically(latest.frame.image, latest.frame.t, face.points)

    # --- recognition -------------------------------------------------------------------

    def _start_recognition(self, settings: Settings) -> None:
        """The recognition worker, on a store connection of its own, while recognition is
        offered or anyone is still enrolled (so 'Forget me' works after it is switched off).
        A store that cannot be opened leaves screening running, with an alert."""
        try:
            store = KioskStore.open(self.paths, settings.privacy)
        except StoreError as error:
            self.alerts.raise_alert(
                "recognition", Severity.WARNING, f"Face recognition is unavailable: {error}"
            )
            return
        if not settings.recognition.enabled and store.count_people() == 0:
            store.close()
            return
        self._recognition_store = store
        self._stack.callback(store.close)
        worker = RecognitionWorker(
            store,
            settings.recognition,
            on_lookup=self._looked_up,
            on_enrolment=self._enrolment_progress,
            horizontal_fov_deg=settings.camera.horizontal_fov_deg,
        )
        worker.start()
        self._stack.callback(worker.stop)
        self.recognition = worker
        if self.demo_rig is not None and settings.privacy.enrolment_enabled:
            script = DemoRecognition(worker, store, settings, self.demo_rig.scene, self.recognise)
            self._stack.callback(script.stop)
            self.subscribe_updates(script.on_update)

    @property
    def recognition_store(self) -> KioskStore | None:
        """The recognition worker's store connection (its gallery follows its deletions)."""
        return self._recognition_store

    def _recognition_stages(self) -> Supervised:
        return _WorkerStages(lambda: self.recognition)

    def _latest_face(self) -> SeenFace | None:
        """The nearest face of the newest frame and whether it wears a mask (None: no face)."""
        latest = self._latest
        if latest is None or latest.vision is None or not latest.vision.faces:
            return None
        face = max(latest.vision.faces, key=lambda f: f.eye_spacing_px)
        points = face.landmarks
        return SeenFace(points, face_from_points(latest.frame.image, points).masked)

    def recognise(self, consent_id: int) -> bool:
        """Look up the visitor in front now ('Recognise me', consent recorded); the answer
        comes to the recognition listeners. False when recognition is off or no face is seen."""
        latest, recognition, face = self._latest, self.recognition, self._latest_face()
        if recognition is None or latest is None or face is None:
            return False
        recognition.lookup(latest.frame.image, consent_id, latest.frame.t, face.points)
        return True

    def start_enrolment(self, consent_id: int, label: str) -> bool:
        recognition = self.recognition
        if recognition is None:
            return False
        recognition.start_enrolment(consent_id, label, time.monotonic())
        return True

    def cancel_enrolment(self) -> None:
        if self.recognition is not None:
            self.recognition.cancel_enrolment()

    def _looked_up(self, result: LookupResult) -> None:
        if result.person_id is not None:
            self.emit(
                {
                    "event": "recognised",
                    "t": round(self.pipeline.elapsed(result.t), 3) if self.pipeline else 0.0,
                    "person_id": result.person_id,
                    "score": round(result.score, 3),
                    "masked": result.masked,
                    "automatic": result.automatic,
                }
            )
        self._tell_recognition(result)

    def _enrolment_progress(self, progress: EnrolmentProgress) -> None:
        self._tell_recognition(progress)

    def _tell_recognition(self, news: LookupResult | EnrolmentProgress) -> None:
        with self._lock:
            listeners = list(self._recognition_listeners)
        for listener in listeners:
            try:
                listener(news)
            except Exception:
                log.exception("recognition listener %r failed", listener)

    def request_restart(self) -> None:
        """End with the restart status; the main loop's caller starts the kiosk again."""
        self.exit_code = EXIT_RESTART
        self.stopping.set()

    def hold_screening(self, held: bool) -> None:
        if self.pipeline is not None:
            self.pipeline.hold("visitor_flow" if held else "")

    def _budget_spent(self, message: str) -> None:
        """The watchdog gave up: out of service now, and end so the supervisor restarts us."""
        self.exit_code = EXIT_SELF_RESTART
        self.monitor.check()
        self.stopping.set()

    # --- service state -----------------------------------------------------------------

    def _faults(self) -> list[Fault]:
        faults: list[Fault] = []
        port_unset = not self.settings.sensor.port and not self.launch.demo
        if port_unset:
            faults.append(
                Fault("not_set_up", "The thermometer's serial port is not set: open set-up.")
            )
        if self.camera is not None:
            camera = self.camera.status()
            if camera.state is not CameraState.STREAMING:
                settling = camera.state is CameraState.STARTING
                message = camera.message or "The camera is starting."
                faults.append(Fault("camera", message, settling))
        if self.sensor is not None and not port_unset:
            sensor = self.sensor.status()
            if sensor.state is not SensorState.CONNECTED:
                settling = sensor.state in (SensorState.STARTING, SensorState.NO_DATA)
                faults.append(Fault("sensor", sensor.message, settling))
        pipeline = self.pipeline
        if pipeline is not None:
            if pipeline.paused_because.startswith("blackbody"):
                faults.append(Fault("blackbody", pipeline.paused_because))
            for name in pipeline.watchdog.stalled():
                faults.append(Fault(f"stage:{name}", f"The {name} stage is not responding."))
            if pipeline.watchdog.budget_spent:
                faults.append(Fault("restart_budget", "The kiosk is restarting itself."))
        recorder = None if self.records is None else self.records.recorder
        if recorder is not None and recorder.failing:
            faults.append(Fault("store", "Screening records cannot be kept."))
        return faults

    def _service_changed(self, status: ServiceStatus) -> None:
        self._announce(status.event())
        shown = {fault.key for fault in status.faults}
        for fault in status.faults:
            if fault.key in ("store", "restart_budget"):
                continue  # raised from their own events, with the full reason
            self.alerts.raise_alert(fault.key, Severity.CRITICAL, fault.message)
        for key in ("camera", "sensor", "blackbody", "not_set_up"):
            if key not in shown and status.state is not ServiceState.STARTING:
                self.alerts.clear(key)
        for alert in self.alerts.showing():
            if alert.key.startswith("stage:") and alert.key not in shown:
                self.alerts.clear(alert.key)

    @property
    def service(self) -> ServiceStatus:
        return self.monitor.status

    def blackbody_state(self) -> str:
        """'off' (none configured), 'in place', or why the reference cannot be used now."""
        if not self.settings.fusion.blackbody:
            return "off"
        pipeline = self.pipeline
        if pipeline is not None and pipeline.paused_because.startswith("blackbody"):
            return pipeline.paused_because
        return "in place"

    def healthy(self) -> bool:
        """The kiosk's own machinery runs (whatever the devices do): the main loop may tell
        the service manager it is alive. False once the watchdog has given up or the service
        monitor itself has stopped."""
        pipeline = self.pipeline
        if pipeline is None or pipeline.watchdog.budget_spent:
            return False
        return "service" not in pipeline.watchdog.stalled()

    def health(self) -> list[StageHealth]:
        return [] if self.pipeline is None else self.pipeline.health()

    # --- settings ----------------------------------------------------------------------

    def change_settings(
        self, changes: dict[str, Any], actor: str, audit: SettingsAudit
    ) -> SettingsChange:
        """Write `changes` into the operator's file (audited, validated as a whole) and hand
        each subsystem its part at once; device settings wait for a restart."""
        change = apply_changes(self.launch.loaded.path, changes, actor=actor, audit=audit)
        running = demo_settings(change.settings) if self.launch.demo else change.settings
        if change.needs_restart:
            # Keep the devices the kiosk runs with until it restarts.
            running = _with_devices_of(running, self.settings)
        self.apply(running)
        self.emit(
            {
                "event": "settings",
                "state": "changed",
                "keys": list(change.changed),
                "restart_needed": list(change.needs_restart),
                "actor": actor,
                "message": "",
            }
        )
        return SettingsChange(running, change.changed)

    def apply(self, settings: Settings) -> None:
        self.settings = settings
        if self.pipeline is not None:
            self.pipeline.apply_settings(settings)
        if self.records is not None:
            self.records.apply(settings)
        if self.gate is not None:
            self.gate.apply(settings.operator.gate)
        if self.recognition is not None:
            self.recognition.update_settings(settings.recognition)

    @property
    def settings_path(self) -> Path:
        return self.launch.loaded.path


def _with_devices_of(settings: Settings, running: Settings) -> Settings:
    return replace(settings, camera=running.camera, sensor=running.sensor)


@dataclass(frozen=True)
class SeenFace:
    points: np.ndarray  # the pipeline's points of the face: the mesh, or YuNet's keypoints
    masked: bool


class _WorkerStages:
    """The recognition worker's thread (once it exists), supervised like every other stage."""

    def __init__(self, worker: Callable[[], RecognitionWorker | None]) -> None:
        self._worker = worker

    def stages(self) -> Sequence[Stage]:
        worker = self._worker()
        return () if worker is None else worker.stages()


class _MonitorStages:
    """The service monitor's thread, supervised like every other stage."""

    def __init__(self, monitor: ServiceMonitor) -> None:
        self._monitor = monitor

    def stages(self) -> Sequence[Stage]:
        return (self._monitor.worker,)
