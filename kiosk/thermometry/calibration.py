"""Calibration against a clinical reference thermometer: N volunteers read by the kiosk and by
the reference, the installation's canthus-to-oral offset and how well it is known.

The offset is the one constant an installation must set itself: the MLX90640 is specified at
±1 °C absolute, far more than people's spread. The slope stays 1 (a constant offset detects
elevated temperatures better than a regression slope, which biases readings towards normal:
Wang et al., Sensors 2022) and the ambient factor comes from the clinical study, since an
installer's volunteers all stand in one room on one day.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from kiosk.settings import FusionSettings

# Fewer volunteers than this leave the offset uncertain by more than 0.15 °C (1.25 · 0.37 /
# √10): a tenth of a degree is what the calibration is for.
MIN_VOLUNTEERS = 10
# People's spread with the canthus diluted in a far pixel reaches about 0.55 °C (site and
# pixels in quadrature at 0.8 m); a larger residual than this, even among ten volunteers,
# means misread references or readings that were not of the canthus (glasses, too far).
MAX_RESIDUAL_SPREAD_C = 0.8
# The median's standard error is √(π/2) ≈ 1.2533 times the mean's for normal residuals.
MEDIAN_EFFICIENCY = math.sqrt(math.pi / 2.0)


@dataclass(frozen=True)
class ReferenceSample:
    measured_c: float  # what the kiosk reported for the volunteer, with the current settings
    reference_c: float  # the clinical thermometer's reading of the same volunteer


@dataclass(frozen=True)
class ReferenceCalibration:
    offset_c: float  # the new fusion.offset_c
    offset_uncertainty_c: float  # its standard uncertainty (fusion.offset_uncertainty_c)
    residual_spread_c: float  # standard deviation of reference − kiosk after the new offset
    volunteers: int
    refused: str  # why the calibration must not be written; "" when it may

    def changes(self) -> dict[str, Any]:
        """The settings this calibration writes (`kiosk calibrate reference --write`)."""
        return {
            "fusion.offset_c": self.offset_c,
            "fusion.offset_uncertainty_c": self.offset_uncertainty_c,
        }

    def applied(self, fusion: FusionSettings) -> FusionSettings:
        """`fusion` with this calibration's values, as the written file would have them."""
        values = {key.removeprefix("fusion."): value for key, value in self.changes().items()}
        return replace(fusion, **values)

    def report(self) -> dict[str, Any]:
        spread = self.residual_spread_c
        return {
            "offset_c": self.offset_c,
            "offset_uncertainty_c": self.offset_uncertainty_c,
            "residual_spread_c": round(spread, 3) if math.isfinite(spread) else None,
            "volunteers": self.volunteers,
        }


def calibrate_against_reference(
    samples: Sequence[ReferenceSample], current: FusionSettings
) -> ReferenceCalibration:
    """The offset that makes the kiosk agree with the reference thermometer on these
    volunteers: the current offset plus the median of reference − kiosk (one misread
    reference moves a median little), and the standard uncertainty of that median."""
    count = len(samples)
    if count < MIN_VOLUNTEERS:
        return ReferenceCalibration(
            current.offset_c,
            current.offset_uncertainty_c,
            float("nan"),
            count,
            f"{count} volunteers; at least {MIN_VOLUNTEERS} are needed",
        )
    differences = [s.reference_c - s.measured_c for s in samples]
    spread = statistics.stdev(differences)
    refused = ""
    if spread > MAX_RESIDUAL_SPREAD_C:
        refused = (
            f"reference − kiosk spreads by {spread:.2f} °C (at most {MAX_RESIDUAL_SPREAD_C}): "
            "re-check the reference readings and that each volunteer stood in the zone "
            "without glasses"
        )
    return ReferenceCalibration(
        round(current.offset_c + statistics.median(differences), 3),
        round(MEDIAN_EFFICIENCY * spread / math.sqrt(count), 3),
        spread,
        count,
        refused,
    )
