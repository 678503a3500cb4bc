"""The per-visitor screening state machine: guide, measure until stable, decide, show.

idle → guiding ("step closer", "one person at a time", "look at the screen") →
measuring (stable over a few distinct thermal readings) → result (normal / elevated /
retake) → idle once the visitor has left. The captures are averaged and judged with their
uncertainty (kiosk.thermometry.decision): normal only when the interval is clear below the
threshold; when it straddles it and the same visitor read from nearer would be clear, the
visitor is asked to step closer by a stated distance. A face with no skin-warm pixel (a photo,
a screen) is "not screened", never given a number. While the camera or thermometer is down,
or the blackbody reference is out of place, the machine is paused: it never shows a number it
could not measure just now.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from drivers.thermal.base import ThermalReading
from kiosk.corrections import check_blackbody
from kiosk.fusion import (
    Measurement,
    MeasureProblem,
    combine_captures,
    edge_clear_distance_m,
    measure,
)
from kiosk.registration import oriented
from kiosk.settings import FusionSettings, ScreeningSettings
from kiosk.thermometry.decision import CLOSER_STEP_M, Decision, judge
from kiosk.thermometry.uncertainty import Uncertainty, of_mean
from kiosk.thresholds import AlarmThreshold
from kiosk.vision.landmarks import FaceObservation, VisionResult

MAX_YAW = 0.35  # beyond this the canthi are foreshortened and partly hidden
# A second face this large relative to the nearest one is another visitor, not a passer-by.
SECOND_FACE_RATIO = 0.6
# How long a visitor asked to come closer gets to do it before the kiosk decides on what it
# has: about a second to react and another to shuffle 20–30 cm and stand still again.
CLOSER_PATIENCE_S = 3.0
# The pixel-count gate cannot say how much nearer would do; it asks for one short step.
GATE_STEP_M = 0.1


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
    uncertainty: Uncertainty | None = None  # of temperature_c, as an estimate of oral
    # True: the reading ± coverage_factor uncertainties lay wholly on one side of the
    # threshold; False: elevated because a fever could not be excluded
    clear_of_threshold: bool | None = None

    @property
    def uncertainty_c(self) -> float | None:
        """The combined standard uncertainty of temperature_c, °C."""
        return None if self.uncertainty is None else round(self.uncertainty.standard_c, 2)


@dataclass(frozen=True)
class ScreeningView:
    """What the screen should show now."""

    phase: Phase
    guidance: Guidance | None = None
    progress: float = 0.0  # 0…1 while measuring
    result: ScreeningResult | None = None
    face: FaceObservation | None = None
    paused_reason: str = ""
    # With STEP_CLOSER: where to stand, and how much nearer that is than now, metres.
    target_distance_m: float | None = None
    closer_by_m: float | None = None


@dataclass(frozen=True)
class _Closer:
    """The reading straddles the threshold; from `target_m` it would be decided."""

    target_m: float


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
        self._closer_asked: float | None = None  # when the reading first asked to come closer
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
        self._closer_asked = None
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
            self._closer_asked = None
            return self._to(Phase.IDLE), None
        spot = reading is not None and reading.pixels is None
        guidance = self._guidance(vision.faces, face, spot)
        if guidance is not None:
            target = None
            if guidance is Guidance.STEP_CLOSER and spot:
                # A single-point sensor's band is a few centimetres: its middle.
                target = (self.fusion.spot_min_distance_m + self.fusion.spot_max_distance_m) / 2
            elif guidance is Guidance.STEP_CLOSER:
                target = self._into_zone(face, now, reading, blackbody_delta)
            return self._to(Phase.GUIDING, guidance, face, target), None
        if self._phase is not Phase.MEASURING:
            self._phase = Phase.MEASURING
            if self._closer_asked is None:  # a visitor who was asked closer keeps the clock
                self._zone_entered = now
            self._samples.clear()
        result = self._measure(face, now, reading, blackbody_delta)
        if isinstance(result, MeasureProblem):
            guidance = PROBLEM_GUIDANCE.get(result)
            target = None if guidance is None else self._gate_target(result, face)
            # At the nearest place already, "closer" is no instruction: the attempt runs on
            # until the timeout asks for a retake.
            futile = target is not None and target > face.distance_m - CLOSER_STEP_M / 2
            if guidance is not None and not futile:
                return self._to(Phase.GUIDING, guidance, face, target), None
        elif isinstance(result, _Closer):
            return self._to(Phase.GUIDING, Guidance.STEP_CLOSER, face, result.target_m), None
        elif result is not None:
            self._phase = Phase.RESULT
            self._result = result
            self._closer_asked = None
            return ScreeningView(Phase.RESULT, result=result, face=face), result
        # A visitor asked to come closer gets the whole time again from being asked.
        started = self._zone_entered if self._closer_asked is None else self._closer_asked
        if now - started > self.screening.measure_timeout_s:
            retake = self._final(now, Verdict.RETAKE, "unstable", None)
            return ScreeningView(Phase.RESULT, result=retake, face=face), retake
        progress = len(self._samples) / self.fusion.stable_frames
        return ScreeningView(Phase.MEASURING, Guidance.HOLD_STILL, progress, face=face), None

    @property
    def _nearest_m(self) -> float:
        """The nearest place to send a visitor: a step's margin inside the measuring zone, so
        that overshooting a little is not 'too close'."""
        return self.screening.min_distance_m + CLOSER_STEP_M

    def _into_zone(
        self,
        face: FaceObservation,
        now: float,
        reading: ThermalReading | None,
        blackbody_delta: float | None,
    ) -> float:
        """Where to send a visitor standing beyond the measuring zone: a step inside it, or,
        when a first reading from where they stand says the verdict needs a nearer look,
        straight to where it would be decided (one instruction instead of two)."""
        edge = self.screening.max_distance_m - CLOSER_STEP_M
        sample = (
            None if reading is None else measure(face, now, reading, self.fusion, blackbody_delta)
        )
        if not isinstance(sample, Measurement) or sample.geometry is None:
            return edge
        frames = self.fusion.stable_frames

        def uncertainty_at(distance_m: float) -> float:
            return of_mean([sample.uncertainty_at(distance_m)] * frames).standard_c

        judgement = judge(
            sample.body_c,
            uncertainty_at(edge),
            self.threshold.value_c,
            self.screening.coverage_factor,
            distance_m=edge + CLOSER_STEP_M,
            nearest_m=self._nearest_m,
            uncertainty_at=uncertainty_at,
        )
        if judgement.decision is Decision.CLOSER and judgement.closer_to_m is not None:
            return min(judgement.closer_to_m, edge)
        return edge

    def _gate_target(self, problem: MeasureProblem, face: FaceObservation) -> float | None:
        """Where to send a visitor a geometric gate refused (None: not a matter of distance)."""
        if PROBLEM_GUIDANCE[problem] is not Guidance.STEP_CLOSER:
            return None
        clear = None
        if problem is MeasureProblem.AT_FACE_EDGE:
            clear = edge_clear_distance_m(face, self.fusion)
        if clear is None:
            clear = face.distance_m - GATE_STEP_M
        return max(min(clear, face.distance_m - CLOSER_STEP_M), self._nearest_m)

    def _to(
        self,
        phase: Phase,
        guidance: Guidance | None = None,
        face: FaceObservation | None = None,
        target_m: float | None = None,
    ) -> ScreeningView:
        self._phase = phase
        self._samples.clear()
        closer = None
        if target_m is not None and face is not None:
            closer = round(max(face.distance_m - target_m, 0.0), 2)
            target_m = round(target_m, 2)
        return ScreeningView(
            phase, guidance, face=face, target_distance_m=target_m, closer_by_m=closer
        )

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
    ) -> ScreeningResult | MeasureProblem | _Closer | None:
        """A verdict, a problem, where to ask the visitor to come, or None (not decided yet)."""
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
        reading_now = combine_captures(list(self._samples))
        body = reading_now.body_c
        if body < self.screening.min_body_c:
            return self._final(now, Verdict.RETAKE, "implausible_reading", sample)
        threshold = self.threshold.value_c
        samples = list(self._samples)
        patient = self._closer_asked is None or now - self._closer_asked < CLOSER_PATIENCE_S
        judgement = judge(
            body,
            reading_now.uncertainty.standard_c,
            threshold,
            self.screening.coverage_factor,
            distance_m=statistics.fmean(distances),
            nearest_m=self._nearest_m,
            uncertainty_at=(
                (lambda d: of_mean([s.uncertainty_at(d) for s in samples]).standard_c)
                if patient
                else None
            ),
        )
        if judgement.decision is Decision.CLOSER:
            if self._closer_asked is None:
                self._closer_asked = now
            assert judgement.closer_to_m is not None
            return _Closer(judgement.closer_to_m)
        verdict = Verdict.NORMAL if judgement.decision is Decision.NORMAL else Verdict.ELEVATED
        if verdict is Verdict.NORMAL:
            self.threshold.observe_normal(body)
        return ScreeningResult(
            now,
            verdict,
            round(body, 2),
            "",
            sample,
            now - self._zone_entered,
            threshold,
            reading_now.uncertainty,
            judgement.clear,
        )

    def _final(
        self, now: float, verdict: Verdict, reason: str, sample: Measurement | None
    ) -> ScreeningResult:
        """A verdict without a number: retake or not screened."""
        self._phase = Phase.RESULT
        self._closer_asked = None
        self._result = ScreeningResult(now, verdict, None, reason, sample, now - self._zone_entered)
        return self._result


def _nearest(faces: tuple[FaceObservation, ...]) -> FaceObservation | None:
    return max(faces, key=lambda f: f.eye_spacing_px, default=None)


def _same_visitor_still_there(face: FaceObservation, settings: ScreeningSettings) -> bool:
    """After the hold time the result stays until the visitor steps out of the zone."""
    return face.distance_m <= settings.max_distance_m
