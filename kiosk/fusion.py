"""Reading a visitor's temperature from one camera frame and one thermal reading: the inner
canthi (forehead as a flagged fallback) mapped into the array, the maximum there, and the
configured corrections, each recorded with the value.

Every step says why a measurement could not be made rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from drivers.thermal.base import ThermalReading
from kiosk.corrections import Correction, body_corrections
from kiosk.registration import homography, oriented, to_thermal
from kiosk.settings import FusionSettings
from kiosk.vision.face_regions import FACE_OVAL
from kiosk.vision.landmarks import FaceObservation

__all__ = ["Correction", "MeasureProblem", "Measurement", "Site", "homography", "measure"]

# The lower forehead, midway between mid-forehead (151) and the glabella (9) on the face mesh:
# bare skin above the eyebrows, below where a fringe of hair usually ends.
FOREHEAD_POINTS = (151, 9)
FOREHEAD_RADIUS = 0.35  # forehead region radius, as a fraction of the inner-canthus spacing
# A region must sit this far (thermal pixels) inside the face outline beyond its own radius:
# the optics spread each pixel over about half a neighbour, so closer than that it mixes in
# background.
EDGE_MARGIN_PX = 0.5


class MeasureProblem(StrEnum):
    OUTSIDE_THERMAL_VIEW = "outside_thermal_view"  # the region falls outside the array
    STALE_READING = "stale_reading"  # no thermal frame close enough in time
    NO_VALID_PIXELS = "no_valid_pixels"  # every pixel there was dropped by the driver
    TOO_FEW_PIXELS = "too_few_pixels"  # the face is too small in the array: step closer
    AT_FACE_EDGE = "at_face_edge"  # the region straddles the face outline: step closer
    OUTSIDE_SPOT = "outside_spot"  # a single-point sensor is not aimed at the canthi
    EYES_COVERED = "eyes_covered"  # canthi covered and no usable forehead


class Site(StrEnum):
    INNER_CANTHUS = "inner_canthus"
    FOREHEAD = "forehead"  # the fallback: lower confidence
    SINGLE_POINT = "single_point"


@dataclass(frozen=True)
class Measurement:
    t: float  # camera frame time
    reading_t: float  # thermal frame time
    site: Site
    raw_c: float  # what the sensor said there, uncorrected
    body_c: float  # after the corrections below
    corrections: tuple[Correction, ...]
    pixels_on_region: int
    distance_m: float
    face_max_c: float  # the warmest pixel anywhere on the face: a photo has no warm pixel
    low_confidence: bool  # read at the forehead fallback


@dataclass(frozen=True)
class _Region:
    max_c: float
    pixels: int


def _region_pixels(
    centre: np.ndarray, radius: float, shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the pixels whose centres lie within `radius` of `centre`."""
    rows, cols = shape
    x, y = float(centre[0]), float(centre[1])
    reach = int(np.ceil(radius)) + 1
    col_range = np.arange(max(int(x) - reach, 0), min(int(x) + reach + 1, cols))
    row_range = np.arange(max(int(y) - reach, 0), min(int(y) + reach + 1, rows))
    grid_r, grid_c = np.meshgrid(row_range, col_range, indexing="ij")
    inside = (grid_c + 0.5 - x) ** 2 + (grid_r + 0.5 - y) ** 2 <= radius**2
    return grid_r[inside], grid_c[inside]


def _read_region(
    pixels: np.ndarray, centres: np.ndarray, radius: float, outline: np.ndarray
) -> _Region | MeasureProblem:
    """The maximum over circles at `centres`, refused if any circle leaves the face or array."""
    rows, cols = pixels.shape
    if np.any(centres < 0) or np.any(centres[:, 0] >= cols) or np.any(centres[:, 1] >= rows):
        return MeasureProblem.OUTSIDE_THERMAL_VIEW
    for centre in centres:
        inside = cv2.pointPolygonTest(outline, (float(centre[0]), float(centre[1])), True)
        if inside < radius + EDGE_MARGIN_PX:
            return MeasureProblem.AT_FACE_EDGE
    values = []
    for centre in centres:
        r, c = _region_pixels(centre, radius, (rows, cols))
        values.append(pixels[r, c])
    region = np.concatenate(values)
    valid = region[np.isfinite(region)]
    if valid.size == 0:
        return MeasureProblem.NO_VALID_PIXELS
    return _Region(float(valid.max()), int(valid.size))


