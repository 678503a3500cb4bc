"""Fusion and the screening state machine on a real face from a real photo, with a synthetic
thermal frame: the canthi's own pixels at a chosen temperature, the rest at room."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from drivers.thermal.base import ThermalReading
from kiosk.fusion import MeasureProblem, homography, measure
from kiosk.screening import Guidance, Phase, Screening, Verdict
from kiosk.settings import FusionSettings, ScreeningSettings
from kiosk.thermometry import people
from kiosk.thermometry.decision import CLOSER_STEP_M
from kiosk.thermometry.uncertainty import dilution_c, of_mean
from kiosk.vision.landmarks import FaceLandmarks, FaceObservation, VisionResult
from tests.conftest import FACES

# An installation calibrated against a clinical thermometer (its offset known to 0.1 °C).
FUSION = FusionSettings(offset_uncertainty_c=0.1)


@pytest.fixture(scope="module")
def face() -> FaceObservation:
    image = cv2.imread(str(FACES / "person_b_1.jpg"))
    # Scale the photo so the face sits in the measuring band (iris ≈ 13 px at 0.4 m).
    image = cv2.resize(image, None, fx=0.55, fy=0.55)
    canvas = np.full((480, 640, 3), 200, np.uint8)
    h, w = image.shape[:2]
    canvas[40 : 40 + min(h, 440), 150 : 150 + w] = image[:440]
    with FaceLandmarks(62.0, video=False) as landmarker:
        faces = landmarker.detect(canvas, 0.0).faces
    assert len(faces) == 1
    return faces[0]


def thermal_with_canthi_at(face: FaceObservation, canthus_c: float, t: float) -> ThermalReading:
    pixels = np.full((24, 32), 24.0, np.float32)
    points = cv2.perspectiveTransform(
        np.array(face.inner_canthi, np.float64).reshape(-1, 1, 2), homography(FUSION)
    ).reshape(-1, 2)
    for x, y in points:
        pixels[int(y), int(x)] = canthus_c
    return ThermalReading(t=t, ambient_c=24.0, pixels=pixels)


def test_measure_reads_the_canthus_maximum_and_applies_the_corrections(
    face: FaceObservation,
) -> None:
    result = measure(face, 1.0, thermal_with_canthi_at(face, 36.4, 1.0), FUSION)
    assert not isinstance(result, MeasureProblem)
    assert result.raw_c == pytest.approx(36.4)
    assert result.geometry is not None
    corrections = {c.name: c.delta_c for c in result.corrections}
    assert list(corrections) == ["ambient", "dilution", "offset"]
    assert corrections["ambient"] == pytest.approx(FUSION.ambient_k * (24.0 - 24.0))
    # A 55° pixel at this distance is wider than the canthus: it reads low by the unfilled
    # share of people's canthus contrast.
    assert corrections["dilution"] == pytest.approx(dilution_c(result.geometry), abs=1e-3)
    assert 0.0 < corrections["dilution"] < people.CANTHUS_CONTRAST_C
    assert result.body_c == pytest.approx(36.4 + sum(corrections.values()))
    assert result.uncertainty.standard_c > people.CANTHUS_SPREAD_C


def test_stale_reading_is_not_used(face: FaceObservation) -> None:
    stale = thermal_with_canthi_at(face, 36.4, 0.0)
    assert measure(face, 5.0, stale, FUSION) is MeasureProblem.STALE_READING


def run_until_result(face: FaceObservation, canthus_c: float) -> tuple[Phase, Verdict | None]:
    screening = Screening(ScreeningSettings(), FUSION)
    for step in range(12):
        t = 1.0 + step * 0.25
        view, result = screening.update(
            VisionResult(t, (640, 480), (face,)), thermal_with_canthi_at(face, canthus_c, t)
        )
        if result is not None:
            return view.phase, result.verdict
    return view.phase, None


def canthus_for(face: FaceObservation, body_c: float) -> float:
    """The canthus reading that the corrections turn into `body_c` (they do not depend on
    the reading itself)."""
    probe = measure(face, 1.0, thermal_with_canthi_at(face, 36.0, 1.0), FUSION)
    assert not isinstance(probe, MeasureProblem)
    return body_c - sum(c.delta_c for c in probe.corrections)


def test_normal_and_elevated_verdicts(face: FaceObservation) -> None:
    assert 0.28 < face.distance_m < 0.55, face.distance_m
    assert run_until_result(face, canthus_for(face, 36.6)) == (Phase.RESULT, Verdict.NORMAL)
    assert run_until_result(face, canthus_for(face, 37.8)) == (Phase.RESULT, Verdict.ELEVATED)


def test_a_face_at_room_temperature_is_not_screened(face: FaceObservation) -> None:
    # A printed photo or a screen: stable, but nothing near skin temperature.
    screening = Screening(ScreeningSettings(), FUSION)
    result = None
    for step in range(12):
        t = 1.0 + step * 0.25
        _, result = screening.update(
            VisionResult(t, (640, 480), (face,)), thermal_with_canthi_at(face, 24.5, t)
        )
        if result is not None:
            break
    assert result is not None
    assert result.verdict is Verdict.NOT_SCREENED and result.temperature_c is None
    assert result.reason == "no_skin_temperature"


def test_two_faces_ask_for_one_person(face: FaceObservation) -> None:
    screening = Screening(ScreeningSettings(), FUSION)
    view, result = screening.update(
        VisionResult(1.0, (640, 480), (face, face)), thermal_with_canthi_at(face, 36.5, 1.0)
    )
    assert result is None
    assert view.phase is Phase.GUIDING and view.guidance is Guidance.ONE_PERSON


def straddling_body(face: FaceObservation, screening: ScreeningSettings) -> float:
    """A body temperature whose interval reaches the threshold from where the visitor stands,
    but stays below it from the nearest place the kiosk may send them."""
    probe = measure(face, 1.0, thermal_with_canthi_at(face, 36.0, 1.0), FUSION)
    assert not isinstance(probe, MeasureProblem)
    frames = FUSION.stable_frames
    here = of_mean([probe.uncertainty] * frames).standard_c
    nearest = screening.min_distance_m + CLOSER_STEP_M
    near = of_mean([probe.uncertainty_at(nearest)] * frames).standard_c
    assert near < here
    return screening.threshold_c - screening.coverage_factor * (here + near) / 2.0


def test_a_reading_a_nearer_look_would_decide_asks_the_visitor_closer_by_a_stated_step(
    face: FaceObservation,
) -> None:
    screening = ScreeningSettings()
    canthus = canthus_for(face, straddling_body(face, screening))
    machine = Screening(screening, FUSION)
    views = []
    for step in range(24):
        t = 1.0 + step * 0.25
        view, result = machine.update(
            VisionResult(t, (640, 480), (face,)), thermal_with_canthi_at(face, canthus, t)
        )
        views.append(view)
        if result is not None:
            break
    asked = [v for v in views if v.guidance is Guidance.STEP_CLOSER]
    assert asked, [v.guidance for v in views]
    first = asked[0]
    assert first.target_distance_m is not None and first.closer_by_m is not None
    assert first.target_distance_m < face.distance_m
    assert first.closer_by_m == pytest.approx(face.distance_m - first.target_distance_m, abs=0.01)
    assert first.target_distance_m >= screening.min_distance_m
    # A visitor who stays where they are is not kept waiting: a fever cannot be excluded.
    assert result is not None and result.verdict is Verdict.ELEVATED
    assert result.clear_of_threshold is False and result.uncertainty_c is not None


def test_a_visitor_beyond_the_zone_is_told_how_much_closer_to_come(face: FaceObservation) -> None:
    screening = ScreeningSettings(min_distance_m=0.15, max_distance_m=0.3)
    view, result = Screening(screening, FUSION).update(
        VisionResult(1.0, (640, 480), (face,)), thermal_with_canthi_at(face, 35.0, 1.0)
    )
    assert result is None and view.guidance is Guidance.STEP_CLOSER
    assert view.target_distance_m is not None and view.target_distance_m < 0.3
    assert view.closer_by_m == pytest.approx(face.distance_m - view.target_distance_m, abs=0.01)


def test_a_clear_reading_is_decided_with_its_uncertainty(face: FaceObservation) -> None:
    screening = Screening(ScreeningSettings(), FUSION)
    for step in range(12):
        t = 1.0 + step * 0.25
        _, result = screening.update(
            VisionResult(t, (640, 480), (face,)),
            thermal_with_canthi_at(face, canthus_for(face, 36.4), t),
        )
        if result is not None:
            break
    assert result is not None and result.verdict is Verdict.NORMAL
    assert result.clear_of_threshold is True
    assert result.uncertainty is not None
    assert result.temperature_c is not None
    # Normal only when the whole interval lies below the threshold.
    assert (
        result.temperature_c + ScreeningSettings().coverage_factor * result.uncertainty.standard_c
        < (ScreeningSettings().threshold_c)
    )
