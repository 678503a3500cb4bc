"""The real drivers reading real ptys through pyserial, against the simulator's faults:
set-up, unplug and replug under a new name, stall, garbage, bad checksums, wrong baud.

Deadlines are generous functional limits (recovery is specified within 2 s); speed is
measured by benchmarks/sensor_recovery.py, not asserted here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import numpy as np
import pytest

from drivers.thermal.base import SensorState, ThermalSensor
from drivers.thermal.registry import DRIVERS
from drivers.thermal.simulator import SensorSimulator
from tests.thermal.conftest import FOREHEAD_C, ROOM_C, wait_until

DEADLINE_S = 5.0
MakeSimulator = Callable[..., SensorSimulator]
MakeSensor = Callable[..., ThermalSensor]


def _state_is(sensor: ThermalSensor, state: SensorState) -> Callable[[], bool]:
    return lambda: sensor.status().state == state


@pytest.mark.parametrize("driver", sorted(DRIVERS))
def test_driver_configures_the_board_and_reads_the_scene(
    driver: str, make_simulator: MakeSimulator, make_sensor: MakeSensor
) -> None:
    # A board that does not stream at power-up: only the driver's set-up commands start it.
    simulator = make_simulator(driver, continuous_at_power_up=False)
    sensor = make_sensor(driver, simulator.port)
    reading = sensor.wait_reading(None, timeout=DEADLINE_S)
    assert reading is not None
    assert simulator.commands_received == list(DRIVERS[driver].setup_commands())
    if reading.pixels is not None:
        assert reading.ambient_c == pytest.approx(31.0)
        assert float(np.nanmax(reading.pixels)) == pytest.approx(FOREHEAD_C, abs=0.01)
        assert float(np.nanmin(reading.pixels)) == pytest.approx(ROOM_C, abs=0.05)
    else:
        assert (reading.object_c, reading.ambient_c) == (FOREHEAD_C, ROOM_C)
    assert reading.t <= time.monotonic()
    assert wait_until(_state_is(sensor, SensorState.CONNECTED), DEADLINE_S)
    status = sensor.status()
    assert status.message == ""
    assert (status.bad_checksums, status.dropped_values, status.contradicted) == (0, 0, 0)
    assert status.reconnects == 0
    assert status.frames >= 1
    later = sensor.wait_reading(reading.t, timeout=DEADLINE_S)
    assert later is not None and later.t > reading.t


@pytest.mark.parametrize("driver", ["gy-mcu90614", "gy-mcu90640"])
def test_unplug_then_replug_under_a_new_tty_name(
    driver: str, make_simulator: MakeSimulator, make_sensor: MakeSensor
) -> None:
    simulator = make_simulator(driver, continuous_at_power_up=False)
    sensor = make_sensor(driver, simulator.port)
    assert wait_until(_state_is(sensor, SensorState.CONNECTED), DEADLINE_S)
    old_tty = os.readlink(simulator.port)

    simulator.unplug()
    assert wait_until(_state_is(sensor, SensorState.DISCONNECTED), DEADLINE_S)
    assert simulator.port in sensor.status().message
    unplugged_at = time.monotonic()

    simulator.replug(new_name=True)
    assert os.readlink(simulator.port) != old_tty
    assert wait_until(_state_is(sensor, SensorState.CONNECTED), DEADLINE_S)
    assert sensor.wait_reading(unplugged_at, timeout=DEADLINE_S) is not None
    status = sensor.status()
    assert status.reconnects == 1
    assert status.message == ""
    # The replugged board is back at its power-up defaults, so the driver configured it again.
    assert simulator.commands_received == list(DRIVERS[driver].setup_commands()) * 2


def test_stall_reports_no_data_then_recovers(
    make_simulator: MakeSimulator, make_sensor: MakeSensor
) -> None:
    simulator = make_simulator("gy-mcu90614")
    sensor = make_sensor("gy-mcu90614", simulator.port)
    assert wait_until(_state_is(sensor, SensorState.CONNECTED), DEADLINE_S)
    simulator.stall(2.5)
    assert wait_until(_state_is(sensor, SensorState.NO_DATA), DEADLINE_S)
    assert "sent nothing" in sensor.status().message
    assert wait_until(_state_is(sensor, SensorState.CONNECTED), DEADLINE_S)
    assert sensor.status().reconnects == 0


def test_garbage_burst_is_skipped_and_counted(
    make_simulator: MakeSimulator, make_sensor: MakeSensor
) -> None:
    simulator = make_simulator("gy-mcu90614")
    sensor = make_sensor("gy-mcu90614", simulator.port)
    assert wait_until(_state_is(sensor, SensorState.CONNECTED), DEADLINE_S)
    simulator.inject_garbage(3000)
    injected_at = time.monotonic()
    assert wait_until(lambda: sensor.status().resyncs >= 1, DEADLINE_S)
    reading = sensor.wait_reading(injected_at, timeout=DEADLINE_S)
    assert reading is not None and (reading.object_c, reading.ambient_c) == (FOREHEAD_C, ROOM_C)
    assert wait_until(_state_is(sensor, SensorState.CONNECTED), DEADLINE_S)


def test_corrupted_frames_are_counted_never_shown(
    make_simulator: MakeSimulator, make_sensor: MakeSensor
) -> None:
    simulator = make_simulator("gy-mcu90614")
    sensor = make_sensor("gy-mcu90614", simulator.port)
    assert sensor.wait_reading(None, timeout=DEADLINE_S) is not None
    simulator.corrupt_next_frames(3)
    assert wait_until(lambda: sensor.status().bad_checksums == 3, DEADLINE_S)
    reading = sensor.wait_reading(time.monotonic(), timeout=DEADLINE_S)
    assert reading is not None and reading.object_c == FOREHEAD_C
    assert sensor.status().bad_checksums == 3


def test_wrong_baud_is_an_error_naming_the_baud_and_the_probe(
    make_simulator: MakeSimulator, make_sensor: MakeSensor
) -> None:
    simulator = make_simulator("gy-mcu90614", baud=9600)
    sensor = make_sensor("gy-mcu90614", simulator.port, baud=115200)
    assert wait_until(_state_is(sensor, SensorState.ERROR), DEADLINE_S)
    message = sensor.status().message
    assert "115200" in message and "kiosk sensor probe" in message
    assert sensor.latest() is None and sensor.status().frames == 0
    assert simulator.commands_received == []  # the board heard noise, not commands


def test_missing_port_is_reported_and_followed_when_it_appears(
    make_simulator: MakeSimulator, make_sensor: MakeSensor
) -> None:
    simulator = make_simulator("cjmcu-ir")
    simulator.unplug()
    sensor = make_sensor("cjmcu-ir", simulator.port)  # start() must not raise
    assert wait_until(lambda: "Cannot open" in sensor.status().message, DEADLINE_S)
    assert sensor.status().state == SensorState.DISCONNECTED
    assert sensor.wait_reading(None, timeout=0.2) is None
    simulator.replug()
    assert wait_until(_state_is(sensor, SensorState.CONNECTED), DEADLINE_S)
    assert sensor.status().reconnects == 0  # first successful open, not a reconnect
