"""Finding the face to recognise in a frame: the MediaPipe mesh first, YuNet when it misses.

Real masked faces can be invisible to MediaPipe's detector (DEPENDENCIES.md); YuNet's
five keypoints are enough to align a face for SFace, so a masked visitor is still found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.vision.embedding import keypoints_from_mesh
from kiosk.vision.face_detector import YuNetDetector
from kiosk.vision.landmarks import FaceLandmarks
from kiosk.vision.mask import lower_face_covered, lower_face_covered_from_keypoints


@dataclass(frozen=True)
class FaceToRecognise:
    keypoints: np.ndarray  # (5, 2) in YuNet's order, frame pixels
    landmarks: np.ndarray | None  # (478, 3) mesh when MediaPipe found the face, else None
    masked: bool  # the mouth and chin are covered


class FaceFinder:
    """The largest face in a frame, with its alignment keypoints and whether it is masked."""

    def __init__(self, horizontal_fov_deg: float = 62.0) -> None:
        self._landmarks = FaceLandmarks(horizontal_fov_deg)
        self._detector = YuNetDetector()

    def find(self, frame_bgr: np.ndarray, t: float) -> FaceToRecognise | None:
        """The face to recognise in a BGR frame taken at monotonic time t, or None."""
        faces = self._landmarks.detect(frame_bgr, t).faces
        if faces:
            mesh = max(faces, key=lambda face: face.box[2] * face.box[3]).landmarks
            return FaceToRecognise(
                keypoints=keypoints_from_mesh(mesh),
                landmarks=mesh,
                masked=lower_face_covered(frame_bgr, mesh),
            )
        detected = self._detector.detect(frame_bgr)
        if not detected:
            return None
        largest = max(detected, key=lambda face: face.box[2] * face.box[3])
        return FaceToRecognise(
            keypoints=largest.keypoints,
            landmarks=None,
            masked=lower_face_covered_from_keypoints(frame_bgr, largest.keypoints),
        )

    def close(self) -> None:
        self._landmarks.close()

    def __enter__(self) -> FaceFinder:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
