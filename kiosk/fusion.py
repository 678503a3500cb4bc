"""Reading a visitor's temperature from one camera frame and one thermal reading: the inner
canthi (forehead as a flagged fallback) mapped into the array, the maximum there, the
configured corrections and the reading's uncertainty, each recorded with the value.

Every step says why a measurement could not be made rather than guessing.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from drivers.thermal.base import ThermalReading
from kiosk.corrections import Correction, body_corrections
from kiosk.registration import face_to_thermal, homography, oriented
from kiosk.settings import FusionSettings
from kiosk.thermometry import optics
from kiosk.thermometry.uncertainty import (
    ReadingGeometry,
    Uncertainty,
    canthus_uncertainty,
    dilution_c,
    forehead_uncertainty,
    of_mean,
)
from kiosk.vision.landmarks import FaceObservation

__all__ = [
    "CombinedReading",
    "Correction",
    "MeasureProblem",
    "Measurement",
    "Site",
    "choose_site",
    "combine_captures",
    "edge_clear_distance_m",
    "homography",
    "measure",
    "site_measurement",
]

FOREHEAD_RADIUS = 0.35  # forehead region radius, as a fraction of the inner-canthus spacing
# A region must sit this far (thermal pixels) inside the face outline beyond its own radius:
# a pixel touching the region reaches up to a pixel past it, and the optics spread each pixel
# over about half a neighbour more; closer than that it mixes in background.
EDGE_MARGIN_PX = 1.0


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
    uncertainty: Uncertainty  # of body_c as an estimate of the oral temperature
    geometry: ReadingGeometry | None  # how the canthi were seen (None: resolved, or forehead)

    def uncertainty_at(self, distance_m: float) -> Uncertainty:
        """The uncertainty this reading would have were the visitor `distance_m` away."""
        if self.geometry is None:
            return self.uncertainty
        return canthus_uncertainty(
            self.geometry.at(distance_m),
            calibration_c=self.uncertainty.component("calibration"),
            noise_c=self.uncertainty.component("noise"),
        )


@dataclass(frozen=True)
class _Region:
    max_c: float
    pixels: int


def _region_pixels(
    centre: np.ndarray, radius: float, shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the pixels (pixel i spans [i, i+1)) that the circle of
    `radius` around `centre` touches: at least the pixel holding the centre, so a canthus
    smaller than a pixel is still read, diluted (the uncertainty says by how much)."""
    rows, cols = shape
    x, y = float(centre[0]), float(centre[1])
    reach = int(np.ceil(radius)) + 1
    col_range = np.arange(max(int(x) - reach, 0), min(int(x) + reach + 1, cols))
    row_range = np.arange(max(int(y) - reach, 0), min(int(y) + reach + 1, rows))
    grid_r, grid_c = np.meshgrid(row_range, col_range, indexing="ij")
    dx = np.maximum(np.maximum(grid_c - x, x - (grid_c + 1)), 0.0)
    dy = np.maximum(np.maximum(grid_r - y, y - (grid_r + 1)), 0.0)
    inside = dx**2 + dy**2 <= radius**2
    return grid_r[inside], grid_c[inside]


def _room_inside(centres: np.ndarray, radius: float, outline: np.ndarray) -> float:
    """How far (array pixels) the circles at `centres` stay inside the face outline."""
    return min(
        cv2.pointPolygonTest(outline, (float(c[0]), float(c[1])), True) - radius for c in centres
    )


def _read_region(
    pixels: np.ndarray,
    centres: np.ndarray,
    radius: float,
    outline: np.ndarray,
    *,
    edge_gate: bool = True,
) -> _Region | MeasureProblem:
    """The maximum over circles at `centres`, refused if any circle leaves the array or (with
    `edge_gate`) comes within the margin of the face's edge, where its pixels mix in the
    background."""
    rows, cols = pixels.shape
    if np.any(centres < 0) or np.any(centres[:, 0] >= cols) or np.any(centres[:, 1] >= rows):
        return MeasureProblem.OUTSIDE_THERMAL_VIEW
    if edge_gate and _room_inside(centres, radius, outline) < EDGE_MARGIN_PX:
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
    outline = face_to_thermal(face.outline, face, settings).astype(np.float32)
    canthi = face_to_thermal(np.array(face.inner_canthi), face, settings)
    spacing = float(np.linalg.norm(canthi[1] - canthi[0]))
    radius = settings.canthus_radius * spacing
    canthus = _read_region(pixels, canthi, radius, outline)
    if isinstance(canthus, MeasureProblem):
        return canthus
    if canthus.pixels < settings.min_region_pixels:
        return MeasureProblem.TOO_FEW_PIXELS
    # Read for the covered-eyes check even near the face's edge: the maximum is the most
    # skin-filled pixel, and a far face's forehead is often within a pixel of its edge.
    forehead_centre = face_to_thermal(np.array([face.forehead]), face, settings)
    forehead_radius = FOREHEAD_RADIUS * spacing
    forehead = _read_region(pixels, forehead_centre, forehead_radius, outline, edge_gate=False)
    face_max = _face_max(pixels, outline)
    # Array pixels per camera pixel on this face, and so a pixel's width on the face.
    scale = optics.local_scale(matrix, np.mean(face.inner_canthi, axis=0))
    geometry = ReadingGeometry(
        distance_m=face.distance_m,
        distance_spread=face.distance_spread,
        pixel_m=face.metres_per_px / scale,
        spot=False,
        canthus_spread_m=face.canthus_spread_px * face.metres_per_px,
        region_radius_m=radius / scale * face.metres_per_px,
    )
    forehead_c = forehead.max_c if isinstance(forehead, _Region) else None
    site = choose_site(canthus.max_c, forehead_c, settings, dilution_c(geometry))
    if isinstance(site, MeasureProblem):
        return site
    if site is Site.FOREHEAD:
        assert isinstance(forehead, _Region)
        if _room_inside(forehead_centre, forehead_radius, outline) < EDGE_MARGIN_PX:
            return MeasureProblem.AT_FACE_EDGE  # as the measured site it must be clear of it
        return site_measurement(
            Site.FOREHEAD,
            forehead.max_c,
            frame_t,
            reading,
            settings,
            face.distance_m,
            pixels=forehead.pixels,
            face_max_c=face_max,
            blackbody_delta_c=blackbody_delta_c,
        )
    return site_measurement(
        Site.INNER_CANTHUS,
        canthus.max_c,
        frame_t,
        reading,
        settings,
        face.distance_m,
        pixels=canthus.pixels,
        face_max_c=face_max,
        blackbody_delta_c=blackbody_delta_c,
        geometry=geometry,
    )


