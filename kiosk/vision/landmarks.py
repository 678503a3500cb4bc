"""MediaPipe Face Landmarker (Tasks API, VIDEO mode) turning frames into face observations.

A `FaceObservation` carries what fusion and guidance need: the box, the points found (all 478
of the mesh), the inner canthi (landmarks 133 and 362), the face outline and lower forehead,
the distance and how well each is known. A face found without a mesh (kiosk.vision.cascade)
fills the same fields from its keypoints. Nothing here keeps a frame after the call returns.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# MediaPipe's native logging floods stderr with start-up chatter; keep warnings and errors.
os.environ.setdefault("GLOG_minloglevel", "2")

import mediapipe as mp
import numpy as np
from mediapipe.tasks.python import BaseOptions, vision

from kiosk.assets import verified_model
from kiosk.thermometry.optics import focal_length_px
from kiosk.vision.face_regions import FACE_OVAL

LANDMARKER_MODEL = "face_landmarker.task"
INNER_CANTHI = (133, 362)
# Iris rings: 469/471 and 474/476 are the horizontal extremes, 470/472 and 475/477 vertical.
IRIS_RINGS = ((469, 471, 470, 472), (474, 476, 475, 477))
# The human iris is about 11.7 mm across, nearly independent of age, with a spread between
# adults of about half a millimetre: the distance it gives is known to about 4 %.
IRIS_DIAMETER_M = 0.0117
IRIS_DISTANCE_SPREAD = 0.043
NOSE_TIP = 1
CHEEKS = (234, 454)
# The lower forehead, midway between mid-forehead (151) and the glabella (9): bare skin above
# the eyebrows, below where a fringe of hair usually ends.
FOREHEAD_POINTS = (151, 9)
# The mesh places eye corners to within about a pixel (two landmark models agreed to 0.7 px,
# DEPENDENCIES.md).
MESH_POINT_SPREAD_PX = 1.0


class FaceSource(StrEnum):
    MESH = "mesh"  # the Face Landmarker's 478 points
    KEYPOINTS = "keypoints"  # YuNet's five keypoints: eyes, nose, mouth corners (no mesh)


@dataclass(frozen=True)
class FaceObservation:
    box: tuple[float, float, float, float]  # x, y, width, height in frame pixels
    # (478, 3) float32 mesh: x, y in pixels, z in MediaPipe's relative depth; for a face
    # found by keypoints only, its (5, 3) keypoints with z = 0
    landmarks: np.ndarray
    inner_canthi: tuple[tuple[float, float], tuple[float, float]]
    iris_diameter_px: float | None  # None when no mesh saw the irises
    distance_m: float
    yaw: float  # -1 … 1: 0 when the nose sits midway between the cheeks, ±1 in full profile
    outline: np.ndarray  # (n, 2) float32: the face's outline in frame pixels
    forehead: tuple[float, float]  # the lower forehead's centre in frame pixels
    metres_per_px: float  # size of a frame pixel on the face
    distance_spread: float  # relative standard deviation of distance_m
    canthus_spread_px: float  # standard deviation of each canthus's position, frame pixels
    source: FaceSource = FaceSource.MESH

    @property
    def mesh(self) -> np.ndarray | None:
        """The 478-point mesh, or None for a face found by its keypoints only."""
        return self.landmarks if self.source is FaceSource.MESH else None

    @property
    def eye_spacing_px(self) -> float:
        (x1, y1), (x2, y2) = self.inner_canthi
        return math.hypot(x2 - x1, y2 - y1)


@dataclass(frozen=True)
class VisionResult:
    t: float  # the frame's monotonic timestamp
    frame_size: tuple[int, int]  # width, height
    faces: tuple[FaceObservation, ...]


def observe_face(
    points: np.ndarray, frame_size: tuple[int, int], horizontal_fov_deg: float
) -> FaceObservation:
    """Derive box, canthi, iris size, distance and yaw from 478 landmarks in pixels."""
    xy = points[:, :2]
    low = xy.min(axis=0)
    high = xy.max(axis=0)
    iris = [
        max(
            float(np.linalg.norm(xy[a] - xy[b])),
            float(np.linalg.norm(xy[c] - xy[d])),
        )
        for a, b, c, d in IRIS_RINGS
    ]
    # The larger of the two irises: the other may be foreshortened when the head turns.
    iris_px = max(max(iris), 1e-3)
    distance = focal_length_px(frame_size[0], horizontal_fov_deg) * IRIS_DIAMETER_M / iris_px
    left_cheek, right_cheek = xy[CHEEKS[0], 0], xy[CHEEKS[1], 0]
    span = max(abs(right_cheek - left_cheek), 1e-3)
    yaw = float(np.clip(2.0 * (xy[NOSE_TIP, 0] - left_cheek) / span - 1.0, -1.0, 1.0))
    a, b = INNER_CANTHI
    forehead = xy[list(FOREHEAD_POINTS)].mean(axis=0)
    return FaceObservation(
        box=(float(low[0]), float(low[1]), float(high[0] - low[0]), float(high[1] - low[1])),
        landmarks=points,
        inner_canthi=((float(xy[a, 0]), float(xy[a, 1])), (float(xy[b, 0]), float(xy[b, 1]))),
        iris_diameter_px=iris_px,
        distance_m=distance,
        yaw=yaw,
        outline=np.ascontiguousarray(xy[list(FACE_OVAL)], dtype=np.float32),
        forehead=(float(forehead[0]), float(forehead[1])),
        metres_per_px=IRIS_DIAMETER_M / iris_px,
        distance_spread=IRIS_DISTANCE_SPREAD,
        canthus_spread_px=MESH_POINT_SPREAD_PX,
    )


class FaceLandmarks:
    """The Face Landmarker on a stream (VIDEO mode: frames in timestamp order, tracked
    between frames) or on unrelated still images (`video=False`)."""

    def __init__(
        self,
        horizontal_fov_deg: float,
        *,
        max_faces: int = 2,
        min_confidence: float = 0.5,
        video: bool = True,
        model_path: Path | None = None,
    ) -> None:
        path = model_path or verified_model(LANDMARKER_MODEL)
        options = vision.FaceLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(path)),
            running_mode=vision.RunningMode.VIDEO if video else vision.RunningMode.IMAGE,
            num_faces=max_faces,
            min_face_detection_confidence=min_confidence,
            min_face_presence_confidence=min_confidence,
            min_tracking_confidence=min_confidence,
        )
        self._landmarker = vision.FaceLandmarker.create_from_options(options)
        self._fov = horizontal_fov_deg
        self._video = video
        self._last_ms = -1

    def detect(self, frame_bgr: np.ndarray, t: float) -> VisionResult:
        """Landmarks of every face in a BGR frame taken at monotonic time t (seconds)."""
        height, width = frame_bgr.shape[:2]
        image = mp.Image(
            image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(frame_bgr[:, :, ::-1])
        )
        if self._video:
            # VIDEO mode needs strictly increasing timestamps in milliseconds.
            stamp = max(int(t * 1000.0), self._last_ms + 1)
            self._last_ms = stamp
            result = self._landmarker.detect_for_video(image, stamp)
        else:
            result = self._landmarker.detect(image)
        scale = np.array([width, height, width], dtype=np.float32)
        faces = tuple(
            observe_face(
                np.array([(p.x, p.y, p.z) for p in face], dtype=np.float32) * scale,
                (width, height),
                self._fov,
            )
            for face in result.face_landmarks
        )
        return VisionResult(t=t, frame_size=(width, height), faces=faces)

    def close(self) -> None:
        # Tasks objects raise at garbage collection unless closed explicitly.
        self._landmarker.close()

    def __enter__(self) -> FaceLandmarks:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
