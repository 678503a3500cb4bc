"""The thermal sensor's optics: the lenses the boards carry (datasheet fields of view), the
camera → array homography a lens and its mounting imply, how large a thermal pixel is on a
face, and how much of that pixel the warm inner canthus fills.

Every figure here is a datasheet's or plain pinhole geometry; docs/thermometry.md cites them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np


@dataclass(frozen=True)
class SensorLens:
    """One sensor part with its lens, as its datasheet states it."""

    name: str  # what `sensor.lens` names it
    part: str
    horizontal_fov_deg: float
    vertical_fov_deg: float  # a single-point sensor's field is round: the same as horizontal
    array_shape: tuple[int, int] | None  # (rows, columns); None for a single-point sensor
    noise_c: float  # temporal noise of one reading at the rate the kiosk runs the board, K rms
    accuracy_c: float  # the datasheet's absolute accuracy, ± °C


# MLX90640 datasheet (rev. 11): 32 × 24 pixels, "2 FOV options – 55°×35° and 110°×75°",
# NETD 0.1 K rms at 1 Hz refresh growing with √(rate): 0.2 K at the 4 Hz the GY-MCU90640
# driver requests; ±1 °C absolute (SENSORS.md). MLX90614 datasheet: package option A 90°,
# C 35°, F 10°, I 5° fields of view; ±0.5 °C over 0…50 °C; it quotes a resolution (0.02 °C),
# not a temporal noise: 0.1 °C is an allowance, not a datasheet figure.
MLX90640_SHAPE = (24, 32)
LENSES: dict[str, SensorLens] = {
    lens.name: lens
    for lens in (
        SensorLens("mlx90640-bab-55x35", "MLX90640ESF-BAB", 55.0, 35.0, MLX90640_SHAPE, 0.2, 1.0),
        SensorLens("mlx90640-baa-110x75", "MLX90640ESF-BAA", 110.0, 75.0, MLX90640_SHAPE, 0.2, 1.0),
        SensorLens("mlx90614-xaa-90", "MLX90614ESF-xAA", 90.0, 90.0, None, 0.1, 0.5),
        SensorLens("mlx90614-xcc-35", "MLX90614ESF-xCC", 35.0, 35.0, None, 0.1, 0.5),
        SensorLens("mlx90614-xcf-10", "MLX90614ESF-xCF", 10.0, 10.0, None, 0.1, 0.5),
        SensorLens("mlx90614-xci-5", "MLX90614ESF-xCI", 5.0, 5.0, None, 0.1, 0.5),
    )
}
# The lens a board is sold with when nothing else is said: the GY-MCU90640 with the 55° BAB
# (the 110° BAA is the wide option), the GY-906 style MLX90614 boards with the standard 90°.
STANDARD_ARRAY_LENS = "mlx90640-bab-55x35"
STANDARD_SPOT_LENS = "mlx90614-xaa-90"

# The array's optical point spread, σ in pixels. The MLX90640 datasheet gives no MTF; a third
# of a pixel is an assumption (each pixel's response reaches about half into its neighbours).
ARRAY_BLUR_PX = 0.35
# The warm spot at the inner canthus is about 1 cm across (THERMOMETRY.md).
CANTHUS_RADIUS_M = 0.005
# The distance at which a homography derived from optics is exact when the sensor sits beside
# the camera: the middle of the 0.3–0.8 m band visitors stand in.
NOMINAL_DISTANCE_M = 0.55


# A 3 × 3 homography as the settings hold it: nine numbers, row by row.
HomographyValues = tuple[float, float, float, float, float, float, float, float, float]


def homography_values(matrix: np.ndarray, digits: int = 8) -> HomographyValues:
    """A homography's nine entries, row by row, rounded to `digits` decimals."""
    v = [round(float(x), digits) for x in np.asarray(matrix, dtype=np.float64).reshape(9)]
    return (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8])


def standard_lens(array: bool) -> SensorLens:
    return LENSES[STANDARD_ARRAY_LENS if array else STANDARD_SPOT_LENS]


def focal_length_px(size_px: float, fov_deg: float) -> float:
    """Pinhole focal length, pixels, of `size_px` pixels spanning `fov_deg`."""
    return (size_px / 2.0) / math.tan(math.radians(fov_deg) / 2.0)


def lens_homography(
    frame_size: tuple[int, int],
    camera_hfov_deg: float,
    lens: SensorLens,
    mounting_offset_m: tuple[float, float] = (0.0, 0.0),
    distance_m: float = NOMINAL_DISTANCE_M,
) -> np.ndarray:
    """Camera pixels → array pixels for a lens beside the camera, looking the same way.

    Both are pinholes on parallel axes, the camera with square pixels; the array's axis sits
    `mounting_offset_m` (right, down as the camera sees it) from the camera's, which shifts
    the picture by focal × offset / distance: the matrix is exact for a face `distance_m`
    away, and `parallax_px` gives the shift at any other distance.
    """
    if lens.array_shape is None:
        raise ValueError(f"{lens.name} is a single-point sensor: it has no array to map onto")
    width, height = frame_size
    rows, cols = lens.array_shape
    camera = focal_length_px(width, camera_hfov_deg)
    fx = focal_length_px(cols, lens.horizontal_fov_deg)
    fy = focal_length_px(rows, lens.vertical_fov_deg)
    sx, sy = fx / camera, fy / camera
    dx, dy = mounting_offset_m
    return np.array(
        [
            [sx, 0.0, cols / 2.0 - sx * width / 2.0 - fx * dx / distance_m],
            [0.0, sy, rows / 2.0 - sy * height / 2.0 - fy * dy / distance_m],
            [0.0, 0.0, 1.0],
        ]
    )


