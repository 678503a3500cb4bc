"""The screening's face finder: the Face Landmarker, and YuNet when it finds nothing.

A real masked face can be invisible to MediaPipe's detector while YuNet still finds it: of the
71 real masked MFR2 photos placed in a 640 × 480 frame, the landmarker found 17 at 120 px (a
visitor about 0.8 m away), 52 at 200 px and 64 at 320 px, the landmarker then YuNet all 71
(`benchmarks/accuracy.py --keypoint-geometry`; DEPENDENCIES.md saw 0 of 54 video frames).
Without a mesh the inner canthi, the face outline, the lower forehead and the distance come
from YuNet's eye keypoints in face proportions measured on real faces, and each says how much
less certain it is (docs/thermometry.md).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from kiosk.thermometry.optics import focal_length_px
from kiosk.vision.face_detector import DetectedFace, YuNetDetector
from kiosk.vision.landmarks import (
    IRIS_DIAMETER_M,
    FaceLandmarks,
    FaceObservation,
    FaceSource,
    VisionResult,
)

# Face proportions in units of the distance between YuNet's two eye keypoints, measured on the
# 48 real unmasked faces (MFR2 crops, the licensed photos) where both the mesh and YuNet found
# the face (`benchmarks/accuracy.py --keypoint-geometry` prints them): each inner canthus
# (mesh 133, 362) lies 0.239 of the spacing in from its eye keypoint and 0.057 below the line
# between them, to within 0.038 (standard deviation per axis, about 2.4 mm).
CANTHUS_INWARD = 0.239
CANTHUS_BELOW = 0.057
CANTHUS_SPREAD = 0.038
# The lower forehead (between mesh 151 and 9) sits 0.389 above the eyes' midpoint; the face
# outline (mesh FACE_OVAL) spans 2.19 × 2.52 spacings around a centre 0.505 below it.
FOREHEAD_ABOVE = 0.389
OUTLINE_CENTRE_BELOW = 0.505
OUTLINE_HALF_AXES = (2.19 / 2.0, 2.52 / 2.0)
OUTLINE_POINTS = 36
# The eye keypoints are 5.39 iris diameters apart on those faces (63 mm: adults' mean
# interpupillary distance is about 63 mm); a distance from them spreads by 9.2 %.
EYE_SPACING_M = 5.39 * IRIS_DIAMETER_M
EYE_DISTANCE_SPREAD = 0.092
# A mesh whose pupils are not about 5.39 iris diameters apart (±3 × 9.2 %) has its irises
# wrong: the landmarker tracking a masked face in video can collapse them, which would put
# the visitor metres away. Such a mesh is not used.
PUPIL_SPACING_IRISES = (5.39 * (1.0 - 3 * 0.092), 5.39 * (1.0 + 3 * 0.092))
IRIS_CENTRES = (468, 473)
# The mesh's yaw (nose between the cheeks) rises 2.48 for each spacing the nose keypoint sits
# off the eyes' midpoint (correlation 0.94 on those faces).
YAW_PER_NOSE_OFFSET = 2.48


def plausible_mesh(face: FaceObservation) -> bool:
    """Whether a mesh's two scales agree: pupil spacing and iris size, both anthropometric."""
    if face.mesh is None or face.iris_diameter_px is None:
        return False
    right, left = (face.mesh[i, :2] for i in IRIS_CENTRES)
    ratio = float(np.linalg.norm(left - right)) / face.iris_diameter_px
    low, high = PUPIL_SPACING_IRISES
    return low <= ratio <= high


def observe_keypoints(
    face: DetectedFace, frame_size: tuple[int, int], horizontal_fov_deg: float
) -> FaceObservation:
    """A face known by YuNet's keypoints only, in the fields fusion and guidance read."""
    points = np.asarray(face.keypoints, dtype=np.float64).reshape(5, 2)
    right_eye, left_eye, nose = points[0], points[1], points[2]
    spacing = max(float(np.linalg.norm(left_eye - right_eye)), 1e-3)
    across = (left_eye - right_eye) / spacing
    down = np.array([-across[1], across[0]])
    middle = (right_eye + left_eye) / 2.0
    inward = CANTHUS_INWARD * spacing * across
    below = CANTHUS_BELOW * spacing * down
    (rx, ry), (lx, ly) = right_eye + inward + below, left_eye - inward + below
    forehead = middle - FOREHEAD_ABOVE * spacing * down
    centre = middle + OUTLINE_CENTRE_BELOW * spacing * down
    angles = np.linspace(0.0, 2.0 * math.pi, OUTLINE_POINTS, endpoint=False)
    half_across, half_down = (axis * spacing for axis in OUTLINE_HALF_AXES)
    outline = (
        centre
        + np.cos(angles)[:, None] * half_across * across
        + np.sin(angles)[:, None] * half_down * down
    )
    distance = focal_length_px(frame_size[0], horizontal_fov_deg) * EYE_SPACING_M / spacing
    yaw = float(np.clip(YAW_PER_NOSE_OFFSET * float((nose - middle) @ across) / spacing, -1, 1))
    landmarks = np.zeros((5, 3), np.float32)
    landmarks[:, :2] = points
    return FaceObservation(
        box=face.box,
        landmarks=landmarks,
        inner_canthi=((float(rx), float(ry)), (float(lx), float(ly))),
        iris_diameter_px=None,
        distance_m=distance,
        yaw=yaw,
        outline=outline.astype(np.float32),
        forehead=(float(forehead[0]), float(forehead[1])),
        metres_per_px=EYE_SPACING_M / spacing,
        distance_spread=EYE_DISTANCE_SPREAD,
        canthus_spread_px=CANTHUS_SPREAD * spacing,
        source=FaceSource.KEYPOINTS,
    )


class FaceCascade(FaceLandmarks):
    """The Face Landmarker on a stream; on a frame where it finds no plausible face, YuNet's.

    A drop-in for `FaceLandmarks` (same `detect(frame, t) -> VisionResult`, same context
    manager): the mesh when there is a sound one, the keypoints when a mask hides the face
    from it or deforms its mesh.
    """

    def __init__(
        self,
        horizontal_fov_deg: float,
        *,
        max_faces: int = 2,
        video: bool = True,
        model_path: Path | None = None,
    ) -> None:
        super().__init__(
            horizontal_fov_deg, max_faces=max_faces, video=video, model_path=model_path
        )
        self._detector = YuNetDetector()
        self._max_faces = max_faces
        self._horizontal_fov = horizontal_fov_deg

    def detect(self, frame_bgr: np.ndarray, t: float) -> VisionResult:
        result = super().detect(frame_bgr, t)
        meshes = tuple(face for face in result.faces if plausible_mesh(face))
        if meshes:
            return VisionResult(t=result.t, frame_size=result.frame_size, faces=meshes)
        found = self._detector.detect(frame_bgr)[: self._max_faces]
        faces = tuple(observe_keypoints(f, result.frame_size, self._horizontal_fov) for f in found)
        return VisionResult(t=result.t, frame_size=result.frame_size, faces=faces)
