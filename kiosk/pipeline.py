"""Wiring drivers → vision → fusion → screening on worker threads.

The camera and the thermometer each run their own driver thread. One vision worker
takes the newest frame (older ones are dropped, never queued), finds faces, pairs
the frame with the newest thermal reading and steps the screening state machine.
Results leave through callbacks, which the UI turns into queued Qt signals.

A device fault pauses screening (the screen says why) and never stops the worker; a
watchdog restarts any stage that stops beating (see watchdog.py) and `health()` shows
each stage's last beat and restart count to the operator panel.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from drivers.camera import CameraSource, CameraState, Frame
from drivers.thermal.base import SensorState, ThermalSensor
from kiosk.screening import Phase, Screening, ScreeningResult, ScreeningView
from kiosk.settings import Settings
from kiosk.vision.cascade import FaceCascade
from kiosk.vision.landmarks import FaceLandmarks, VisionResult
from kiosk.watchdog import STALL_S, Beat, Stage, StageHealth, Supervised, Watchdog, Worker

log = logging.getLogger(__name__)
FRAME_WAIT_S = 0.5
STAGE_HISTORY = 600  # latency samples kept per stage for the status panel and benchmarks


@dataclass(frozen=True)
class PipelineUpdate:
    """One processed frame: what the preview and the screen need."""

    frame: Frame
    vision: VisionResult | None
    view: ScreeningView


@dataclass
class StageTimes:
    """Recent per-stage latencies, seconds: frame age when picked up, landmarks, fusion."""

    capture: deque[float] = field(default_factory=lambda: deque(maxlen=STAGE_HISTORY))
    landmarks: deque[float] = field(default_factory=lambda: deque(maxlen=STAGE_HISTORY))
    fusion: deque[float] = field(default_factory=lambda: deque(maxlen=STAGE_HISTORY))
    processed: int = 0


def verdict_event(result: ScreeningResult, t: float) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event": "verdict",
        "t": round(t, 3),
        "temperature_c": result.temperature_c,
        "verdict": str(result.verdict),
        "time_to_verdict_s": round(result.time_to_verdict_s, 3),
    }
    if result.reason:
        event["reason"] = result.reason
    if result.threshold_c is not None:
        event["threshold_c"] = round(result.threshold_c, 2)
    if result.uncertainty_c is not None:
        event["uncertainty_c"] = result.uncertainty_c
    if result.clear_of_threshold is not None:
        event["clear_of_threshold"] = result.clear_of_threshold
    measurement = result.measurement
    if measurement is not None:
        event["raw_c"] = round(measurement.raw_c, 2)
        event["site"] = str(measurement.site)
        event["low_confidence"] = measurement.low_confidence
        event["distance_m"] = round(measurement.distance_m, 2)
        event["corrections"] = {c.name: c.delta_c for c in measurement.corrections}
    return event


class OutcomeEvents:
    """The JSON events headless mode and replay print for what screening decided: each
    verdict, and each change of the reason screening is paused for (a blackbody out of
    place, say), so both print the same thing for the same session."""

    def __init__(self) -> None:
        self._paused = ""

    def events(
        self, view: ScreeningView, result: ScreeningResult | None, t: float
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        paused = view.paused_reason if view.phase is Phase.PAUSED else ""
        if paused != self._paused:
            self._paused = paused
            events.append({"event": "paused", "t": round(t, 3), "reason": paused})
        if result is not None:
            events.append(verdict_event(result, t))
        return events


class CameraStage:
    """The camera's capture thread as the watchdog sees it."""

    name = "camera"

    def __init__(self, camera: CameraSource, stall_s: float) -> None:
        self.camera = camera
        self.stall_s = stall_s

    def last_beat(self) -> float:
        return self.camera.last_beat()

    def restart(self) -> None:
        self.camera.restart()


class SensorStage:
    """The thermometer's reader thread as the watchdog sees it.

    A live reader either delivers readings or reports the sensor as not connected within
    a few seconds; a 'connected' sensor whose newest reading keeps ageing has a dead
    reader thread. A sensor that is unplugged or silent is the driver's own business.
    """

    name = "sensor"

    def __init__(self, sensor: ThermalSensor, stall_s: float) -> None:
        self.sensor = sensor
        self.stall_s = stall_s
        self._restarted = time.monotonic()

    def last_beat(self) -> float:
        now = time.monotonic()
        if self.sensor.status().state is not SensorState.CONNECTED:
            return now
        reading = self.sensor.latest()
        return max(self._restarted, reading.t if reading is not None else 0.0)

    def restart(self) -> None:
        self._restarted = time.monotonic()
        self.sensor.stop()
        self.sensor.start()


