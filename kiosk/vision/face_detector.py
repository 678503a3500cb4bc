"""YuNet (OpenCV Zoo) face detection: the fallback when the MediaPipe landmarker finds nothing.

Real masked faces can be invisible to MediaPipe's detector while YuNet still finds them
(DEPENDENCIES.md). YuNet gives a box, five keypoints and a score per face; the keypoints are
enough to align a face for SFace. Nothing here keeps a frame after the call returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.assets import verified_model

YUNET_MODEL = "face_detection_yunet_2023mar_int8bq.onnx"


@dataclass(frozen=True)
class DetectedFace:
    box: tuple[float, float, float, float]  # x, y, width, height in frame pixels
    # (5, 2) float32 in YuNet's order: right eye, left eye, nose tip, right and left mouth
    # corner (the person's right, which is the image's left on an unmirrored camera).
    keypoints: np.ndarray
    score: float


class YuNetDetector:
    """`cv2.FaceDetectorYN` with the shipped, checksum-verified model."""

    def __init__(
        self,
        *,
        min_score: float = 0.6,
        nms_threshold: float = 0.3,
        model_path: Path | None = None,
    ) -> None:
        path = model_path or verified_model(YUNET_MODEL)
        self._detector = cv2.FaceDetectorYN.create(
            str(path), "", (320, 320), min_score, nms_threshold, 50
        )
        self._input_size = (320, 320)

    def detect(self, frame_bgr: np.ndarray) -> tuple[DetectedFace, ...]:
        """Faces in a BGR frame, most confident first."""
        height, width = frame_bgr.shape[:2]
        if (width, height) != self._input_size:
            self._detector.setInputSize((width, height))
            self._input_size = (width, height)
        _, rows = self._detector.detect(frame_bgr)
        if rows is None:
            return ()
        faces = (
            DetectedFace(
                box=(float(row[0]), float(row[1]), float(row[2]), float(row[3])),
                keypoints=np.asarray(row[4:14], dtype=np.float32).reshape(5, 2),
                score=float(row[14]),
            )
            for row in rows
        )
        return tuple(sorted(faces, key=lambda face: face.score, reverse=True))
