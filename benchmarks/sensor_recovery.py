"""Time from a replugged device (new tty name) to the driver's next reading, through real
pyserial on a pty simulator: median and p90 of 20 replugs per driver.

Run: .venv/bin/python benchmarks/sensor_recovery.py
"""

from __future__ import annotations

import random
import statistics
import time

import numpy as np

from drivers.thermal.base import SensorState, ThermalSensor
from drivers.thermal.registry import open_sensor
from drivers.thermal.simulator import SceneSample, SensorSimulator

REPLUGS = 20
# How long the cable stays out, drawn at random so replugs land at every phase of the
# driver's retry schedule: short outages, and long ones where the backoff has reached its cap.
OUTAGES_S = {"short": (0.05, 0.5), "long": (2.0, 4.0)}


def _point(t: float) -> SceneSample:
    return SceneSample(ambient_c=24.5, object_c=36.6)


def _array(t: float) -> SceneSample:
    return SceneSample(ambient_c=30.0, pixels=np.full((24, 32), 30.0))


def _wait_state(sensor: ThermalSensor, state: SensorState, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while sensor.status().state != state:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{sensor.name} not {state} after {timeout} s: {sensor.status()}")
        time.sleep(0.005)


def measure(driver: str, outage_s: tuple[float, float], rng: random.Random) -> list[float]:
    scene = _array if driver == "gy-mcu90640" else _point
    simulator = SensorSimulator(driver, scene, continuous_at_power_up=False)
    simulator.start()
    sensor = open_sensor(driver, simulator.port)
    sensor.start()
    recoveries = []
    try:
        _wait_state(sensor, SensorState.CONNECTED, 10.0)
        for _ in range(REPLUGS):
            simulator.unplug()
            _wait_state(sensor, SensorState.DISCONNECTED, 10.0)
            time.sleep(rng.uniform(*outage_s))
            replugged_at = time.monotonic()
            simulator.replug(new_name=True)
            if sensor.wait_reading(replugged_at, timeout=10.0) is None:
                raise RuntimeError(f"{driver} did not recover: {sensor.status()}")
            recoveries.append(time.monotonic() - replugged_at)
    finally:
        sensor.stop()
        simulator.stop()
    return recoveries


def main() -> None:
    rng = random.Random(0)
    print(f"replug under a new tty name -> first reading, {REPLUGS} replugs each")
    for driver in ("gy-mcu90640", "gy-mcu90614", "cjmcu-ir"):
        for outage, outage_s in OUTAGES_S.items():
            times = sorted(measure(driver, outage_s, rng))
            median = statistics.median(times)
            p90 = statistics.quantiles(times, n=10)[-1]
            print(
                f"{driver:12s} {outage:5s} outages {outage_s[0]}-{outage_s[1]} s: "
                f"median {median:.3f} s"
                f"  p90 {p90:.3f} s  max {times[-1]:.3f} s"
            )


if __name__ == "__main__":
    main()
