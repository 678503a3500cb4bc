"""The corrections between what the sensor read on the skin and the reported body temperature:
blackbody drift reference, ambient, the canthus diluted in a large pixel, calibrated distance
curve, constant offset.

Each is a setting or a physical model, each yields a named `Correction` that is recorded with
the reading and shown to the operator; none is hidden inside a driver. The ambient factors and
offsets default to what the clinical study says of people (kiosk.thermometry.people).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from kiosk.settings import FusionSettings
from kiosk.thermometry.people import REFERENCE_AMBIENT_C


@dataclass(frozen=True)
class Correction:
    name: str
    delta_c: float


@dataclass(frozen=True)
class BlackbodyCheck:
    """The reference's reading in this frame: a drift correction, or why it cannot be trusted."""

    delta_c: float  # set point − what the array reads there
    problem: str  # "" when the reference is usable


def check_blackbody(pixels: np.ndarray, settings: FusionSettings) -> BlackbodyCheck:
    """Read the configured blackbody region of an oriented array.

    A reference that has been knocked out of its place shows a wide spread (part of it is
    now background) or a reading far from its set point; either way its correction would
    be wrong, so the caller must pause screening instead of using it.
    """
    col, row, width, height = settings.blackbody_region
    region = pixels[row : row + height, col : col + width]
    valid = region[np.isfinite(region)]
    if valid.size < region.size or region.size < width * height:
        return BlackbodyCheck(0.0, "blackbody region lies outside the array or has dropped pixels")
    spread = float(valid.max() - valid.min())
    if spread > settings.blackbody_max_spread_c:
        return BlackbodyCheck(
            0.0, f"blackbody region is not uniform ({spread:.1f} °C spread): has it moved?"
        )
    reading = float(np.median(valid))
    delta = settings.blackbody_c - reading
    if abs(delta) > settings.blackbody_tolerance_c:
        return BlackbodyCheck(
            0.0,
            f"blackbody reads {reading:.1f} °C, set point {settings.blackbody_c:.1f} °C: "
            "is it in place, switched on and warmed up?",
        )
    return BlackbodyCheck(delta, "")


def ambient_delta(ambient_c: float | None, k: float) -> float:
    """body = skin + k·(24 °C − ambient): a colder room cools the skin more below the core.

    The clinical study gives the slope against the room; it does not support scaling each
    person's own skin excess (k·(skin − ambient)), which amplifies how people's skin differs
    (docs/thermometry.md). 0 when no ambient is known.
    """
    if ambient_c is None or k == 0.0:
        return 0.0
    return k * (REFERENCE_AMBIENT_C - ambient_c)


def distance_delta(
    distance_m: float, distances_m: tuple[float, ...], offsets_c: tuple[float, ...]
) -> float:
    """The calibrated offset at this distance: linear between points, held beyond the ends."""
    if not distances_m:
        return 0.0
    return float(np.interp(distance_m, distances_m, offsets_c))


# Distances within this of each other are one calibration station (an installer's tape mark).
STATION_BIN_M = 0.05
MIN_SAMPLES_PER_STATION = 3


def fit_distance_curve(
    samples: Iterable[tuple[float, float, float]],
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(distance m, reference °C, kiosk °C without distance compensation) → the curve's
    distances and offsets.

    Each station's offset is the median of reference − kiosk there (robust to one bad
    clinical reading); stations with fewer than MIN_SAMPLES_PER_STATION samples are left out.
    """
    stations: dict[int, list[tuple[float, float]]] = {}
    for distance, reference, measured in samples:
        stations.setdefault(round(distance / STATION_BIN_M), []).append(
            (distance, reference - measured)
        )
    distances: list[float] = []
    offsets: list[float] = []
    for key in sorted(stations):
        rows = stations[key]
        if len(rows) >= MIN_SAMPLES_PER_STATION:
            distances.append(round(float(np.mean([d for d, _ in rows])), 3))
            offsets.append(round(float(np.median([o for _, o in rows])), 3))
    return tuple(distances), tuple(offsets)


def body_corrections(
    ambient_c: float | None,
    distance_m: float,
    blackbody_delta_c: float | None,
    settings: FusionSettings,
    *,
    forehead: bool,
    dilution_c: float | None = None,
) -> tuple[Correction, ...]:
    """Every configured correction for a skin reading, in the order they apply (each is
    additive: the reported temperature is the reading plus their sum).

    `dilution_c`: how much a canthus smaller than its pixel reads low (None when the reading
    resolves the canthus, or is not of the canthus).
    """
    corrections: list[Correction] = []
    if blackbody_delta_c is not None:
        corrections.append(Correction("blackbody", round(blackbody_delta_c, 3)))
    prefix = "forehead_" if forehead else ""
    k = settings.forehead_ambient_k if forehead else settings.ambient_k
    if k and ambient_c is not None:
        corrections.append(Correction(f"{prefix}ambient", round(ambient_delta(ambient_c, k), 3)))
    if dilution_c is not None:
        corrections.append(Correction("dilution", round(dilution_c, 3)))
    if settings.distance_curve_m:
        delta = distance_delta(distance_m, settings.distance_curve_m, settings.distance_curve_c)
        corrections.append(Correction("distance", round(delta, 3)))
    corrections.append(Correction("offset", settings.offset_c))
    if forehead:
        corrections.append(Correction("forehead_offset", settings.forehead_offset_c))
    return tuple(corrections)
