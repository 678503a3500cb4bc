"""Registering the camera and the thermal array on the touchscreen, as `kiosk calibrate
homography` does from a file: the installer holds a warm target, taps its centre in the
camera picture, and the kiosk finds the same target in the thermal frame of that moment.
Six or more such pairs give the homography, checked before it is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from drivers.thermal.base import ThermalReading
from kiosk.commands.calibrate import hot_spot
from kiosk.registration import MIN_CORRESPONDENCES, HomographyFit, fit_homography, oriented
from kiosk.settings import FusionSettings

# A tap is only a target if the thermal frame has a clearly warm spot: this far above the
# frame's median (a cup of hot water reads 20–40 °C above a room at arm's length).
MIN_TARGET_CONTRAST_C = 3.0


@dataclass
class RegistrationSession:
    """The pairs marked so far; `fit()` once there are enough."""

    fusion: FusionSettings
    camera_px: list[tuple[float, float]] = field(default_factory=list)
    thermal_px: list[tuple[float, float]] = field(default_factory=list)

    @property
    def needed(self) -> int:
        return MIN_CORRESPONDENCES

    def mark(self, camera_xy: tuple[float, float], reading: ThermalReading | None) -> bool:
        """Pair a tap in the camera picture with the warm spot in `reading`; False (and
        nothing kept) when the reading shows no clear target or is not an array's."""
        if reading is None or reading.pixels is None:
            return False
        pixels = oriented(reading.pixels, self.fusion)
        finite = pixels[np.isfinite(pixels)]
        if finite.size == 0 or float(finite.max() - np.median(finite)) < MIN_TARGET_CONTRAST_C:
            return False
        self.camera_px.append(camera_xy)
        self.thermal_px.append(hot_spot(pixels))
        return True

    def undo(self) -> None:
        if self.camera_px:
            self.camera_px.pop()
            self.thermal_px.pop()

    def fit(self) -> HomographyFit:
        """The homography from the pairs (RegistrationError with advice when it cannot be)."""
        return fit_homography(np.array(self.camera_px), np.array(self.thermal_px))
