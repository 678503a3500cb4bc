"""The per-visitor screening state machine: guide, measure until stable, decide, show.

idle → guiding ("step closer", "one person at a time", "look at the screen") →
measuring (stable over a few distinct thermal readings) → result (normal / elevated /
retake) → idle once the visitor has left. A face with no skin-warm pixel (a photo, a screen)
is "not screened", never given a number. While the camera or thermometer is down, or the
blackbody reference is out of place, the machine is paused: it never shows a number it
could not measure just now.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from drivers.thermal.base import ThermalReading
from kiosk.corrections import check_blackbody
from kiosk.fusion import Measurement, MeasureProblem, measure
from kiosk.registration import oriented
from kiosk.settings import FusionSettings, ScreeningSettings
from kiosk.thresholds import AlarmThreshold
from kiosk.vision.landmarks import FaceObservation, VisionResult

MAX_YAW = 0.35  # beyond this the canthi are foreshortened and partly hidden
# A second face this large relative to the nearest one is another visitor, not a passer-by.
SECOND_FACE_RATIO = 0.6


class Phase(StrEnum):
    IDLE = "idle"
    GUIDING = "guiding"
    MEASURING = "measuring"
    RESULT = "result"
    PAUSED = "paused"


class Guidance(StrEnum):
    STEP_CLOSER = "step_closer"
    STEP_BACK = "step_back"
    ONE_PERSON = "one_person"
    LOOK_AT_SCREEN = "look_at_screen"
    MOVE_TO_CENTRE = "move_to_centre"
    HOLD_STILL = "hold_still"
    REMOVE_GLASSES = "remove_glasses"  # the eyes are covered and no forehead could be read


class Verdict(StrEnum):
    NORMAL = "normal"
    ELEVATED = "elevated"  # see staff for a confirmatory clinical measurement
    RETAKE = "retake"
    NOT_SCREENED = "not_screened"  # no skin temperature on the "face": a photo or a screen


@dataclass(frozen=True)
class ScreeningResult:
    t: float
    verdict: Verdict
    temperature_c: float | None  # None for a retake or not screened: never a guess
    # why a retake: "unstable", "implausible_reading" (too hot for skin, too cold for a body);
    # why not screened: "no_skin_temperature"
    reason: str
    measurement: Measurement | None
    time_to_verdict_s: float  # from entering the measuring zone
    threshold_c: float | None = None  # what a normal / elevated verdict was judged against


@dataclass(frozen=True)
class ScreeningView:
    """What the screen should show now."""

    phase: Phase
    guidance: Guidance | None = None
    progress: float = 0.0  # 0…1 while measuring
    result: ScreeningResult | None = None
    face: FaceObservation | None = None
    paused_reason: str = ""


PROBLEM_GUIDANCE = {
    MeasureProblem.OUTSIDE_THERMAL_VIEW: Guidance.MOVE_TO_CENTRE,
    MeasureProblem.OUTSIDE_SPOT: Guidance.MOVE_TO_CENTRE,
    MeasureProblem.TOO_FEW_PIXELS: Guidance.STEP_CLOSER,
    # The region reaches the face's outline: a larger (nearer) face puts it well inside.
    MeasureProblem.AT_FACE_EDGE: Guidance.STEP_CLOSER,
    MeasureProblem.EYES_COVERED: Guidance.REMOVE_GLASSES,
}


class Screening:
    """Feed it every processed frame; it says what to show and, once, each verdict."""

    def __init__(self, screening: ScreeningSettings, fusion: FusionSettings) -> None:
        self.screening = screening
        self.fusion = fusion
        self._phase = Phase.IDLE
        self._samples: deque[Measurement] = deque(maxlen=fusion.stable_frames)
        self._zone_entered = 0.0
        self._result: ScreeningResult | None = None
        self.threshold = AlarmThreshold(screening)
        self._blackbody: tuple[float, float | None, str] | None = None  # reading t, delta, problem

    @property
    def phase(self) -> Phase:
        return self._phase

    def pause(self, reason: str) -> ScreeningView:
        """A device or the blackbody reference is unusable: drop the measurement in progress."""
        self._phase = Phase.PAUSED
        self._samples.clear()
        self._result = None
        return ScreeningView(Phase.PAUSED, paused_reason=reason)

    def update(
        self, vision: VisionResult, reading: ThermalReading | None
    ) -> tuple[ScreeningView, ScreeningResult | None]:
        now = vision.t
        face = _nearest(vision.faces)
        blackbody_delta, blackbody_problem = self._blackbody_check(reading)
        if blackbody_problem:
            return self.pause(f"blackbody: {blackbody_problem}"), None
        if self._phase is Phase.PAUSED:
            self._phase = Phase.IDLE
        if self._phase is Phase.RESULT and self._result is not None:
            held = now - self._result.t < self.screening.result_hold_s
            if held or (face is not None and _same_visitor_still_there(face, self.screening)):
                return ScreeningView(Phase.RESULT, result=self._result, face=face), None
            self._result = None
        if face is None:
            return self._to(Phase.IDLE), None
        spot = reading is not None and reading.pixels is None
        guidance = self._guidance(vision.faces, face, spot)
        if guidance is not None:
            return self._to(Phase.GUIDING, guidance, face), None
        if self._phase is not Phase.MEASURING:
            self._phase = Phase.MEASURING
            self._zone_entered = now
            self._samples.clear()
        result = self._measure(face, now, reading, blackbody_delta)
        if isinstance(result, MeasureProblem):
            if result in PROBLEM_GUIDANCE:
                return self._to(Phase.GUIDING, PROBLEM_GUIDANCE[result], face), None
        elif result is not None:
            self._phase = Phase.RESULT
            self._result = result
            return ScreeningView(Phase.RESULT, result=result, face=face), result
        if now - self._zone_entered > self.screening.measure_timeout_s:
            retake = self._final(now, Verdict.RETAKE, "unstable", None)
            return ScreeningView(Phase.RESULT, result=retake, face=face), retake
        progress = len(self._samples) / self.fusion.stable_frames
        return ScreeningView(Phase.MEASURING, Guidance.HOLD_STILL, progress, face=face), None

    def _to(
        self, phase: Phase, guidance: Guidance | None = None, face: FaceObservation | None = None
    ) -> ScreeningView:
        self._phase = phase
        self._samples.clear()
        return ScreeningView(phase, guidance, face=face)

    def _blackbody_check(self, reading: ThermalReading | None) -> tuple[float | None, str]:
        """The drift correction from the reference in this reading, or why it is unusable."""
        if not self.fusion.blackbody or reading is None or reading.pixels is None:
            return None, ""
        if self._blackbody is None or self._blackbody[0] != reading.t:
            check = check_blackbody(oriented(reading.pixels, self.fusion), self.fusion)
            self._blackbody = (reading.t, check.delta_c, check.problem)
        _, delta, problem = self._blackbody
        return (None, problem) if problem else (delta, "")

    def _guidance(
        self, faces: tuple[FaceObservation, ...], face: FaceObservation, spot: bool
    ) -> Guidance | None:
        near = [f for f in faces if f.eye_spacing_px >= SECOND_FACE_RATIO * face.eye_spacing_px]
        if len(near) > 1:
            return Guidance.ONE_PERSON
        # A single-point sensor has its own, much shorter, working distance.
        low, high = (
            (self.fusion.spot_min_distance_m, self.fusion.spot_max_distance_m)
            if spot
            else (self.screening.min_distance_m, self.screening.max_distance_m)
        )
        if face.distance_m > high:
            return Guidance.STEP_CLOSER
        if face.distance_m < low:
            return Guidance.STEP_BACK
        if abs(face.yaw) > MAX_YAW:
            return Guidance.LOOK_AT_SCREEN
        return None

    def _measure(
        self,
        face: FaceObservation,
        now: float,
        reading: ThermalReading | None,
        blackbody_delta: float | None,
    ) -> ScreeningResult | MeasureProblem | None:
        if reading is None:
            return MeasureProblem.STALE_READING
        if self._samples and reading.t <= self._samples[-1].reading_t:
            return None  # the same thermal frame again: it adds no information
        sample = measure(face, now, reading, self.fusion, blackbody_delta)
        if isinstance(sample, MeasureProblem):
            return sample
        if self._samples and self._samples[-1].site is not sample.site:
            self._samples.clear()  # canthus and forehead readings are different quantities
        self._samples.append(sample)
        if len(self._samples) < self.fusion.stable_frames:
            return None
        raw = [s.raw_c for s in self._samples]
        distances = [s.distance_m for s in self._samples]
        if (
            max(raw) - min(raw) > self.fusion.stable_spread_c
            or max(distances) - min(distances) > self.fusion.stable_distance_m
        ):
            return None  # keep going: the oldest sample drops out of the window
        if statistics.median(s.face_max_c for s in self._samples) < self.screening.min_skin_c:
            return self._final(now, Verdict.NOT_SCREENED, "no_skin_temperature", sample)
        if min(raw) > self.screening.max_skin_c:
            return self._final(now, Verdict.RETAKE, "implausible_reading", sample)
        body = statistics.median(s.body_c for s in self._samples)
        if body < self.screening.min_body_c:
            return self._final(now, Verdict.RETAKE, "implausible_reading", sample)
        threshold = self.threshold.value_c
        verdict = Verdict.ELEVATED if body >= threshold else Verdict.NORMAL
        if verdict is Verdict.NORMAL:
            self.threshold.observe_normal(body)
        return ScreeningResult(
            now, verdict, round(body, 2), "", sample, now - self._zone_entered, threshold
        )

    def _final(
        self, now: float, verdict: Verdict, reason: str, sample: Measurement | None
    ) -> ScreeningResult:
        """A verdict without a number: retake or not screened."""
        self._phase = Phase.RESULT
        self._result = ScreeningResult(now, verdict, None, reason, sample, now - self._zone_entered)
        return self._result


def _nearest(faces: tuple[FaceObservation, ...]) -> FaceObservation | None:
    return max(faces, key=lambda f: f.eye_spacing_px, default=None)


def _same_visitor_still_there(face: FaceObservation, settings: ScreeningSettings) -> bool:
    """After the hold time the result stays until the visitor steps out of the zone."""
    return face.distance_m <= settings.max_distance_m
