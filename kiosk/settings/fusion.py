"""The fusion section: registration of camera and array, the corrections, the stability gates."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from kiosk.settings.devices import CameraSettings, SensorSettings
from kiosk.settings.schema import SettingsError, setting
from kiosk.thermometry import optics, people

# The nominal RGB→array homography of the default camera (640 × 480, 62° across) and the
# standard 55° × 35° lens on the camera's axis: array focal lengths over the camera's from
# the datasheet fields of view. `kiosk calibrate homography` derives it for the installed
# camera, lens and mounting offset, and refines it from heated-target points.
DEFAULT_RGB_TO_THERMAL = optics.homography_values(
    optics.lens_homography(
        (CameraSettings().width, CameraSettings().height),
        CameraSettings().horizontal_fov_deg,
        optics.standard_lens(array=True),
    ),
    digits=4,
)
# The MLX90640's ±1 °C absolute accuracy read as a uniform distribution (1/√3): what the
# offset is known to before an installation calibrates against a clinical thermometer.
UNCALIBRATED_OFFSET_UNCERTAINTY_C = round(optics.standard_lens(array=True).accuracy_c / 3**0.5, 2)


@dataclass(frozen=True)
class FusionSettings:
    rgb_to_thermal: tuple[float, float, float, float, float, float, float, float, float] = setting(
        DEFAULT_RGB_TO_THERMAL,
        doc="row-major 3×3 homography from camera pixels to the oriented thermal array's pixels; "
        "the default is the 55° lens on the default camera's axis; `kiosk calibrate homography` "
        "derives it for the installed camera, lens and mounting and refines it from points",
        live=True,
    )
    mounting_offset_m: tuple[float, float] = setting(
        (0.0, 0.0),
        doc="where the sensor's axis sits from the camera's, metres, right and down as the "
        "camera sees it (parallax: corrected at each face's distance)",
        live=True,
    )
    registration_distance_m: float = setting(
        optics.NOMINAL_DISTANCE_M,
        minimum=0.1,
        maximum=3.0,
        doc="the distance at which fusion.rgb_to_thermal is exact (the heated target's, or "
        "the nominal one of a derived matrix)",
        live=True,
    )
    thermal_mirror: bool = setting(
        False,
        doc="mirror the array left-right before use (some boards send columns reversed)",
        live=True,
    )
    thermal_rotation: int = setting(
        0,
        choices=(0, 90, 180, 270),
        doc="rotate the array clockwise by this many degrees first",
        live=True,
    )
    # Defaults from people (kiosk.thermometry.people, the clinical study); every installation
    # calibrates its offset against a clinical thermometer (`kiosk calibrate reference`).
    offset_c: float = setting(
        people.CANTHUS_OFFSET_C,
        minimum=-3.0,
        maximum=3.0,
        doc="constant canthus-to-body offset at 24 °C, °C: people's median until `kiosk "
        "calibrate reference` measures this installation's",
        editable=True,
        live=True,
    )
    offset_uncertainty_c: float = setting(
        UNCALIBRATED_OFFSET_UNCERTAINTY_C,
        minimum=0.0,
        maximum=3.0,
        doc="standard uncertainty of fusion.offset_c, °C: the MLX90640's ±1 °C until "
        "`kiosk calibrate reference` measures it",
        live=True,
    )
    ambient_k: float = setting(
        people.CANTHUS_AMBIENT_K,
        minimum=0.0,
        maximum=0.5,
        doc="ambient factor at the canthus: body = skin + k·(24 °C − ambient) + offset (the "
        "clinical study's slope); 0 = off",
        live=True,
    )
    distance_curve_m: tuple[float, ...] = setting(
        (),
        doc="distances, m, of the calibrated distance-compensation points (increasing; fitted "
        "by `kiosk calibrate distance`); empty = no distance compensation",
        live=True,
    )
    distance_curve_c: tuple[float, ...] = setting(
        (),
        doc="offsets, °C, at those distances: interpolated between, held beyond the ends",
        live=True,
    )
    forehead_fallback: bool = setting(
        True,
        doc="read the forehead, flagged as lower confidence, when the eyes are covered",
        live=True,
    )
    forehead_offset_c: float = setting(
        people.FOREHEAD_BELOW_CANTHUS_C,
        minimum=-3.0,
        maximum=6.0,
        doc="added to fusion.offset_c for a forehead reading: how much colder the lower "
        "forehead is than the canthus at 24 °C (the clinical study's median)",
        live=True,
    )
    forehead_ambient_k: float = setting(
        people.FOREHEAD_AMBIENT_K,
        minimum=0.0,
        maximum=0.6,
        doc="ambient factor on the forehead, which follows the room more than the canthus",
        live=True,
    )
    occlusion_margin_c: float = setting(
        people.CANTHUS_ABOVE_FOREHEAD_C,
        minimum=0.2,
        maximum=5.0,
        doc="canthi reading less than this above the lower forehead (after the dilution "
        "correction) are covered (glasses, hair): a bare canthus is warmer by at least this "
        "in 99 % of the clinical study's captures",
        live=True,
    )
    canthus_radius: float = setting(
        0.25,
        minimum=0.02,
        maximum=0.5,
        doc="radius of the region read at each inner canthus, as a fraction of the eye spacing",
        live=True,
    )
    min_region_pixels: int = setting(
        1,
        minimum=1,
        maximum=100,
        doc="thermal pixels that must touch the two canthus regions, else 'step closer' (the "
        "reading's uncertainty already grows as the canthus fills less of a pixel)",
        live=True,
    )
    blackbody: bool = setting(False, doc="a reference blackbody is in the array's view", live=True)
    blackbody_region: tuple[int, int, int, int] = setting(
        (29, 0, 3, 3),
        doc="column, row, width, height of the blackbody in the oriented array",
        live=True,
    )
    blackbody_c: float = setting(
        35.0,
        minimum=20.0,
        maximum=45.0,
        doc="the blackbody's set temperature, °C",
        live=True,
    )
    blackbody_tolerance_c: float = setting(
        2.0,
        minimum=0.2,
        maximum=5.0,
        doc="a blackbody reading further than this from its set point is out of place: pause",
        live=True,
    )
    blackbody_max_spread_c: float = setting(
        # Nine pixels with the MLX90640's 0.2 K noise at 4 Hz span up to ~4.5σ ≈ 0.9 °C.
        1.2,
        minimum=0.1,
        maximum=5.0,
        doc="largest spread across the blackbody region before it counts as partly out of view",
        live=True,
    )
    spot_centre_px: tuple[float, float] = setting(
        (320.0, 240.0),
        doc="single-point sensors: where the sensor's axis meets the camera image",
        live=True,
    )
    spot_radius_px: float = setting(
        round(
            optics.spot_radius_px(
                CameraSettings().width,
                CameraSettings().horizontal_fov_deg,
                optics.standard_lens(array=False),
            ),
            1,
        ),
        minimum=5.0,
        maximum=1000.0,
        doc="single-point sensors: the sensor's field as a radius in camera pixels (default: "
        "the standard 90° MLX90614 on the default camera); the canthi must lie within it",
        live=True,
    )
    spot_min_distance_m: float = setting(
        0.05,
        minimum=0.02,
        maximum=2.0,
        doc="single-point sensors: nearest measuring distance",
        live=True,
    )
    spot_max_distance_m: float = setting(
        0.10,
        minimum=0.03,
        maximum=2.0,
        doc="single-point sensors: farthest measuring distance",
        live=True,
    )
    stable_frames: int = setting(
        3,
        minimum=2,
        maximum=30,
        doc="consecutive thermal readings averaged for a verdict: 3 bring the array's noise "
        "down to people's own capture-to-capture repeatability",
        live=True,
    )
    stable_spread_c: float = setting(
        # Three readings with the MLX90640's 0.2 K noise at 4 Hz span less than 3.3σ ≈ 0.66 °C
        # 95 % of the time (range of three normal values); more is a change, not noise.
        0.7,
        minimum=0.05,
        maximum=2.0,
        doc="largest spread among those readings, °C",
        live=True,
    )
    stable_distance_m: float = setting(
        0.05,
        minimum=0.01,
        maximum=0.5,
        doc="largest change of distance among those readings: the visitor stands still",
        live=True,
    )
    max_pairing_gap_s: float = setting(
        0.3,
        minimum=0.02,
        maximum=2.0,
        doc="largest time between a frame and its thermal reading",
        live=True,
    )

    def __post_init__(self) -> None:
        distances, offsets = self.distance_curve_m, self.distance_curve_c
        if len(distances) != len(offsets):
            raise SettingsError(
                "fusion.distance_curve_c", "needs one offset for each of fusion.distance_curve_m"
            )
        if any(b <= a for a, b in itertools.pairwise(distances)):
            raise SettingsError(
                "fusion.distance_curve_m", "distances must be in increasing order, each once"
            )
        if any(not 0.05 <= d <= 3.0 for d in distances) or any(abs(o) > 5.0 for o in offsets):
            raise SettingsError(
                "fusion.distance_curve_m", "distances within 0.05–3 m, offsets within ±5 °C"
            )
        if self.spot_min_distance_m >= self.spot_max_distance_m:
            raise SettingsError(
                "fusion.spot_min_distance_m", "must be smaller than fusion.spot_max_distance_m"
            )
        if any(v <= 0 for v in self.blackbody_region[2:]) or min(self.blackbody_region) < 0:
            raise SettingsError(
                "fusion.blackbody_region", "column and row from 0, width and height at least 1"
            )


# Where the four corners of the camera frame may land in the array, in array sizes beyond
# its edges: a real lens beside the camera sees roughly the same scene (the 55° MLX90640
# lens maps the corners of a 62° camera a few pixels outside the array, the 110° lens well
# inside it); a corner further out than this means a matrix from another setup, a typo or a
# scale off by orders of magnitude.
CORNER_REACH = 1.0
# Beyond this the matrix is numerically singular: it would map the picture onto a line.
MAX_CONDITION = 1e8


def check_registration(
    matrix: tuple[float, ...], frame_size: tuple[int, int], array_shape: tuple[int, int]
) -> None:
    """Refuse a camera → array homography that cannot be this installation's.

    It must be non-singular, keep every camera corner in front of the projection (a
    consistent sign of the homogeneous w, so no corner crosses the horizon line), land each
    corner within CORNER_REACH array sizes of the array, and put the middle of the camera
    picture, where a visitor stands, inside the array.
    """
    key = "fusion.rgb_to_thermal"
    h = np.asarray(matrix, dtype=np.float64).reshape(3, 3)
    if not np.isfinite(h).all():  # the schema already refuses inf/NaN; kept for callers
        raise SettingsError(key, "every value must be a finite number")
    if abs(np.linalg.det(h)) < 1e-12 or np.linalg.cond(h) > MAX_CONDITION:
        raise SettingsError(
            key, "the matrix is singular (it maps the picture onto a line or a point)"
        )
    width, height = frame_size
    rows, cols = array_shape
    corners = {
        "top-left": (0.0, 0.0),
        "top-right": (float(width), 0.0),
        "bottom-right": (float(width), float(height)),
        "bottom-left": (0.0, float(height)),
    }
    projected = {name: h @ np.array([x, y, 1.0]) for name, (x, y) in corners.items()}
    signs = {np.sign(p[2]) for p in projected.values()}
    if 0.0 in signs or len(signs) > 1:
        raise SettingsError(
            key, "the camera frame folds over the horizon of this matrix: it is not a camera view"
        )
    for name, p in projected.items():
        x, y = p[0] / p[2], p[1] / p[2]
        reach_x, reach_y = CORNER_REACH * cols, CORNER_REACH * rows
        if not (-reach_x <= x <= cols + reach_x and -reach_y <= y <= rows + reach_y):
            cx, cy = corners[name]
            raise SettingsError(
                key,
                f"the camera's {name} corner ({cx:.0f}, {cy:.0f}) lands at ({x:.1f}, {y:.1f}), "
                f"far outside the {cols} × {rows} array: this matrix is not for this camera "
                f"and sensor (refit it with `kiosk calibrate homography`)",
            )
    centre = h @ np.array([width / 2.0, height / 2.0, 1.0])
    cx, cy = centre[0] / centre[2], centre[1] / centre[2]
    if not (0.0 <= cx <= cols and 0.0 <= cy <= rows):
        raise SettingsError(
            key,
            f"the middle of the camera picture lands at ({cx:.1f}, {cy:.1f}), outside the "
            f"{cols} × {rows} array: the sensor would never see a visitor standing in front",
        )


def derived_registration(
    camera: CameraSettings, sensor: SensorSettings, fusion: FusionSettings
) -> optics.HomographyValues:
    """The camera → array homography the installed optics imply (no calibration yet)."""
    matrix = optics.lens_homography(
        (camera.width, camera.height),
        camera.horizontal_fov_deg,
        sensor.installed_lens(),
        fusion.mounting_offset_m,
        fusion.registration_distance_m,
    )
    return optics.homography_values(matrix, digits=4)