def edge_clear_distance_m(face: FaceObservation, settings: FusionSettings) -> float | None:
    """The farthest distance at which the canthus and forehead regions would clear the face's
    edge.

    The face, and the room the regions have inside its outline, grow as 1 / distance while
    the margin stays a pixel: the room is enough from distance × room / margin on. None when
    a region does not lie inside the outline at all (nearer would not help)."""
    outline = face_to_thermal(face.outline, face, settings).astype(np.float32)
    canthi = face_to_thermal(np.array(face.inner_canthi), face, settings)
    spacing = float(np.linalg.norm(canthi[1] - canthi[0]))
    forehead = face_to_thermal(np.array([face.forehead]), face, settings)
    room = min(
        _room_inside(canthi, settings.canthus_radius * spacing, outline),
        _room_inside(forehead, FOREHEAD_RADIUS * spacing, outline),
    )
    return face.distance_m * room / EDGE_MARGIN_PX if room > 0.0 else None


def choose_site(
    canthus_c: float,
    forehead_c: float | None,
    settings: FusionSettings,
    dilution_c: float = 0.0,
) -> Site | MeasureProblem:
    """The inner canthus, unless it reads less than the occlusion margin above the lower
    forehead once its dilution in a large pixel is corrected: a bare canthus is warmer than
    that, and glass is opaque to long-wave infrared, so covered eyes read colder. The
    forehead (flagged, lower confidence) then stands in when the settings allow."""
    if forehead_c is None or canthus_c + dilution_c >= forehead_c + settings.occlusion_margin_c:
        return Site.INNER_CANTHUS
    return Site.FOREHEAD if settings.forehead_fallback else MeasureProblem.EYES_COVERED


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
    field_m = settings.spot_radius_px * face.metres_per_px
    geometry = ReadingGeometry(
        distance_m=face.distance_m,
        distance_spread=face.distance_spread,
        pixel_m=field_m,
        spot=True,
        canthus_spread_m=face.canthus_spread_px * face.metres_per_px,
        region_radius_m=field_m,
    )
    return site_measurement(
        Site.SINGLE_POINT,
        reading.object_c,
        frame_t,
        reading,
        settings,
        face.distance_m,
        pixels=1,
        face_max_c=reading.object_c,
        geometry=geometry,
    )


def site_measurement(
    site: Site,
    raw_c: float,
    frame_t: float,
    reading: ThermalReading,
    settings: FusionSettings,
    distance_m: float,
    *,
    pixels: int,
    face_max_c: float,
    blackbody_delta_c: float | None = None,
    geometry: ReadingGeometry | None = None,
    noise_c: float | None = None,
) -> Measurement:
    """The measurement made of a site's raw reading: its corrections and its uncertainty.

    `geometry` None with a canthus site: a camera that resolves the canthus (no dilution).
    `noise_c` None: the noise of the part that made `reading` (MLX90640 or MLX90614).
    """
    forehead = site is Site.FOREHEAD
    dilution = None if geometry is None or forehead else dilution_c(geometry)
    corrections = body_corrections(
        reading.ambient_c,
        distance_m,
        blackbody_delta_c,
        settings,
        forehead=forehead,
        dilution_c=dilution,
    )
    if noise_c is None:
        noise_c = optics.standard_lens(array=reading.pixels is not None).noise_c
    calibration = settings.offset_uncertainty_c
    if forehead:
        uncertainty = forehead_uncertainty(calibration_c=calibration, noise_c=noise_c)
    else:
        uncertainty = canthus_uncertainty(geometry, calibration_c=calibration, noise_c=noise_c)
    return Measurement(
        frame_t,
        reading.t,
        site,
        raw_c,
        raw_c + sum(c.delta_c for c in corrections),
        corrections,
        pixels,
        distance_m,
        face_max_c,
        forehead,
        uncertainty,
        None if forehead else geometry,
    )


@dataclass(frozen=True)
class CombinedReading:
    """One visitor's reading from several captures of one site."""

    site: Site
    body_c: float
    uncertainty: Uncertainty
    captures: int


def combine_captures(samples: Sequence[Measurement]) -> CombinedReading:
    """The mean of the captures (the clinical study: a mean of captures separates fever at
    least as well as their median, and the noise averages down by √n); every capture must be
    of one site, since canthus and forehead readings are different quantities."""
    sites = {s.site for s in samples}
    if len(sites) != 1:
        raise ValueError(f"captures of {len(sites)} sites cannot be combined")
    return CombinedReading(
        sites.pop(),
        statistics.fmean(s.body_c for s in samples),
        of_mean([s.uncertainty for s in samples]),
        len(samples),
    )
