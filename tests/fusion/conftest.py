"""Shared set-up for fusion tests: a small scene of real photos (one visitor wearing glasses)
and a helper that stands a visitor still in front of the kiosk and screens them with the real
landmarker on the rendered frames and the simulated array."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from drivers.thermal.base import ThermalReading
from kiosk.demo.scene import Visitor, VisitorPose, VisitorScene
from kiosk.demo.thermal import ArrayMounting, Blackbody, render_thermal
from kiosk.registration import homography
from kiosk.screening import Screening, ScreeningResult, ScreeningView
from kiosk.settings import FusionSettings, ScreeningSettings
from kiosk.vision.landmarks import FaceLandmarks

AMBIENT_C = 23.0
FOV = 62.0
BARE, GLASSES = 0, 1


@pytest.fixture(scope="session")
def scene() -> VisitorScene:
    return VisitorScene(
        (Visitor("person_a_2.jpg", 36.6), Visitor("person_b_2.jpg", 36.6, glasses=True))
    )


Thermal = Callable[[VisitorPose, float], np.ndarray]


def simulated_array(
    fusion: FusionSettings,
    *,
    seed: int = 0,
    drift_c: float = 0.0,
    blackbody: Blackbody | None = None,
    face_warm: bool = True,
) -> Thermal:
    """What the array sees of a pose; `face_warm=False` is a photo: nothing warm at all."""
    rng = np.random.default_rng(seed)

    def thermal(pose: VisitorPose, _t: float) -> np.ndarray:
        return render_thermal(
            pose if face_warm else None,
            ambient_c=AMBIENT_C,
            rgb_to_thermal=homography(fusion),
            frame_width=640,
            horizontal_fov_deg=FOV,
            rng=rng,
            sensor=ArrayMounting.mounted(fusion, drift_c),
            blackbody=blackbody,
        )

    return thermal


def screen_standing(
    scene: VisitorScene,
    index: int,
    *,
    body_c: float = 36.6,
    distance_m: float = 0.4,
    fusion: FusionSettings | None = None,
    screening: ScreeningSettings | None = None,
    thermal: Thermal | None = None,
    seconds: float = 5.0,
) -> tuple[list[ScreeningView], ScreeningResult | None]:
    """Views until the first verdict (or `seconds`), camera at 8 fps and array at 4 Hz."""
    fusion = fusion or FusionSettings()
    thermal = thermal or simulated_array(fusion)
    machine = Screening(screening or ScreeningSettings(), fusion)
    views: list[ScreeningView] = []
    reading = None
    with FaceLandmarks(FOV) as landmarker:
        for step in range(int(seconds * 8)):
            t = step / 8.0
            pose = scene.pose_of(index, distance_m, t)
            pose = replace(pose, visitor=replace(pose.visitor, body_c=body_c))
            if step % 2 == 0:
                reading = ThermalReading(t, AMBIENT_C, pixels=thermal(pose, t))
            view, result = machine.update(landmarker.detect(scene.render(pose), t), reading)
            views.append(view)
            if result is not None:
                return views, result
    return views, None
