"""Where a camera pixel lands in the thermal array: the sensor's mounting (mirror, rotation,
offset from the camera's axis) and the RGB→thermal homography, and fitting that homography
from an installer's point correspondences on a heated target, or refining the one the lens's
optics give from a few of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.settings import FusionSettings
from kiosk.thermometry.optics import HomographyValues, homography_values, parallax_px
from kiosk.vision.landmarks import FaceObservation

# Fewer than this many correspondences leave a 3×3 homography (8 unknowns) barely determined:
# one misplaced click would go unnoticed. Six gives a residual that means something; with
# fewer, only the optics' homography is refined (a shift, and a common scale from two on).
MIN_CORRESPONDENCES = 6
# RANSAC's reprojection gate, thermal pixels: a correspondence further off is an outlier.
RANSAC_GATE_PX = 1.0
# The installer's fit is refused when the mean residual exceeds this (thermal pixels): a
# canthus region is about one pixel across at the measuring distance, so half a pixel of
# misregistration already moves the read from the canthus onto the eyelid.
MAX_MEAN_RESIDUAL_PX = 0.5


def homography(settings: FusionSettings) -> np.ndarray:
    """The configured 3×3 camera → oriented-array homography."""
    return np.asarray(settings.rgb_to_thermal, dtype=np.float64).reshape(3, 3)


def oriented(pixels: np.ndarray, settings: FusionSettings) -> np.ndarray:
    """The array as the camera sees it: mirrored and rotated as the installation says."""
    if settings.thermal_mirror:
        pixels = pixels[:, ::-1]
    # np.rot90 turns counter-clockwise for positive k; the setting is clockwise.
    return np.rot90(pixels, k=-(settings.thermal_rotation // 90))


def to_thermal(points_px: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """(n, 2) camera pixels → (n, 2) thermal pixel coordinates (pixel i spans [i, i+1))."""
    src = np.asarray(points_px, dtype=np.float64).reshape(-1, 1, 2)
    return cv2.perspectiveTransform(src, matrix).reshape(-1, 2)


def face_to_thermal(
    points_px: np.ndarray, face: FaceObservation, settings: FusionSettings
) -> np.ndarray:
    """Points of one face → array pixels, with the parallax of a sensor mounted off the
    camera's axis corrected for that face's distance."""
    matrix = homography(settings)
    mapped = to_thermal(points_px, matrix)
    if not any(settings.mounting_offset_m):
        return mapped
    shift = parallax_px(
        matrix,
        np.mean(face.inner_canthi, axis=0),
        face.metres_per_px,
        face.distance_m,
        settings.mounting_offset_m,
        settings.registration_distance_m,
    )
    return mapped + shift


@dataclass(frozen=True)
class HomographyFit:
    matrix: np.ndarray  # 3×3, normalised so matrix[2, 2] == 1
    residuals_px: np.ndarray  # per correspondence, thermal pixels
    inliers: int

    @property
    def mean_residual_px(self) -> float:
        return float(self.residuals_px.mean())

    @property
    def max_residual_px(self) -> float:
        return float(self.residuals_px.max())

    @property
    def acceptable(self) -> bool:
        return self.mean_residual_px <= MAX_MEAN_RESIDUAL_PX and self.inliers == len(
            self.residuals_px
        )

    def settings_value(self) -> HomographyValues:
        return homography_values(self.matrix)


class RegistrationError(ValueError):
    """The correspondences cannot give a homography; the message says what to do."""


def _pairs(rgb_px: np.ndarray, thermal_px: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    src = np.asarray(rgb_px, dtype=np.float64).reshape(-1, 2)
    dst = np.asarray(thermal_px, dtype=np.float64).reshape(-1, 2)
    if len(src) != len(dst):
        raise RegistrationError(f"{len(src)} camera points but {len(dst)} thermal points")
    return src, dst


def refine_homography(
    nominal: np.ndarray, rgb_px: np.ndarray, thermal_px: np.ndarray
) -> HomographyFit:
    """The optics' homography corrected from a few correspondences: the array is shifted
    (one point), and scaled about it alike in both directions (two or more), in the least
    squares sense. A board's lens sits a little off its nominal axis and field; its shape
    is the datasheet's."""
    src, dst = _pairs(rgb_px, thermal_px)
    if len(src) == 0:
        raise RegistrationError("no correspondences to refine the homography with")
    mapped = to_thermal(src, nominal)
    if len(src) == 1:
        scale = 1.0
    else:
        centred, target = mapped - mapped.mean(axis=0), dst - dst.mean(axis=0)
        scale = float((centred * target).sum() / max(float((centred**2).sum()), 1e-12))
    shift = dst.mean(axis=0) - scale * mapped.mean(axis=0)
    correction = np.array([[scale, 0.0, shift[0]], [0.0, scale, shift[1]], [0.0, 0.0, 1.0]])
    matrix = correction @ nominal
    matrix = matrix / matrix[2, 2]
    residuals = np.linalg.norm(to_thermal(src, matrix) - dst, axis=1)
    return HomographyFit(matrix, residuals, len(src))


def fit_homography(rgb_px: np.ndarray, thermal_px: np.ndarray) -> HomographyFit:
    """Fit camera → thermal from matching points (e.g. a heated target's centre in both)."""
    src, dst = _pairs(rgb_px, thermal_px)
    if len(src) < MIN_CORRESPONDENCES:
        raise RegistrationError(
            f"{len(src)} correspondences; place the heated target in at least "
            f"{MIN_CORRESPONDENCES} spots spread over the measuring area"
        )
    matrix, inlier_mask = cv2.findHomography(src, dst, cv2.RANSAC, RANSAC_GATE_PX)
    if matrix is None or not np.isfinite(matrix).all() or abs(matrix[2, 2]) < 1e-12:
        raise RegistrationError(
            "no homography fits these points: are several of them on one line or repeated?"
        )
    matrix = matrix / matrix[2, 2]
    residuals = np.linalg.norm(to_thermal(src, matrix) - dst, axis=1)
    return HomographyFit(matrix, residuals, int(inlier_mask.sum()))