class Pipeline:
    """Owns the vision worker; starts and stops the camera and thermometer with it.

    When `on_result` brings worker stages of its own (the record keeping), the pipeline's
    watchdog supervises them too.
    """

    def __init__(
        self,
        settings: Settings,
        camera: CameraSource,
        sensor: ThermalSensor,
        on_event: Callable[[dict[str, Any]], None],
        on_update: Callable[[PipelineUpdate], None] | None = None,
        on_result: Callable[[ScreeningResult], None] | None = None,
        *,
        stall_s: float = STALL_S,
        supervised: Sequence[Supervised] = (),
        on_budget_spent: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self.camera = camera
        self.sensor = sensor
        self.times = StageTimes()
        self._on_event = on_event
        self._on_update = on_update
        self._on_result = on_result
        self._screening = Screening(settings.screening, settings.fusion)
        self._pending_settings: Settings | None = None  # taken over by the vision thread
        self._held = ""  # why screening is held by the kiosk itself ("" when it is not)
        self.paused_because = ""  # why screening is paused right now ("" when it is not)
        self._outcomes = OutcomeEvents()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._start_t = time.monotonic()
        self._last_status: tuple[str, str, str] | None = None
        self._vision = Worker("vision", self._run, stall_s)
        own: tuple[Stage, ...] = (
            self._vision,
            CameraStage(camera, stall_s),
            SensorStage(sensor, stall_s),
        )

        others = (*supervised, *((on_result,) if isinstance(on_result, Supervised) else ()))

        def stages() -> Sequence[Stage]:
            return own + tuple(stage for other in others for stage in other.stages())

        self.watchdog = Watchdog(stages, self._emit, on_budget_spent=on_budget_spent)

    def start(self) -> None:
        """Start the devices and the worker; raises the landmarker's error if it cannot load."""
        self._start_t = time.monotonic()
        self.sensor.start()
        self.camera.start()
        self._vision.start()
        self._ready.wait()
        if self._error is not None:
            self.stop()
            raise self._error
        self.watchdog.start()

    def stop(self) -> None:
        self.watchdog.stop()
        self._vision.stop()
        self.camera.stop()
        self.sensor.stop()

    def health(self) -> list[StageHealth]:
        """Each supervised stage's seconds since its last beat and its restart count."""
        return self.watchdog.health()

    def apply_settings(self, settings: Settings) -> None:
        """Take over new fusion and screening settings from the next frame on (the visitor
        being measured starts again); the devices keep theirs until the kiosk restarts."""
        self._pending_settings = settings

    def hold(self, reason: str) -> None:
        """Hold screening (no measuring, no verdict) for `reason`, or resume with ""."""
        self._held = reason

    def elapsed(self, t: float) -> float:
        return t - self._start_t

    def _emit(self, event: dict[str, Any]) -> None:
        event.setdefault("t", round(self.elapsed(time.monotonic()), 3))
        self._on_event(event)

    def _run(self, stop: threading.Event, beat: Beat) -> None:
        try:
            # MediaPipe graphs are used on the thread that made them. YuNet finds the faces
            # (masked ones) the landmarker misses.
            landmarker = FaceCascade(self.settings.camera.horizontal_fov_deg)
        except Exception as error:  # reported to start()'s caller; after a restart, logged
            log.error("the face landmarker cannot be loaded: %s", error)
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        last_index = 0
        with landmarker:
            while not stop.is_set():
                beat()
                frame = self.camera.slot.wait_newer(last_index, FRAME_WAIT_S)
                try:
                    last_index = self._step(landmarker, frame, last_index)
                except Exception:
                    # One bad frame or callback must not end screening; the next frame is tried.
                    log.exception("vision step failed")

    def _step(self, landmarker: FaceLandmarks, frame: Frame | None, last_index: int) -> int:
        """Process `frame` (or pause); returns the index of the newest frame seen."""
        pending, self._pending_settings = self._pending_settings, None
        if pending is not None:
            self.settings = pending
            self._screening = Screening(pending.screening, pending.fusion)
        paused = self._paused_reason() or self._held
        if frame is None or paused:
            self.paused_because = paused or "camera"
            view = self._screening.pause(self.paused_because)
            # With no new frame the screen keeps the last one, under the paused notice.
            shown = frame or self.camera.slot.latest()
            if shown is not None:
                self._publish(PipelineUpdate(shown, None, view))
            return last_index if frame is None else frame.index
        self._process(landmarker, frame)
        return frame.index

    def _process(self, landmarker: FaceLandmarks, frame: Frame) -> None:
        picked = time.monotonic()
        vision = landmarker.detect(frame.image, frame.t)
        landmarked = time.monotonic()
        view, result = self._screening.update(vision, self.sensor.latest())
        self.paused_because = view.paused_reason if view.phase is Phase.PAUSED else ""
        fused = time.monotonic()
        self.times.capture.append(picked - frame.t)
        self.times.landmarks.append(landmarked - picked)
        self.times.fusion.append(fused - landmarked)
        self.times.processed += 1
        for event in self._outcomes.events(view, result, self.elapsed(frame.t)):
            self._on_event(event)
        if result is not None and self._on_result is not None:
            self._on_result(result)
        self._publish(PipelineUpdate(frame, vision, view))

    def _publish(self, update: PipelineUpdate) -> None:
        if self._on_update is not None:
            self._on_update(update)

    def _paused_reason(self) -> str:
        """'' when screening can run; otherwise which device is down. Reports changes once."""
        camera = self.camera.status()
        sensor = self.sensor.status()
        key = (str(camera.state), str(sensor.state), camera.message + sensor.message)
        if key != self._last_status:
            self._last_status = key
            self._on_event(
                {
                    "event": "status",
                    "t": round(self.elapsed(time.monotonic()), 3),
                    "camera": str(camera.state),
                    "sensor": str(sensor.state),
                    "message": " ".join(m for m in (camera.message, sensor.message) if m),
                }
            )
        if camera.state is not CameraState.STREAMING:
            return "camera"
        if sensor.state is not SensorState.CONNECTED:
            return "sensor"
        return ""