def _face_max(pixels: np.ndarray, outline: np.ndarray) -> float:
    mask = np.zeros(pixels.shape, np.uint8)
    # Pixel centres sit at +0.5: shift the outline so fillPoly's integer grid matches them.
    cv2.fillPoly(mask, [np.round((outline - 0.5) * 16).astype(np.int32)], 1, shift=4)
    values = pixels[(mask > 0) & np.isfinite(pixels)]
    return float(values.max()) if values.size else float("nan")


def measure(
    face: FaceObservation,
    frame_t: float,
    reading: ThermalReading,
    settings: FusionSettings,
    blackbody_delta_c: float | None = None,
) -> Measurement | MeasureProblem:
    """The visitor's corrected temperature from one frame and one thermal reading.

    `blackbody_delta_c` is the drift correction read off the reference in this same frame
    (None when no blackbody is configured).
    """
    if abs(frame_t - reading.t) > settings.max_pairing_gap_s:
        return MeasureProblem.STALE_READING
    if reading.pixels is None:
        return _single_point(face, frame_t, reading, settings)
    pixels = oriented(reading.pixels, settings)
    matrix = homography(settings)
    outline = to_thermal(face.landmarks[list(FACE_OVAL), :2], matrix).astype(np.float32)
    canthi = to_thermal(np.array(face.inner_canthi), matrix)
    spacing = float(np.linalg.norm(canthi[1] - canthi[0]))
    canthus = _read_region(pixels, canthi, settings.canthus_radius * spacing, outline)
    if isinstance(canthus, MeasureProblem):
        return canthus
    if canthus.pixels < settings.min_region_pixels:
        return MeasureProblem.TOO_FEW_PIXELS
    site, region = Site.INNER_CANTHUS, canthus
    forehead = _read_region(
        pixels,
        to_thermal(face.landmarks[list(FOREHEAD_POINTS), :2].mean(axis=0, keepdims=True), matrix),
        FOREHEAD_RADIUS * spacing,
        outline,
    )
    covered = (
        isinstance(forehead, _Region)
        and canthus.max_c < forehead.max_c - settings.occlusion_margin_c
    )
    if covered:
        # Glass is opaque to long-wave infrared: covered eyes read colder than the forehead.
        if not settings.forehead_fallback:
            return MeasureProblem.EYES_COVERED
        assert isinstance(forehead, _Region)
        site, region = Site.FOREHEAD, forehead
    return _measurement(
        frame_t,
        reading,
        site,
        region,
        face.distance_m,
        _face_max(pixels, outline),
        blackbody_delta_c,
        settings,
    )


def _single_point(
    face: FaceObservation, frame_t: float, reading: ThermalReading, settings: FusionSettings
) -> Measurement | MeasureProblem:
    """A spot sensor reads whatever fills its field: only trust it when that is the canthi."""
    if reading.object_c is None:
        return MeasureProblem.NO_VALID_PIXELS
    centre = np.array(settings.spot_centre_px)
    offsets = np.array(face.inner_canthi) - centre
    if np.any(np.linalg.norm(offsets, axis=1) > settings.spot_radius_px):
        return MeasureProblem.OUTSIDE_SPOT
    region = _Region(reading.object_c, 1)
    return _measurement(
        frame_t,
        reading,
        Site.SINGLE_POINT,
        region,
        face.distance_m,
        reading.object_c,
        None,
        settings,
    )


def _measurement(
    frame_t: float,
    reading: ThermalReading,
    site: Site,
    region: _Region,
    distance_m: float,
    face_max_c: float,
    blackbody_delta_c: float | None,
    settings: FusionSettings,
) -> Measurement:
    forehead = site is Site.FOREHEAD
    corrections = body_corrections(
        region.max_c, reading.ambient_c, distance_m, blackbody_delta_c, settings, forehead=forehead
    )
    body = region.max_c + sum(c.delta_c for c in corrections)
    return Measurement(
        frame_t,
        reading.t,
        site,
        region.max_c,
        body,
        corrections,
        region.pixels,
        distance_m,
        face_max_c,
        forehead,
    )
