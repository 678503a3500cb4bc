"""What a thermal array co-located with the camera sees of the demo scene.

Rendered physically enough to test fusion honestly: the face is drawn at sub-pixel
resolution in the camera's geometry, mapped into the array through the installed
RGB→thermal homography, blurred by the optics and averaged into the array's coarse
pixels (so a far face mixes with the background and reads low), then noise is added.

Temperatures follow the published picture of a face: the inner canthi sit a few
tenths below core, the periorbital skin about a degree below, the rest of the face
cooler still and pulled towards the ambient air; a worn mask is cooler than skin.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.demo.scene import VisitorPose
from kiosk.vision.face_regions import FACE_OVAL, LEFT_EYE, RIGHT_EYE
from kiosk.vision.landmarks import INNER_CANTHI, focal_length_px

SUPERSAMPLE = 8
CANTHUS_RADIUS_M = 0.007  # the warm spot at the inner eye corner, about 1 cm across
PERIORBITAL_SCALE = 1.8  # the warm eye socket extends well beyond the visible eye outline
MASK_OUTLINE = (
    197, 351, 412, 434, 364, 394, 395, 369, 396, 175, 171, 140, 170, 169, 135, 214, 188, 122,
)  # fmt: skip


@dataclass(frozen=True)
class FacePhysiology:
    canthus_below_core_c: float = 0.2
    periorbital_below_core_c: float = 0.8
    skin_ambient_coupling: float = 0.25  # skin = core − coupling × (core − ambient)
    mask_ambient_coupling: float = 0.45


@dataclass(frozen=True)
class ThermalOptics:
    shape: tuple[int, int] = (24, 32)  # rows, columns of the MLX90640
    blur_px: float = 0.35  # optical point-spread, sigma in array pixels
    noise_c: float = 0.1  # per-pixel temporal noise, as the MLX90640 datasheet gives at 4 Hz


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
) -> np.ndarray:
    """The (rows, cols) array in °C the sensor would report for this pose."""
    face = physiology or FacePhysiology()
    lens = optics or ThermalOptics()
    rows, cols = lens.shape
    canvas = np.full((rows * SUPERSAMPLE, cols * SUPERSAMPLE), ambient_c, np.float32)
    if pose is not None:
        # Camera pixels → thermal pixels → supersampled canvas.
        to_canvas = np.diag([SUPERSAMPLE, SUPERSAMPLE, 1.0]) @ rgb_to_thermal
        points = cv2.perspectiveTransform(
            pose.landmarks.reshape(-1, 1, 2).astype(np.float64), to_canvas
        ).reshape(-1, 2)

        def outline(indices: tuple[int, ...], scale: float = 1.0) -> np.ndarray:
            ring = points[list(indices)]
            centre = ring.mean(axis=0)
            return np.round((centre + (ring - centre) * scale) * 16).astype(np.int32)

        core = pose.visitor.body_c
        skin = core - face.skin_ambient_coupling * (core - ambient_c)
        # shift=4: polygon vertices in 1/16 canvas pixel for sub-pixel placement
        cv2.fillPoly(canvas, [outline(FACE_OVAL)], skin, cv2.LINE_AA, shift=4)
        periorbital = core - face.periorbital_below_core_c
        for eye in (RIGHT_EYE, LEFT_EYE):
            cv2.fillPoly(
                canvas, [outline(eye, PERIORBITAL_SCALE)], periorbital, cv2.LINE_AA, shift=4
            )
        if pose.visitor.masked:
            mask_c = core - face.mask_ambient_coupling * (core - ambient_c)
            cv2.fillPoly(canvas, [outline(MASK_OUTLINE)], mask_c, cv2.LINE_AA, shift=4)
        focal = focal_length_px(frame_width, horizontal_fov_deg)
        radius_camera_px = focal * CANTHUS_RADIUS_M / pose.distance_m
        radius = radius_camera_px * SUPERSAMPLE * float(abs(rgb_to_thermal[0, 0]))
        canthus = core - face.canthus_below_core_c
        for index in INNER_CANTHI:
            centre = (int(points[index][0] * 16), int(points[index][1] * 16))
            cv2.circle(canvas, centre, max(int(radius * 16), 1), canthus, -1, cv2.LINE_AA, 4)
    blurred = cv2.GaussianBlur(canvas, (0, 0), sigmaX=lens.blur_px * SUPERSAMPLE)
    array = cv2.resize(blurred, (cols, rows), interpolation=cv2.INTER_AREA)
    noise = rng.normal(0.0, lens.noise_c, (rows, cols))
    return np.asarray(array + noise, dtype=np.float32)
