"""Scenes, simulator fixtures and a polling helper shared by the thermal-sensor tests."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from drivers.thermal.base import ThermalSensor
from drivers.thermal.registry import open_sensor
from drivers.thermal.simulator import SceneSample, SensorSimulator

FOREHEAD_C = 36.6
ROOM_C = 24.5


def array_scene(t: float) -> SceneSample:
    """A warm blob on a room-temperature background, as a 32×24 array would see a face."""
    rows, columns = np.mgrid[0:24, 0:32]
    blob = np.exp(-((rows - 10) ** 2 + (columns - 16) ** 2) / 30.0)
    return SceneSample(ambient_c=31.0, pixels=ROOM_C + (FOREHEAD_C - ROOM_C) * blob)


def point_scene(t: float) -> SceneSample:
    return SceneSample(ambient_c=ROOM_C, object_c=FOREHEAD_C)


SCENES: dict[str, Callable[[float], SceneSample]] = {
    "gy-mcu90640": array_scene,
    "gy-mcu90614": point_scene,
    "cjmcu-ir": point_scene,
}


def wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll `condition` until true or `timeout` s pass (functional deadline, not a timing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.fixture
def make_simulator() -> Iterator[Callable[..., SensorSimulator]]:
    simulators: list[SensorSimulator] = []

    def make(
        driver: str,
        *,
        rate_hz: float | None = None,
        baud: int | None = None,
        continuous_at_power_up: bool = True,
    ) -> SensorSimulator:
        simulator = SensorSimulator(
            driver,
            SCENES[driver],
            rate_hz=rate_hz,
            baud=baud,
            continuous_at_power_up=continuous_at_power_up,
        )
        simulator.start()
        simulators.append(simulator)
        return simulator

    yield make
    for simulator in simulators:
        simulator.stop()


@pytest.fixture
def make_sensor() -> Iterator[Callable[..., ThermalSensor]]:
    sensors: list[ThermalSensor] = []

    def make(driver: str, port: str, baud: int | None = None) -> ThermalSensor:
        sensor = open_sensor(driver, port, baud)
        sensor.start()
        sensors.append(sensor)
        return sensor

    yield make
    for sensor in sensors:
        sensor.stop()