def spot_radius_px(frame_width: int, camera_hfov_deg: float, lens: SensorLens) -> float:
    """A co-axial single-point sensor's field, as a radius in camera pixels (the same at
    every distance: both are angles seen from the same place)."""
    camera = focal_length_px(frame_width, camera_hfov_deg)
    return camera * math.tan(math.radians(lens.horizontal_fov_deg) / 2.0)


def local_jacobian(matrix: np.ndarray, point_px: np.ndarray) -> np.ndarray:
    """d(array pixel) / d(camera pixel) of the homography at `point_px`: 2 × 2."""
    x, y = float(point_px[0]), float(point_px[1])
    h = matrix
    w = h[2, 0] * x + h[2, 1] * y + h[2, 2]
    u = (h[0, 0] * x + h[0, 1] * y + h[0, 2]) / w
    v = (h[1, 0] * x + h[1, 1] * y + h[1, 2]) / w
    return np.array(
        [
            [(h[0, 0] - u * h[2, 0]) / w, (h[0, 1] - u * h[2, 1]) / w],
            [(h[1, 0] - v * h[2, 0]) / w, (h[1, 1] - v * h[2, 1]) / w],
        ]
    )


def local_scale(matrix: np.ndarray, point_px: np.ndarray) -> float:
    """Array pixels per camera pixel around `point_px`, as a square of the same area (the
    MLX90640's pixels are not square in angle: 55° / 32 across, 35° / 24 down)."""
    return math.sqrt(abs(float(np.linalg.det(local_jacobian(matrix, point_px)))))


def parallax_px(
    matrix: np.ndarray,
    point_px: np.ndarray,
    metres_per_px: float,
    distance_m: float,
    mounting_offset_m: tuple[float, float],
    registration_distance_m: float,
) -> np.ndarray:
    """The array-pixel shift of a point `distance_m` away against a homography that is exact
    at `registration_distance_m`, for a sensor mounted `mounting_offset_m` off the camera.

    Seen from the sensor a point is displaced by −offset / distance in angle; the homography
    already holds −offset / registration distance. In camera pixels at the face (metres per
    pixel = distance / camera focal length) the rest is −offset / metres per pixel ·
    (1 − distance / registration distance), carried into the array by the local Jacobian.
    """
    camera_px = -np.array(mounting_offset_m) / metres_per_px
    camera_px *= 1.0 - distance_m / registration_distance_m
    return local_jacobian(matrix, point_px) @ camera_px


@dataclass(frozen=True)
class CanthusFill:
    """How much of the best thermal pixel the two warm inner canthi fill, over the random
    places they fall on the pixel grid: 1 when a pixel sits wholly on a canthus."""

    mean: float
    spread: float  # standard deviation over pixel phases


# Pixel phases sampled per axis and the supersampling of each pixel for the fill integral.
_PHASES = 6
_SUPERSAMPLE = 16


@lru_cache(maxsize=512)
def _fill_samples(radius_px: float, blur_px: float) -> tuple[float, ...]:
    """The best pixel's filled fraction for one canthus at each sampled sub-pixel phase."""
    reach = math.ceil(radius_px + 3.0 * blur_px) + 2
    size = (2 * reach + 1) * _SUPERSAMPLE
    samples = []
    for px in range(_PHASES):
        for py in range(_PHASES):
            canvas: np.ndarray = np.zeros((size, size), np.float32)
            centre = (
                (reach + (px + 0.5) / _PHASES) * _SUPERSAMPLE,
                (reach + (py + 0.5) / _PHASES) * _SUPERSAMPLE,
            )
            # shift=4: the centre and radius in 1/16 supersampled pixel
            cv2.circle(
                canvas,
                (round(centre[0] * 16), round(centre[1] * 16)),
                max(round(radius_px * _SUPERSAMPLE * 16), 1),
                1.0,
                -1,
                cv2.LINE_AA,
                4,
            )
            if blur_px > 0:
                canvas = cv2.GaussianBlur(canvas, (0, 0), blur_px * _SUPERSAMPLE)
            pixels = canvas.reshape(size // _SUPERSAMPLE, _SUPERSAMPLE, -1, _SUPERSAMPLE)
            samples.append(float(pixels.mean(axis=(1, 3)).max()))
    return tuple(samples)


def canthus_fill(pixel_m: float, blur_px: float = ARRAY_BLUR_PX) -> CanthusFill:
    """The fill of the best pixel over the two canthi (each at its own random phase) for a
    pixel `pixel_m` wide on the face; the reading is the warmer of the two."""
    radius = round(CANTHUS_RADIUS_M / max(pixel_m, 1e-6), 2)
    one = np.array(_fill_samples(radius, round(blur_px, 2)))
    both = np.maximum.outer(one, one).ravel()
    return CanthusFill(float(both.mean()), float(both.std()))


def spot_fill(spot_radius_m: float) -> CanthusFill:
    """A single-point sensor averages its whole round field: the two canthi fill that share."""
    share = min(2.0 * (CANTHUS_RADIUS_M / max(spot_radius_m, 1e-6)) ** 2, 1.0)
    return CanthusFill(share, 0.0)
