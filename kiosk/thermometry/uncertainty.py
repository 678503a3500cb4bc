"""The uncertainty of a temperature reading as an estimate of the visitor's oral temperature,
component by component (GUM style: standard uncertainties combined in quadrature), and the
correction for the canthus being smaller than a thermal pixel.

Components: `site` (how people's canthus or forehead differs from their oral temperature),
`calibration` (how well the installation's offset is known), `noise` (the sensor's, frame to
frame), `pixels` (the canthus diluted in a pixel larger than itself, person by person),
`distance` (the distance estimate feeding that correction) and `canthus_position` (the region
read missing the canthus). Only the last three shrink when the visitor comes closer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kiosk.thermometry import optics, people


@dataclass(frozen=True)
class UncertaintyComponent:
    name: str
    standard_c: float  # standard uncertainty, °C
    per_frame: bool = False  # independent from frame to frame: averages down over frames


@dataclass(frozen=True)
class Uncertainty:
    components: tuple[UncertaintyComponent, ...]

    @property
    def standard_c(self) -> float:
        """The combined standard uncertainty: the components in quadrature."""
        return math.sqrt(sum(c.standard_c**2 for c in self.components))

    def component(self, name: str) -> float:
        """One component's standard uncertainty (0 when the budget has no such part)."""
        return sum(c.standard_c for c in self.components if c.name == name)


def of_mean(uncertainties: Sequence[Uncertainty]) -> Uncertainty:
    """The uncertainty of the mean of several readings of one visitor: a component that is
    independent from frame to frame averages down by √n, the others are shared by every
    frame (the same person, calibration and geometry) and keep their mean size."""
    count = len(uncertainties)
    if count == 0:
        raise ValueError("the mean of no readings has no uncertainty")
    names = [c.name for c in uncertainties[0].components]
    merged = []
    for index, name in enumerate(names):
        parts = [u.components[index] for u in uncertainties]
        if any(p.name != name for p in parts):
            raise ValueError("readings of different kinds have different budgets")
        if parts[0].per_frame:
            value = math.sqrt(sum(p.standard_c**2 for p in parts)) / count
        else:
            value = sum(p.standard_c for p in parts) / count
        merged.append(UncertaintyComponent(name, value, parts[0].per_frame))
    return Uncertainty(tuple(merged))


@dataclass(frozen=True)
class ReadingGeometry:
    """Where and how finely the sensor saw the canthi in one frame."""

    distance_m: float
    distance_spread: float  # relative standard deviation of the distance estimate
    pixel_m: float  # a thermal pixel's width on the face (a spot sensor: its field's radius)
    spot: bool  # a single-point sensor averaging its whole field
    canthus_spread_m: float  # standard deviation of each inner canthus's located position
    region_radius_m: float  # radius of the region read around each located canthus

    def at(self, distance_m: float) -> ReadingGeometry:
        """The same visitor read from `distance_m`: pixels grow with distance, the distance
        estimate keeps its relative error, the face keeps its size."""
        return replace(
            self, distance_m=distance_m, pixel_m=self.pixel_m * distance_m / self.distance_m
        )


def _fill(geometry: ReadingGeometry) -> optics.CanthusFill:
    if geometry.spot:
        return optics.spot_fill(geometry.pixel_m)
    return optics.canthus_fill(geometry.pixel_m)


def dilution_c(geometry: ReadingGeometry) -> float:
    """How much the canthus reads low for being diluted in its pixel: the unfilled share of
    people's median canthus contrast (a correction added to the reading)."""
    return (1.0 - _fill(geometry).mean) * people.CANTHUS_CONTRAST_C


def _dilution_spread_c(geometry: ReadingGeometry) -> float:
    fill = _fill(geometry)
    # People differ in their contrast; the canthus falls on the pixel grid at random.
    return math.hypot(
        (1.0 - fill.mean) * people.CANTHUS_CONTRAST_SPREAD_C,
        fill.spread * people.CANTHUS_CONTRAST_C,
    )


def _distance_c(geometry: ReadingGeometry) -> float:
    """The dilution correction's error from a distance estimate off by its own spread."""
    step = geometry.distance_m * geometry.distance_spread
    near = dilution_c(geometry.at(max(geometry.distance_m - step, 0.05)))
    far = dilution_c(geometry.at(geometry.distance_m + step))
    return abs(far - near) / 2.0


def _position_c(geometry: ReadingGeometry) -> float:
    """A located canthus off by more than the region's radius leaves the region: the reading
    then drops by about the canthus contrast. With a 2-D normal position error the chance of
    that is exp(−r² / 2σ²); its standard uncertainty is the contrast times √chance."""
    if geometry.canthus_spread_m <= 0.0:
        return 0.0
    ratio = geometry.region_radius_m / geometry.canthus_spread_m
    return people.CANTHUS_CONTRAST_C * math.sqrt(math.exp(-(ratio**2) / 2.0))


def canthus_uncertainty(
    geometry: ReadingGeometry | None, *, calibration_c: float, noise_c: float
) -> Uncertainty:
    """One frame's reading at the inner canthus. `geometry` None: a camera that resolves the
    canthus (the clinical study's), where only site, calibration and noise remain."""
    parts = [
        UncertaintyComponent("site", people.CANTHUS_SPREAD_C),
        UncertaintyComponent("calibration", calibration_c),
        UncertaintyComponent("noise", noise_c, per_frame=True),
    ]
    if geometry is not None:
        parts += [
            UncertaintyComponent("pixels", _dilution_spread_c(geometry)),
            UncertaintyComponent("distance", _distance_c(geometry)),
            UncertaintyComponent("canthus_position", _position_c(geometry)),
        ]
    return Uncertainty(tuple(parts))


def forehead_uncertainty(*, calibration_c: float, noise_c: float) -> Uncertainty:
    """One frame's reading on the lower forehead: a broad, even region, so no dilution, but
    people's much larger forehead-to-oral spread."""
    return Uncertainty(
        (
            UncertaintyComponent("site", people.FOREHEAD_SPREAD_C),
            UncertaintyComponent("calibration", calibration_c),
            UncertaintyComponent("noise", noise_c, per_frame=True),
        )
    )
