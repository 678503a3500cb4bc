"""What the thermal array sees, drawn over the camera picture through the installed
registration: warm areas tinted, so an installer can aim the sensor and check the
calibration by eye (the face should glow where the face is)."""

from __future__ import annotations

import cv2
import numpy as np

from drivers.thermal.base import ThermalReading
from kiosk.registration import homography, oriented
from kiosk.settings import FusionSettings

UPSAMPLE = 8  # thermal pixels drawn as 8 × 8 blocks before the warp, smoothed by it
WARM_ABOVE_MEDIAN_C = 1.0  # cooler than this above the frame's median is left untinted
OPACITY = 0.55


def thermal_overlay(
    frame_bgr: np.ndarray, reading: ThermalReading | None, fusion: FusionSettings
) -> np.ndarray:
    """`frame_bgr` with the array's warm areas tinted (the frame itself when no array frame)."""
    if reading is None or reading.pixels is None:
        return frame_bgr
    pixels = np.nan_to_num(oriented(reading.pixels, fusion).astype(np.float32), nan=-273.0)
    floor = float(np.median(pixels)) + WARM_ABOVE_MEDIAN_C
    span = max(float(pixels.max()) - floor, 0.5)
    warmth = np.clip((pixels - floor) / span, 0.0, 1.0)
    big = cv2.resize(warmth, None, fx=UPSAMPLE, fy=UPSAMPLE, interpolation=cv2.INTER_NEAREST)
    # Camera pixel → thermal coordinate (pixel i spans [i, i+1)) → index in the big image.
    to_big = np.array([[UPSAMPLE, 0, -0.5], [0, UPSAMPLE, -0.5], [0, 0, 1]]) @ homography(fusion)
    height, width = frame_bgr.shape[:2]
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    seen = cv2.warpPerspective(big, to_big, (width, height), flags=flags, borderValue=0.0)
    colours = cv2.applyColorMap((seen * 255).astype(np.uint8), cv2.COLORMAP_INFERNO)
    alpha = (seen * OPACITY)[..., None]
    return (frame_bgr * (1 - alpha) + colours * alpha).astype(np.uint8)
