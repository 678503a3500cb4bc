"""MediaPipe Face Landmarker (Tasks API, VIDEO mode) turning frames into face observations.

A `FaceObservation` carries what fusion and guidance need: the box, all 478 points in
pixels, the inner canthi (landmarks 133 and 362), the iris diameter and the distance it
implies. Nothing here keeps a frame after the call returns.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

# MediaPipe's native logging floods stderr with start-up chatter; keep warnings and errors.
os.environ.setdefault("GLOG_minloglevel", "2")

import mediapipe as mp
import numpy as np
from mediapipe.tasks.python import BaseOptions, vision

from kiosk.assets import verified_model

LANDMARKER_MODEL = "face_landmarker.task"
INNER_CANTHI = (133, 362)
# Iris rings: 469/471 and 474/476 are the horizontal extremes, 470/472 and 475/477 vertical.
IRIS_RINGS = ((469, 471, 470, 472), (474, 476, 475, 477))
IRIS_DIAMETER_M = 0.0117  # the human iris is about 11.7 mm across, nearly independent of age
NOSE_TIP = 1
CHEEKS = (234, 454)


@dataclass(frozen=True)
class FaceObservation:
    box: tuple[float, float, float, float]  # x, y, width, height in frame pixels
    landmarks: np.ndarray  # (478, 3) float32: x, y in pixels, z in MediaPipe's relative depth
    inner_canthi: tuple[tuple[float, float], tuple[float, float]]
    iris_diameter_px: float
    distance_m: float
    yaw: float  # -1 … 1: 0 when the nose sits midway between the cheeks, ±1 in full profile

    @property
    def eye_spacing_px(self) -> float:
        (x1, y1), (x2, y2) = self.inner_canthi
        return math.hypot(x2 - x1, y2 - y1)


@dataclass(frozen=True)
class VisionResult:
    t: float  # the frame's monotonic timestamp
    frame_size: tuple[int, int]  # width, height
    faces: tuple[FaceObservation, ...]


def focal_length_px(frame_width: int, horizontal_fov_deg: float) -> float:
    return (frame_width / 2.0) / math.tan(math.radians(horizontal_fov_deg) / 2.0)


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
    return FaceObservation(
        box=(float(low[0]), float(low[1]), float(high[0] - low[0]), float(high[1] - low[1])),
        landmarks=points,
        inner_canthi=((float(xy[a, 0]), float(xy[a, 1])), (float(xy[b, 0]), float(xy[b, 1]))),
        iris_diameter_px=iris_px,
        distance_m=distance,
        yaw=yaw,
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
