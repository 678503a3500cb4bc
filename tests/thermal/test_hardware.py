"""Opt-in checks against a real board: `pytest tests/thermal/test_hardware.py
--serial-port /dev/ttyUSB0 --serial-driver gy-mcu90640`. Skipped without those options."""

from __future__ import annotations

import time

import numpy as np
import pytest

from drivers.thermal.base import SensorState
from drivers.thermal.mlx90614_frame import OBJECT_C
from drivers.thermal.registry import open_sensor
from kiosk.commands.sensor import probe_port

pytestmark = pytest.mark.hardware


def test_real_sensor_streams_plausible_frames(hardware_port: str, hardware_driver: str) -> None:
    sensor = open_sensor(hardware_driver, hardware_port)
    sensor.start()
    try:
        readings = []
        newer_than = None
        deadline = time.monotonic() + 10.0
        while len(readings) < 5 and time.monotonic() < deadline:
            reading = sensor.wait_reading(newer_than, timeout=1.0)
            if reading is not None:
                readings.append(reading)
                newer_than = reading.t
        status = sensor.status()
        assert len(readings) == 5, status.message
        assert status.state == SensorState.CONNECTED
        # Confirms the checksum rule SENSORS.md has from a single source.
        assert status.bad_checksums <= status.frames // 10, status
        # Confirms that the neighbour rules hold for the board's real noise.
        assert status.contradicted <= status.frames // 10, status
        for reading in readings:
            assert reading.ambient_c is not None and 0.0 < reading.ambient_c < 60.0
            if reading.pixels is not None:
                assert np.count_nonzero(np.isnan(reading.pixels)) < reading.pixels.size // 10
            else:
                assert reading.object_c is not None
                assert reading.object_c in OBJECT_C
    finally:
        sensor.stop()


def test_probe_identifies_the_real_sensor(hardware_port: str, hardware_driver: str) -> None:
    report = probe_port(hardware_port)
    assert report["found"], report["message"]
    assert report["driver"] == hardware_driver
