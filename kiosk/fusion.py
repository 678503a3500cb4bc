"""Reading a visitor's temperature: canthi mapped into the thermal frame, the maximum there,
and the configured corrections, each recorded with the value.

This is the first version: the inner canthi only, a constant offset as the only
correction. Every step says why a measurement could not be made rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from drivers.thermal.base import ThermalReading
from kiosk.config import FusionSettings
from kiosk.vision.landmarks import FaceObservation


class MeasureProblem(StrEnum):
    OUTSIDE_THERMAL_VIEW = "outside_thermal_view"  # the canthi fall outside the array
    STALE_READING = "stale_reading"  # no thermal frame close enough in time
    NO_VALID_PIXELS = "no_valid_pixels"  # every pixel there was dropped by the driver


@dataclass(frozen=True)
class Correction:
    name: str
    delta_c: float


@dataclass(frozen=True)
class Measurement:
    t: float  # camera frame time
    reading_t: float  # thermal frame time
    site: str  # where it was read: "inner_canthus" (or "single_point" for a spot sensor)
    raw_c: float  # what the sensor said there, uncorrected
    body_c: float  # after the corrections below
    corrections: tuple[Correction, ...]
    pixels_on_region: int


def homography(settings: FusionSettings) -> np.ndarray:
    return np.asarray(settings.rgb_to_thermal, dtype=np.float64).reshape(3, 3)


def _region_pixels(
    centre: np.ndarray, radius: float, shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the pixels whose centres lie within `radius` of `centre`,
    always including the pixel that contains the centre itself."""
    rows, cols = shape
    x, y = float(centre[0]), float(centre[1])
    reach = int(np.ceil(radius)) + 1
    col_range = np.arange(max(int(x) - reach, 0), min(int(x) + reach + 1, cols))
    row_range = np.arange(max(int(y) - reach, 0), min(int(y) + reach + 1, rows))
    grid_r, grid_c = np.meshgrid(row_range, col_range, indexing="ij")
    inside = (grid_c + 0.5 - x) ** 2 + (grid_r + 0.5 - y) ** 2 <= radius**2
    inside |= (grid_c == int(x)) & (grid_r == int(y))
    return grid_r[inside], grid_c[inside]


def measure(
    face: FaceObservation, frame_t: float, reading: ThermalReading, settings: FusionSettings
) -> Measurement | MeasureProblem:
    """The visitor's corrected temperature from one frame and one thermal reading."""
    if abs(frame_t - reading.t) > settings.max_pairing_gap_s:
        return MeasureProblem.STALE_READING
    if reading.pixels is None:
        if reading.object_c is None:
            return MeasureProblem.NO_VALID_PIXELS
        return _corrected(frame_t, reading, "single_point", reading.object_c, 1, settings)
    matrix = homography(settings)
    canthi = np.array(face.inner_canthi, dtype=np.float64).reshape(-1, 1, 2)
    mapped = cv2.perspectiveTransform(canthi, matrix).reshape(-1, 2)
    rows, cols = reading.pixels.shape
    if np.any(mapped < 0) or np.any(mapped[:, 0] >= cols) or np.any(mapped[:, 1] >= rows):
        return MeasureProblem.OUTSIDE_THERMAL_VIEW
    spacing_thermal = float(np.linalg.norm(mapped[1] - mapped[0]))
    radius = settings.canthus_radius * spacing_thermal
    values = []
    for centre in mapped:
        r, c = _region_pixels(centre, radius, (rows, cols))
        values.append(reading.pixels[r, c])
    region = np.concatenate(values)
    valid = region[np.isfinite(region)]
    if valid.size == 0:
        return MeasureProblem.NO_VALID_PIXELS
    return _corrected(frame_t, reading, "inner_canthus", float(valid.max()), valid.size, settings)


def _corrected(
    frame_t: float,
    reading: ThermalReading,
    site: str,
    raw_c: float,
    pixels: int,
    settings: FusionSettings,
) -> Measurement:
    corrections = (Correction("offset", settings.offset_c),)
    body = raw_c + sum(c.delta_c for c in corrections)
    return Measurement(frame_t, reading.t, site, raw_c, body, corrections, pixels)
