"""What a thermal array co-located with the camera sees of the demo scene.

Rendered physically enough to test fusion honestly: the face is drawn at sub-pixel
resolution in the camera's geometry, mapped into the array through the installed
RGB→thermal homography, blurred by the optics and averaged into the array's coarse
pixels (so a far face mixes with the background and reads low); then the sensor's own
offset drift and temporal noise are added, and the array is turned back into the board's
mounting (mirror, rotation) so fusion has to undo it.

Temperatures follow the published picture of a face in a room: the inner canthi sit a
few tenths below core and follow the air only weakly, the forehead follows it more, the
rest of the face more still; a worn mask and spectacle lenses (opaque to long-wave
infrared) sit between skin and air.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.demo.scene import VisitorPose
from kiosk.settings import FusionSettings
from kiosk.vision.face_regions import FACE_OVAL, LEFT_EYE, RIGHT_EYE
from kiosk.vision.landmarks import INNER_CANTHI, focal_length_px

SUPERSAMPLE = 8
# The warm spot at the inner eye corner is about 1 cm across in published canthus
# thermograms (an approximation read off images, not a measured constant).
CANTHUS_RADIUS_M = 0.005
PERIORBITAL_SCALE = 1.8  # the warm eye socket extends well beyond the visible eye outline
FOREHEAD_OUTLINE = (103, 67, 109, 10, 338, 297, 332, 334, 296, 336, 9, 107, 66, 105)
MASK_OUTLINE = (
    197, 351, 412, 434, 364, 394, 395, 369, 396, 175, 171, 140, 170, 169, 135, 214, 188, 122,
)  # fmt: skip
# Spectacle lens outline around each eye, as a scale of the eye outline about its centre.
LENS_SCALE = (2.3, 2.9)  # wider than tall relative to the eye outline
# Nose-bridge geometry for occlusion of the far canthus when the head turns: the canthus
# sits ~16 mm from the midline and ~15 mm behind the bridge of the nose, whose half-width is
# ~5 mm (adult anthropometry, Farkas, "Anthropometry of the Head and Face", 1994), so the
# bridge starts to cover it when tan(yaw) > (16 − 5) / 15.
BRIDGE_TAN_LIMIT = (16.0 - 5.0) / 15.0


@dataclass(frozen=True)
class FacePhysiology:
    """Skin temperatures as core − below − coupling × (core − ambient).

    Sources and assumptions (THERMOMETRY.md): the inner canthus is the warmest, most
    stable face site and a near-constant offset below core works best in large studies,
    so it gets a small offset (0.2 °C) and a weak air coupling (0.05, i.e. ~0.7 °C cooler at
    23 °C air than at body temperature: the canthi read ~36.1 °C for a 37 °C core, within
    the 35.5–36.5 °C typically reported indoors). The forehead follows the air more: the
    heat-balance thermometer design cited there uses k ≈ 0.13, i.e. coupling k/(1+k) ≈ 0.12;
    0.15 puts forehead skin at ~34.6 °C in a 23 °C room, the commonly reported 34–35 °C.
    Cheeks and the rest of the face are colder still (0.25). A mask's outer surface and a
    spectacle lens (glass is opaque to long-wave infrared) sit between skin and air; these
    couplings are assumptions, chosen only to be clearly colder than skin.
    """

    canthus_below_core_c: float = 0.2
    canthus_ambient_coupling: float = 0.05
    periorbital_below_canthus_c: float = 0.6
    forehead_below_core_c: float = 0.3
    forehead_ambient_coupling: float = 0.15
    skin_ambient_coupling: float = 0.25  # the rest of the face
    mask_ambient_coupling: float = 0.45
    lens_ambient_coupling: float = 0.6  # lens = skin − 0.6 × (skin − ambient)

    def canthus_c(self, core_c: float, ambient_c: float) -> float:
        return (
            core_c
            - self.canthus_below_core_c
            - self.canthus_ambient_coupling * (core_c - ambient_c)
        )

    def forehead_c(self, core_c: float, ambient_c: float) -> float:
        return (
            core_c
            - self.forehead_below_core_c
            - self.forehead_ambient_coupling * (core_c - ambient_c)
        )


@dataclass(frozen=True)
class ThermalOptics:
    shape: tuple[int, int] = (24, 32)  # rows, columns of the MLX90640
    blur_px: float = 0.35  # optical point-spread, sigma in array pixels
    # MLX90640 (BAB, 55°) datasheet: NETD 0.1 K RMS at 1 Hz, growing with √(refresh rate);
    # the kiosk runs it at 4 Hz.
    noise_c: float = 0.2


@dataclass(frozen=True)
class ArrayMounting:
    """What the sensor adds on top of the scene at one moment."""

    # Whole-array offset: the MLX90640 is specified at ±1 °C absolute, and its offset wanders
    # with its die temperature; a blackbody in view measures it.
    drift_c: float = 0.0
    mirror: bool = False  # the board's mounting, undone by fusion from the settings
    rotation: int = 0

    @classmethod
    def mounted(cls, settings: FusionSettings, drift_c: float = 0.0) -> ArrayMounting:
        """A sensor mounted the way the settings say."""
        return cls(drift_c, settings.thermal_mirror, settings.thermal_rotation)


@dataclass(frozen=True)
class Blackbody:
    """A reference source in view: its emitting area in camera-aligned array pixels."""

    rect: tuple[int, int, int, int]  # column, row, width, height
    temperature_c: float

    @classmethod
    def configured(cls, settings: FusionSettings) -> Blackbody | None:
        """The blackbody the settings describe, its emitting area one pixel wider all round
        than the region fusion reads (a real aperture is larger than the region read, so
        the optics' blur at its edge stays outside that region); None if there is none."""
        if not settings.blackbody:
            return None
        col, row, width, height = settings.blackbody_region
        return cls((col - 1, row - 1, width + 2, height + 2), settings.blackbody_c)


def render_thermal(
    pose: VisitorPose | None,
    *,
    ambient_c: float,
    rgb_to_thermal: np.ndarray,
    frame_width: int,
    horizontal_fov_deg: float,
    rng: np.random.Generator,
    physiology: FacePhysiology | None = None,
    optics: ThermalOptics | None = None,
    sensor: ArrayMounting | None = None,
    blackbody: Blackbody | None = None,
) -> np.ndarray:
    """The (rows, cols) array in °C the sensor would report for this pose."""
    face = physiology or FacePhysiology()
    lens = optics or ThermalOptics()
    state = sensor or ArrayMounting()
    rows, cols = lens.shape
    canvas = np.full((rows * SUPERSAMPLE, cols * SUPERSAMPLE), ambient_c, np.float32)
    if blackbody is not None:
        col, row, width, height = blackbody.rect
        top_left = (col * SUPERSAMPLE, row * SUPERSAMPLE)
        bottom_right = ((col + width) * SUPERSAMPLE - 1, (row + height) * SUPERSAMPLE - 1)
        cv2.rectangle(canvas, top_left, bottom_right, blackbody.temperature_c, -1)
    if pose is not None:
        _draw_face(canvas, pose, face, ambient_c, rgb_to_thermal, frame_width, horizontal_fov_deg)
    blurred = cv2.GaussianBlur(canvas, (0, 0), sigmaX=lens.blur_px * SUPERSAMPLE)
    array = cv2.resize(blurred, (cols, rows), interpolation=cv2.INTER_AREA)
    array = array + state.drift_c + rng.normal(0.0, lens.noise_c, (rows, cols))
    # The board's mounting: the inverse of what fusion applies (rotate back, then mirror).
    array = np.rot90(array, k=state.rotation // 90)
    if state.mirror:
        array = array[:, ::-1]
    return np.ascontiguousarray(array, dtype=np.float32)


def _draw_face(
    canvas: np.ndarray,
    pose: VisitorPose,
    face: FacePhysiology,
    ambient_c: float,
    rgb_to_thermal: np.ndarray,
    frame_width: int,
    horizontal_fov_deg: float,
) -> None:
    # Camera pixels → thermal pixels → supersampled canvas.
    to_canvas = np.diag([SUPERSAMPLE, SUPERSAMPLE, 1.0]) @ rgb_to_thermal
    points = cv2.perspectiveTransform(
        pose.landmarks.reshape(-1, 1, 2).astype(np.float64), to_canvas
    ).reshape(-1, 2)

    def fill(
        indices: tuple[int, ...], value: float, scale: tuple[float, float] = (1.0, 1.0)
    ) -> None:
        ring = points[list(indices)]
        centre = ring.mean(axis=0)
        polygon = np.round((centre + (ring - centre) * np.array(scale)) * 16).astype(np.int32)
        # shift=4: polygon vertices in 1/16 canvas pixel for sub-pixel placement
        cv2.fillPoly(canvas, [polygon], value, cv2.LINE_AA, shift=4)

    visitor = pose.visitor
    core = visitor.body_c
    skin = core - face.skin_ambient_coupling * (core - ambient_c)
    canthus = face.canthus_c(core, ambient_c)
    fill(FACE_OVAL, skin)
    fill(FOREHEAD_OUTLINE, face.forehead_c(core, ambient_c))
    for eye in (RIGHT_EYE, LEFT_EYE):
        fill(eye, canthus - face.periorbital_below_canthus_c, (PERIORBITAL_SCALE,) * 2)
    if visitor.masked:
        fill(MASK_OUTLINE, core - face.mask_ambient_coupling * (core - ambient_c))
    focal = focal_length_px(frame_width, horizontal_fov_deg)
    radius_camera_px = focal * CANTHUS_RADIUS_M / pose.distance_m
    radius = radius_camera_px * SUPERSAMPLE * float(abs(rgb_to_thermal[0, 0]))
    # Turning the head hides the far inner canthus behind the bridge of the nose.
    hidden = min(math.tan(math.radians(abs(pose.yaw_deg))) / BRIDGE_TAN_LIMIT, 1.0)
    # Positive yaw turns the face to the camera's right: the canthus on the image left hides.
    far = INNER_CANTHI[0] if pose.yaw_deg > 0 else INNER_CANTHI[1]
    for index in INNER_CANTHI:
        visible = 1.0 - hidden if index == far else 1.0
        centre = (int(points[index][0] * 16), int(points[index][1] * 16))
        size = int(radius * visible * 16)
        if size > 0:
            cv2.circle(canvas, centre, size, canthus, -1, cv2.LINE_AA, 4)
    if visitor.glasses:
        lens_c = skin - face.lens_ambient_coupling * (skin - ambient_c)
        for eye in (RIGHT_EYE, LEFT_EYE):
            fill(eye, lens_c, LENS_SCALE)
