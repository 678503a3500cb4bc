"""What a thermal array co-located with the camera sees of the demo scene.

Rendered physically enough to test fusion honestly: the face is drawn at sub-pixel
resolution in the camera's geometry, mapped into the array through the installed
RGB→thermal homography, blurred by the optics and averaged into the array's coarse
pixels (so a far face mixes with the background and reads low); then the sensor's own
offset drift and temporal noise are added, and the array is turned back into the board's
mounting (mirror, rotation) so fusion has to undo it.

Temperatures follow what the clinical study measured on people (kiosk.thermometry.people):
the inner canthi about 1.2 °C below oral temperature and following the room weakly, the lower
forehead colder and following it more, the eye socket around the canthus colder by people's
canthus contrast; the rest of the face, a worn mask and spectacle lenses (opaque to long-wave
infrared) are assumptions, chosen only to be colder still. The optics are a real lens's
(kiosk.thermometry.optics): the caller maps the camera onto the array through that lens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.demo.scene import VisitorPose
from kiosk.settings import FusionSettings
from kiosk.thermometry import optics, people
from kiosk.vision.face_regions import FACE_OVAL, LEFT_EYE, RIGHT_EYE
from kiosk.vision.landmarks import INNER_CANTHI

SUPERSAMPLE = 8
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
    """Skin temperatures of one face in a room.

    Canthus and forehead are the clinical study's medians (kiosk.thermometry.people): oral −
    offset − k·(24 °C − room), for each site its own offset and k. The eye socket around the
    canthus is colder by people's median canthus contrast (`periorbital_below_canthus_c`; a
    benchmark varies it from face to face); in the study that contrast does not grow with a
    fever, so the face around the canthus follows the core as the canthus does. The rest of
    the face a little colder than the forehead, a worn mask's outer surface and a spectacle
    lens (glass is opaque to long-wave infrared) between skin and air: those are assumptions,
    chosen only to be colder than the forehead.
    """

    periorbital_below_canthus_c: float = people.CANTHUS_CONTRAST_C
    skin_below_forehead_c: float = 0.3  # the rest of the face
    mask_ambient_coupling: float = 0.45
    lens_ambient_coupling: float = 0.6  # lens = skin − 0.6 × (skin − ambient)

    def canthus_c(self, core_c: float, ambient_c: float) -> float:
        room = people.REFERENCE_AMBIENT_C - ambient_c
        return core_c - people.CANTHUS_OFFSET_C - people.CANTHUS_AMBIENT_K * room

    def forehead_c(self, core_c: float, ambient_c: float) -> float:
        room = people.REFERENCE_AMBIENT_C - ambient_c
        offset = people.CANTHUS_OFFSET_C + people.FOREHEAD_BELOW_CANTHUS_C
        return core_c - offset - people.FOREHEAD_AMBIENT_K * room


@dataclass(frozen=True)
class ThermalOptics:
    """The array's pixels, optical blur and noise (kiosk.thermometry.optics)."""

    shape: tuple[int, int] = optics.MLX90640_SHAPE  # rows, columns
    blur_px: float = optics.ARRAY_BLUR_PX  # optical point-spread, sigma in array pixels
    noise_c: float = optics.standard_lens(array=True).noise_c  # per frame at 4 Hz


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
    forehead = face.forehead_c(core, ambient_c)
    skin = forehead - face.skin_below_forehead_c
    canthus = face.canthus_c(core, ambient_c)
    fill(FACE_OVAL, skin)
    fill(FOREHEAD_OUTLINE, forehead)
    for eye in (RIGHT_EYE, LEFT_EYE):
        fill(eye, canthus - face.periorbital_below_canthus_c, (PERIORBITAL_SCALE,) * 2)
    if visitor.masked:
        fill(MASK_OUTLINE, core - face.mask_ambient_coupling * (core - ambient_c))
    focal = optics.focal_length_px(frame_width, horizontal_fov_deg)
    radius_camera_px = focal * optics.CANTHUS_RADIUS_M / pose.distance_m
    # Turning the head hides the far inner canthus behind the bridge of the nose.
    hidden = min(math.tan(math.radians(abs(pose.yaw_deg))) / BRIDGE_TAN_LIMIT, 1.0)
    # Positive yaw turns the face to the camera's right: the canthus on the image left hides.
    far = INNER_CANTHI[0] if pose.yaw_deg > 0 else INNER_CANTHI[1]
    for index in INNER_CANTHI:
        visible = 1.0 - hidden if index == far else 1.0
        # The 1 cm warm spot mapped through the lens: array pixels are not square in angle
        # (55° / 32 across, 35° / 24 down), so it lands as an ellipse.
        at = pose.landmarks[index].astype(np.float64)
        ends = at + np.diag([radius_camera_px, radius_camera_px])
        mapped = cv2.perspectiveTransform(
            np.vstack([at, ends]).reshape(-1, 1, 2), to_canvas
        ).reshape(-1, 2)
        axes = np.linalg.norm(mapped[1:] - mapped[0], axis=1) * visible
        if axes.min() * 16 >= 1:
            centre = (int(points[index][0] * 16), int(points[index][1] * 16))
            size = (int(axes[0] * 16), int(axes[1] * 16))
            cv2.ellipse(canvas, centre, size, 0, 0, 360, canthus, -1, cv2.LINE_AA, 4)
    if visitor.glasses:
        lens_c = skin - face.lens_ambient_coupling * (skin - ambient_c)
        for eye in (RIGHT_EYE, LEFT_EYE):
            fill(eye, lens_c, LENS_SCALE)
