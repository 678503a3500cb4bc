"""Fusion and screening on rendered scene frames with the real landmarker: canthus reading,
forehead fallback for glasses, photo and screen spoofs, blackbody drift and displacement,
pixel gates, single-point sensors."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from drivers.thermal.base import ThermalReading
from kiosk.demo.scene import VisitorPose, VisitorScene
from kiosk.demo.thermal import Blackbody
from kiosk.fusion import MeasureProblem, Site, measure
from kiosk.screening import Guidance, Phase, Screening, Verdict
from kiosk.settings import FusionSettings, ScreeningSettings
from kiosk.thermometry import optics
from kiosk.vision.landmarks import FaceLandmarks, FaceObservation, VisionResult
from tests.fusion.conftest import AMBIENT_C, BARE, FOV, GLASSES, screen_standing, simulated_array


def test_bare_face_is_read_at_the_inner_canthi(scene: VisitorScene) -> None:
    _, result = screen_standing(scene, BARE, body_c=36.6)
    assert result is not None and result.measurement is not None
    assert result.verdict is Verdict.NORMAL
    assert result.measurement.site is Site.INNER_CANTHUS
    assert not result.measurement.low_confidence
    assert result.temperature_c == pytest.approx(36.6, abs=0.5)


def test_glasses_fall_back_to_the_forehead_flagged(scene: VisitorScene) -> None:
    _, result = screen_standing(scene, GLASSES, body_c=38.5)
    assert result is not None and result.measurement is not None
    assert result.measurement.site is Site.FOREHEAD
    assert result.measurement.low_confidence
    assert "forehead_offset" in {c.name for c in result.measurement.corrections}
    assert result.verdict is Verdict.ELEVATED


def test_glasses_without_the_fallback_ask_to_remove_them(scene: VisitorScene) -> None:
    fusion = FusionSettings(forehead_fallback=False)
    views, result = screen_standing(scene, GLASSES, fusion=fusion, seconds=2.0)
    assert result is None
    assert views[-1].guidance is Guidance.REMOVE_GLASSES


def test_a_photo_is_not_screened(scene: VisitorScene) -> None:
    photo = simulated_array(FusionSettings(), face_warm=False)  # the paper is at room temperature
    _, result = screen_standing(scene, BARE, thermal=photo)
    assert result is not None
    assert result.verdict is Verdict.NOT_SCREENED
    assert result.temperature_c is None and result.reason == "no_skin_temperature"


def test_a_face_on_a_screen_is_not_screened(scene: VisitorScene) -> None:
    room = simulated_array(FusionSettings(), face_warm=False)

    def tablet(pose: VisitorPose, t: float) -> np.ndarray:
        pixels = room(pose, t)
        pixels[2:20, 8:24] += 4.0  # a backlit display runs a few degrees above the room
        return pixels

    _, result = screen_standing(scene, BARE, thermal=tablet)
    assert result is not None and result.verdict is Verdict.NOT_SCREENED


BLACKBODY = FusionSettings(blackbody=True, blackbody_region=(28, 1, 3, 3), blackbody_c=35.0)


def test_blackbody_cancels_sensor_drift(scene: VisitorScene) -> None:
    steady = simulated_array(BLACKBODY, blackbody=Blackbody.configured(BLACKBODY))
    drifting = simulated_array(BLACKBODY, drift_c=-0.9, blackbody=Blackbody.configured(BLACKBODY))
    _, reference = screen_standing(scene, BARE, fusion=BLACKBODY, thermal=steady)
    _, drifted = screen_standing(scene, BARE, fusion=BLACKBODY, thermal=drifting)
    assert reference is not None and drifted is not None and drifted.measurement is not None
    corrections = {c.name: c.delta_c for c in drifted.measurement.corrections}
    assert corrections["blackbody"] == pytest.approx(0.9, abs=0.2)
    assert drifted.temperature_c == pytest.approx(reference.temperature_c, abs=0.25)


def test_blackbody_out_of_its_place_pauses_screening(scene: VisitorScene) -> None:
    knocked = Blackbody((25, 4, 5, 5), 35.0)  # moved down and left: the region reads half wall
    thermal = simulated_array(BLACKBODY, blackbody=knocked)
    views, result = screen_standing(scene, BARE, fusion=BLACKBODY, thermal=thermal, seconds=1.0)
    assert result is None
    assert all(view.phase is Phase.PAUSED for view in views)
    assert views[-1].paused_reason.startswith("blackbody:")


@pytest.fixture(scope="module")
def face_at_half_a_metre(scene: VisitorScene) -> tuple[FaceObservation, VisitorPose]:
    pose = scene.pose_of(BARE, 0.5, 0.0)
    with FaceLandmarks(FOV, video=False) as landmarker:
        return landmarker.detect(scene.render(pose), 0.0).faces[0], pose


def test_too_few_thermal_pixels_on_the_canthi_is_refused(
    face_at_half_a_metre: tuple[FaceObservation, VisitorPose],
) -> None:
    face, pose = face_at_half_a_metre
    fusion = FusionSettings(min_region_pixels=12)
    reading = ThermalReading(0.0, AMBIENT_C, pixels=simulated_array(fusion)(pose, 0.0))
    assert measure(face, 0.0, reading, fusion) is MeasureProblem.TOO_FEW_PIXELS


def test_single_point_sensor_measures_only_when_aimed_at_the_canthi(
    face_at_half_a_metre: tuple[FaceObservation, VisitorPose],
) -> None:
    face, _ = face_at_half_a_metre
    reading = ThermalReading(0.0, AMBIENT_C, object_c=35.9)
    centre = np.mean(face.inner_canthi, axis=0)
    # A narrow 10° MLX90614: the standard 90° one sees the whole picture.
    narrow = optics.spot_radius_px(640, FOV, optics.LENSES["mlx90614-xcf-10"])
    aimed = FusionSettings(
        spot_centre_px=(float(centre[0]), float(centre[1])), spot_radius_px=narrow
    )
    result = measure(face, 0.0, reading, aimed)
    assert not isinstance(result, MeasureProblem)
    assert result.site is Site.SINGLE_POINT and result.raw_c == pytest.approx(35.9)
    elsewhere = replace(aimed, spot_centre_px=(float(centre[0]) + 150.0, float(centre[1])))
    assert measure(face, 0.0, reading, elsewhere) is MeasureProblem.OUTSIDE_SPOT


def test_single_point_sensor_guides_the_visitor_to_its_working_distance(
    face_at_half_a_metre: tuple[FaceObservation, VisitorPose],
) -> None:
    face, _ = face_at_half_a_metre
    machine = Screening(ScreeningSettings(), FusionSettings())
    reading = ThermalReading(0.0, AMBIENT_C, object_c=35.9)
    view, result = machine.update(VisionResult(0.0, (640, 480), (face,)), reading)
    assert result is None and view.guidance is Guidance.STEP_CLOSER  # 0.5 m; it works at 5–10 cm
    assert view.target_distance_m == pytest.approx(0.075, abs=0.006)  # the middle of its band
