"""The demo's devices: a replayed camera scene and a simulated GY-MCU90640 on a pty,
read by the real driver, both showing the same visitors at the same moment."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from drivers.camera import ReplayCamera
from drivers.thermal.base import ThermalSensor
from drivers.thermal.registry import open_sensor
from drivers.thermal.simulator import SceneSample, SensorSimulator
from kiosk.demo.scene import VisitorScene
from kiosk.demo.thermal import ArrayMounting, Blackbody, render_thermal
from kiosk.fusion import homography
from kiosk.settings import FusionSettings, Settings

CAMERA_FPS = 30.0
AMBIENT_C = 23.0


# The board the demo scene is rendered for.
DEMO_SENSOR_DRIVER = "gy-mcu90640"


# The demo stands for a kiosk calibrated against a clinical thermometer with 20 volunteers:
# √(π/2) × 0.37 °C (people's canthus-to-oral spread) / √20 (kiosk.thermometry.calibration).
DEMO_OFFSET_UNCERTAINTY_C = 0.10
# The demo's notice names a made-up operator only where the operator has named none.
DEMO_OPERATOR = "Demo Mall (simulated) / 演示商场（模拟）"
DEMO_CONTACT = "service desk / 服务台"


def demo_settings(settings: Settings) -> Settings:
    """What `kiosk --demo` runs on: the operator's settings with the demo's simulated board.

    Only the running kiosk sees this; a settings change made during the demo is written to
    the operator's file on its own (kiosk.settings.changes), so the demo never leaks into it.
    """
    notice = settings.privacy.notice
    notice = replace(
        notice,
        operator_name=notice.operator_name or DEMO_OPERATOR,
        operator_contact=notice.operator_contact or DEMO_CONTACT,
    )
    fusion = settings.fusion
    if fusion.offset_uncertainty_c == FusionSettings().offset_uncertainty_c:  # uncalibrated
        fusion = replace(fusion, offset_uncertainty_c=DEMO_OFFSET_UNCERTAINTY_C)
    return replace(
        settings,
        # The demo's board with its standard lens, whatever the operator's file names.
        sensor=replace(settings.sensor, driver=DEMO_SENSOR_DRIVER, lens=""),
        fusion=fusion,
        privacy=replace(settings.privacy, notice=notice),
        # The demo shows recognition (kiosk.demo.recognition_script) unless enrolment is off.
        recognition=replace(settings.recognition, enabled=True),
    )


@dataclass
class DemoRig:
    scene: VisitorScene
    camera: ReplayCamera
    simulator: SensorSimulator
    sensor: ThermalSensor

    def close(self) -> None:
        self.simulator.stop()


def build_demo_rig(settings: Settings, *, seed: int = 0, lead_in_s: float = 0.5) -> DemoRig:
    """Devices for the demo; the first visitor appears `lead_in_s` after this returns."""
    scene = VisitorScene(
        frame_size=(settings.camera.width, settings.camera.height),
        horizontal_fov_deg=settings.camera.horizontal_fov_deg,
    )
    rng = np.random.default_rng(seed)
    matrix = homography(settings.fusion)
    mounting = ArrayMounting.mounted(settings.fusion)
    blackbody = Blackbody.configured(settings.fusion)

    def thermal(t: float) -> SceneSample:
        pixels = render_thermal(
            scene.pose_at(t),
            ambient_c=AMBIENT_C,
            rgb_to_thermal=matrix,
            frame_width=settings.camera.width,
            horizontal_fov_deg=settings.camera.horizontal_fov_deg,
            rng=rng,
            sensor=mounting,
            blackbody=blackbody,
        )
        return SceneSample(ambient_c=AMBIENT_C, pixels=pixels)

    simulator = SensorSimulator(settings.sensor.driver, thermal, seed=seed)
    simulator.start()
    sensor = open_sensor(settings.sensor.driver, simulator.port, settings.sensor.baud)
    scene.start = time.monotonic() + lead_in_s
    camera = ReplayCamera(scene.frame_at, CAMERA_FPS)
    return DemoRig(scene, camera, simulator, sensor)
