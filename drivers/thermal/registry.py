"""The drivers by the name an operator writes in the settings, and opening one by that name."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from drivers.thermal.base import ThermalSensor
from drivers.thermal.cjmcu_ir import CjmcuIr
from drivers.thermal.gy_mcu90614 import GyMcu90614
from drivers.thermal.gy_mcu90640 import GyMcu90640

DRIVERS: Mapping[str, type[ThermalSensor]] = MappingProxyType(
    {driver.name: driver for driver in (GyMcu90640, GyMcu90614, CjmcuIr)}
)


class UnknownDriverError(ValueError):
    """A driver name that is not in DRIVERS; the message lists the known ones."""


def open_sensor(name: str, port: str, baud: int | None = None) -> ThermalSensor:
    """An unstarted driver for `name` on `port` (call start() to begin reading)."""
    try:
        driver = DRIVERS[name]
    except KeyError:
        known = ", ".join(DRIVERS)
        raise UnknownDriverError(f"unknown thermal driver {name!r}; known: {known}") from None
    return driver(port, baud)
