"""Fusion and the screening state machine on a real face from a real photo."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from drivers.thermal.base import ThermalReading
from kiosk.fusion import MeasureProblem, homography, measure
from kiosk.screening import Guidance, Phase, Screening, Verdict
from kiosk.settings import FusionSettings, ScreeningSettings
from kiosk.vision.landmarks import FaceLandmarks, FaceObservation, VisionResult
from tests.conftest import FACES

FUSION = FusionSettings()


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


def test_measure_reads_the_canthus_maximum_and_applies_the_offset(face: FaceObservation) -> None:
    result = measure(face, 1.0, thermal_with_canthi_at(face, 36.4, 1.0), FUSION)
    assert not isinstance(result, MeasureProblem)
    assert result.raw_c == pytest.approx(36.4)
    ambient = FUSION.ambient_k * (36.4 - 24.0)
    assert result.body_c == pytest.approx(36.4 + ambient + FUSION.offset_c)
    assert [c.name for c in result.corrections] == ["ambient", "offset"]


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


def canthus_for(body_c: float, ambient_c: float = 24.0) -> float:
    """The canthus reading that the default corrections turn into `body_c`."""
    k = FUSION.ambient_k
    return (body_c - FUSION.offset_c + k * ambient_c) / (1.0 + k)


def test_normal_and_elevated_verdicts(face: FaceObservation) -> None:
    assert 0.28 < face.distance_m < 0.55, face.distance_m
    assert run_until_result(face, canthus_for(36.6)) == (Phase.RESULT, Verdict.NORMAL)
    assert run_until_result(face, canthus_for(37.8)) == (Phase.RESULT, Verdict.ELEVATED)


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
